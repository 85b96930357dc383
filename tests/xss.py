"""
Payloads that must come back as text, never as markup: script tags, event handlers, javascript:
addresses, SVG, broken HTML and quotes that try to leave an attribute. Tests post each into every
field a reader or teacher writes in, and check the page shows it escaped (`assert_escaped`).
"""

PAYLOADS = [
    "<script>alert('xss')</script>",
    "<ScRiPt src=//evil.example/x.js></ScRiPt>",
    '<img src=x onerror="alert(1)">',
    "<body onload=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "javascript:alert(document.cookie)",
    "<svg onload=alert(1)><script>alert(2)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<iframe src="data:text/html,<script>alert(1)</script>">',
    "<div style=\"background:url('javascript:alert(1)')\">",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "<<script>alert(1)//<</script>",
    "<img src=x onerror=alert(1)//",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "{{ 7|add:7 }} {% now 'Y' %} ${7*7}",
]

# What none of the payloads may put into a page as markup.
FORBIDDEN = [
    "<script>alert",
    "<script src=//evil",
    "<img src=x",
    "<body onload",
    '<a href="javascript:',
    # The page has SVG drawings of its own: look for the payloads' SVG, not for any SVG.
    "<svg onload",
    "<svg><a xlink",
    '<a xlink:href="javascript:',
    "<iframe",
    "<div style=",
    "<math>",
    "</textarea><script>",
]


def assert_escaped(html: str, payload: str) -> None:
    """`payload` does not appear as markup in `html`, and its text does appear, escaped."""
    for bad in FORBIDDEN:
        if bad.lower() in payload.lower():
            assert bad.lower() not in html.lower(), f"{payload!r} came back as markup"
    from django.utils.html import escape

    assert escape(payload) in html or escape(payload).replace("\n", "<br>") in html, (
        f"{payload!r} does not come back as text"
    )
