"""
The editor gives each step its poses in admin: a list of poses with their drawings, a preview of
the step's drawing before saving; a published submission's steps get their poses the same way.
"""

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from routines.models import Routine

pytestmark = pytest.mark.django_db


def change_form_data(response) -> dict:
    """Everything the admin change form would send back unchanged, as a browser posts it."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        if value is None or name in form._meta.exclude or []:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = str(management[name].value())
        for sub in formset.forms:
            for name in sub.fields:
                value = sub[name].value()
                if isinstance(value, list | tuple):  # a multiple choice, such as the movements
                    data[sub.add_prefix(name)] = [str(v) for v in value]
                elif value is not None and value is not False:
                    data[sub.add_prefix(name)] = str(value)
    return {k: v for k, v in data.items() if v != "None"}


def give_poses(client, routine, poses: dict[int, tuple[str, str]]):
    """Post the routine's admin form back with the n-th step given (start, end) poses."""
    url = reverse("admin:routines_routine_change", args=[routine.pk])
    data = change_form_data(client.get(url))
    prefix = next(k for k in data if k.endswith("-TOTAL_FORMS") and "step" in k).split("-")[0]
    for n, (start, end) in poses.items():
        data[f"{prefix}-{n}-start_pose"], data[f"{prefix}-{n}-end_pose"] = start, end
    return client.post(url, data)


def test_the_step_inline_offers_every_pose_with_its_drawing(admin_client, starter_library):
    routine = Routine.objects.get(slug="psoas-release")

    html = admin_client.get(reverse("admin:routines_routine_change", args=[routine.pk])).content
    html = html.decode()

    # two pickers a step, and two in the blank step that "Add another" copies
    assert html.count("data-pose-picker") == 2 * (routine.steps.count() + 1)
    assert '<option value="back-arch-right-knee-in" selected>' in html
    pose_url = reverse("admin:routines_pose_drawing", args=["back-arch-right-knee-in"])
    assert 'data-pose="back-arch-right-knee-in" title="Lying on your back, low back arched' in html
    assert f'src="{pose_url}"' in html
    assert "js/admin/pose_picker.js" in html
    # The step's own drawing, as it stands, before any change.
    assert re.search(r'data-step-preview[^>]+src="[^"]+start=back-arch-right-knee-in&amp;', html)


def test_the_editor_picks_poses_and_they_are_saved_and_drawn(admin_client, make_routine, client):
    routine = make_routine("Knee rocking", steps=2)

    response = give_poses(
        admin_client,
        routine,
        {0: ("back-knees-bent", "back-arch"), 1: ("back-arch-left-knee-in", "")},
    )

    assert response.status_code == 302, response.context and response.context.get("errors")
    first, second = routine.steps.all()
    assert (first.start_pose, first.end_pose) == ("back-knees-bent", "back-arch")
    assert (second.start_pose, second.end_pose) == ("back-arch-left-knee-in", "")
    page = client.get(routine.get_absolute_url()).content.decode()
    assert page.count('<div class="drawing"') == 2
    assert "Lying on your back, low back arched, left knee drawn towards the chest" in page


def test_a_pose_that_is_not_in_the_library_is_refused(admin_client, make_routine):
    routine = make_routine("Knee rocking", steps=1)

    response = give_poses(admin_client, routine, {0: ("upside-down", "")})

    assert response.status_code == 200
    assert routine.steps.get().start_pose == ""


def test_the_preview_draws_the_step_before_it_is_saved(admin_client):
    url = reverse("admin:routines_step_drawing")

    response = admin_client.get(
        url,
        {"start": "back-arch-right-knee-in", "end": "back-right-leg-long", "hold_seconds": "5"},
    )

    assert response["Content-Type"].startswith("image/svg+xml")
    svg = ET.fromstring(response.content)
    assert svg.get("role") == "img" and "Moving slowly from" in svg.get("aria-label")
    assert (
        svg.find(".//{http://www.w3.org/2000/svg}animate").get("dur") == "13.5s"
    )  # hold 5, move 4, rest 1.5, back 3


def test_each_pose_is_previewed_alone(admin_client):
    response = admin_client.get(reverse("admin:routines_pose_drawing", args=["seated-upright"]))

    assert ET.fromstring(response.content).get("aria-label").startswith("Sitting upright")
    assert (
        admin_client.get(reverse("admin:routines_pose_drawing", args=["nope"])).status_code == 404
    )


def test_only_staff_see_the_previews(client, reader):
    client.force_login(reader)
    url = reverse("admin:routines_pose_drawing", args=["seated-upright"])

    response = client.get(url)

    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_published_submissions_steps_get_their_poses_from_a_moderator(
    client, make_submission, moderator
):
    from django.contrib.auth.models import Group

    from submissions.moderation import approve

    # A member of the Moderators group, with exactly what moderation grants.
    moderator.groups.add(Group.objects.get(name="Moderators"))
    routine = approve(make_submission(title="Knee rocking"), moderator=moderator)
    assert [s.start_pose for s in routine.steps.all()] == ["", ""]  # no drawing yet
    client.force_login(moderator)
    preview = reverse("admin:routines_pose_drawing", args=["above-knees-left"])
    assert client.get(preview)["Content-Type"].startswith("image/svg+xml")

    response = give_poses(
        client,
        routine,
        {0: ("back-knees-bent", "back-knees-bent"), 1: ("above-knees-right", "above-knees-left")},
    )

    assert response.status_code == 302
    page = client.get(routine.get_absolute_url()).content.decode()
    assert page.count('<div class="drawing"') == 2
    assert "Seen from above, knees dropped a little to the left" in page
