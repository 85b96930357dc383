"""
The submit form's data as a browser posts it, for the tests and for the benchmark
(`python -m tests.perf.bench` imports it too, so it needs nothing but Python).
"""


def written(**overrides: str) -> dict[str, str]:
    """
    A complete written submission as the browser posts it: two steps and the empty third box
    the form offers. Override or add any field: `kind="video"` (the file itself goes in beside
    it), `title=""`, `**{"steps-1-DELETE": "on"}`.
    """
    return {
        "kind": "written",
        "language": "en",
        "title": "Rolling the pelvis in a chair",
        "addresses": "Stiff low back after driving.",
        "position": "chair_or_bed",
        "minutes": "5",
        "cautions": "Stop if it hurts.",
        "licence": "cc-by-sa-4.0",
        "confirmed_own_work": "on",
        "confirmed_consent": "on",
        "accepted_editing": "on",
        "video_url": "",
        "transcript": "",
        "steps-TOTAL_FORMS": "3",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "30",
        "steps-0-text": "Sit near the front of the chair.",
        "steps-0-ORDER": "1",
        "steps-1-text": "Rock the pelvis forward and back, slowly.",
        "steps-1-ORDER": "2",
        "steps-2-text": "",
        "steps-2-ORDER": "",
        **overrides,
    }
