"""
The one rule for what every published routine has (routines.publishing), as the editor meets it
in the routines' admin: what is missing is shown on the routine's page, and "publish" refuses
an incomplete routine with the reasons.
"""

import pytest
from django.urls import reverse

from routines.models import Contraindication, Routine, Step
from routines.publishing import problems_of, publication_problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def hip_replacement(db):
    return Contraindication.objects.create(
        slug="hip-replacement", name="Hip replacement", wording="Ask your surgeon first."
    )


def test_a_complete_routine_has_no_problems(make_routine):
    assert problems_of(make_routine(cautions="Stop if it hurts.")) == []


def test_a_routine_needs_a_caution_and_steps(make_routine):
    problems = problems_of(make_routine(steps=0, cautions=""))
    assert len(problems) == 2
    assert "caution" in problems[0] and "step" in problems[1]


def test_a_video_only_routine_needs_no_steps_but_a_video(make_routine):
    routine = make_routine(steps=0, cautions="Stop if it hurts.", video_only=True)
    assert problems_of(routine) == ["It is marked video-only, but it has no video."]
    routine.video_url = "https://vimeo.com/76979871"
    assert problems_of(routine) == []


def test_a_movement_calls_for_its_contraindication(make_routine, hip_replacement):
    routine = make_routine(cautions="Stop if it hurts.")
    Step.objects.filter(routine=routine, order=1).update(movements=["knee-to-chest"])
    assert problems_of(routine) == [
        "Its steps' movements call for these contraindications: Hip replacement, recent-surgery."
    ]
    routine.contraindications.add(hip_replacement)
    assert "recent-surgery" in problems_of(routine)[0]
    unsaved = Routine(title="T", cautions="Careful.")
    assert (
        publication_problems(
            unsaved,
            steps=[Step(cue="Knee in.", movements=["knee-to-chest"])],
            contraindications=["hip-replacement", "recent-surgery"],
        )
        == []
    )


def test_admin_shows_what_is_missing_and_refuses_to_publish_it(
    admin_client, make_routine, hip_replacement
):
    draft = make_routine("Knee hug", published=False, cautions="Stop if it hurts.")
    Step.objects.filter(routine=draft, order=1).update(movements=["hip-turned-out"])
    change = reverse("admin:routines_routine_change", args=[draft.pk])
    assert "Hip replacement" in admin_client.get(change).content.decode()

    changelist = reverse("admin:routines_routine_changelist")
    response = admin_client.post(
        changelist, {"action": "publish_selected", "_selected_action": [draft.pk]}, follow=True
    )
    html = response.content.decode()
    assert "Knee hug" in html and "cannot be published yet" in html
    assert not Routine.objects.get(pk=draft.pk).is_published

    draft.contraindications.add(hip_replacement)
    admin_client.post(changelist, {"action": "publish_selected", "_selected_action": [draft.pk]})
    assert Routine.objects.get(pk=draft.pk).is_published
    assert "Nothing: it has what every routine needs." in admin_client.get(change).content.decode()


def test_the_step_form_in_admin_offers_the_movements(admin_client, make_routine):
    routine = make_routine()
    html = admin_client.get(reverse("admin:routines_routine_change", args=[routine.pk]))
    assert 'value="knee-to-chest"' in html.content.decode()
