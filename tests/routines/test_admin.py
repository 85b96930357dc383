"""Editing the library in admin: steps inline, search kept up to date, publish and unpublish."""

import re

import pytest
from django.urls import reverse

from routines.models import Routine
from routines.search import search

pytestmark = pytest.mark.django_db


def found(query):
    return search(query, Routine.objects.published()).ids


def inline_management(prefix, total, initial):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_admin_edit_with_inline_steps_updates_the_page_and_search(admin_client, make_routine):
    routine = make_routine("Arch and flatten", steps=0)
    url = reverse("admin:routines_routine_change", args=[routine.pk])
    assert admin_client.get(url).status_code == 200
    data = {
        "original_language": "en",
        "title_en": "Arch and flatten, renamed",
        "slug": routine.slug,
        "summary_en": routine.summary,
        "purpose_en": routine.purpose,
        "position": "back",
        "minutes": "6",
        "level": "beginner",
        "cautions_en": "Stop if it hurts.",
        **inline_management("steps", 2, 0),
        "steps-0-order": "2",
        "steps-0-title_en": "Second",
        "steps-0-cue_en": "Let the pelvis rock like a pendulum.",
        "steps-1-order": "1",
        "steps-1-title_en": "First",
        "steps-1-cue_en": "Lie down.",
        **inline_management("questions", 0, 0),
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""

    routine.refresh_from_db()
    assert [s.title for s in routine.steps.all()] == ["First", "Second"]
    assert found("pendulum") == [routine.pk]
    assert found("renamed") == [routine.pk]


def test_publish_and_unpublish_actions(admin_client, make_routine):
    draft = make_routine("Draft", published=False, cautions="Stop if it hurts.")
    changelist = reverse("admin:routines_routine_changelist")
    response = admin_client.post(
        changelist, {"action": "publish_selected", "_selected_action": [draft.pk]}, follow=True
    )
    assert "1 routine published." in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_published
    first_published = draft.published_at

    response = admin_client.post(
        changelist, {"action": "unpublish_selected", "_selected_action": [draft.pk]}, follow=True
    )
    assert "1 routine moved back to draft." in response.content.decode()
    draft.refresh_from_db()
    assert not draft.is_published

    admin_client.post(changelist, {"action": "publish_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_published and draft.published_at == first_published


def test_changelist_searches_and_filters(admin_client, starter_library):
    url = reverse("admin:routines_routine_changelist")
    response = admin_client.get(url, {"q": "psoas", "position__exact": "back"})
    assert response.status_code == 200
    assert "Psoas release" in response.content.decode()


def test_view_on_site_link(admin_client, make_routine):
    routine = make_routine()
    response = admin_client.get(reverse("admin:routines_routine_change", args=[routine.pk]))
    assert "View on site" in response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_readers_never_reach_the_admin(client, django_user_model, who):
    if who == "reader":
        client.force_login(django_user_model.objects.create_user("r", "r@example.com", "pw"))
    response = client.get(reverse("admin:routines_routine_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# Languages ------------------------------------------------------------------------------------


def test_the_editor_edits_every_language_side_by_side(admin_client, starter_library):
    psoas = Routine.objects.get(slug="psoas-release")
    html = admin_client.get(
        reverse("admin:routines_routine_change", args=[psoas.pk])
    ).content.decode()
    for field in ["title", "summary", "purpose", "cautions"]:
        for language in ["en", "fr", "es"]:
            assert f'name="{field}_{language}"' in html
    for field in ["title", "cue", "pace"]:
        assert f'name="steps-0-{field}_fr"' in html
    assert 'name="questions-0-answer_es"' in html
    assert 'name="original_language"' in html
    assert "Relâcher le psoas" in html and "Liberación del psoas" in html


def test_the_routine_admin_needs_no_script_or_style_the_csp_refuses(admin_client, make_routine):
    html = admin_client.get(
        reverse("admin:routines_routine_change", args=[make_routine().pk])
    ).content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all(re.search(r'\bsrc="/', tag) for tag in scripts)  # our own files only
    assert "<style" not in html and ' style="' not in html
    assert 'href="http' not in "".join(re.findall(r"<link\b[^>]*>", html))


def test_saving_a_translation_reindexes_the_routine(admin_client, make_routine):
    routine = make_routine("Arch and flatten", steps=0)
    data = {
        "original_language": "en",
        "title_en": "Arch and flatten",
        "title_fr": "Cambrer et aplatir",
        "slug": routine.slug,
        "summary_en": routine.summary,
        "purpose_en": routine.purpose,
        "position": "back",
        "minutes": "6",
        "level": "beginner",
        **inline_management("steps", 1, 0),
        "steps-0-order": "1",
        "steps-0-cue_en": "Lie down.",
        "steps-0-cue_fr": "Allongez-vous.",
        **inline_management("questions", 0, 0),
    }
    response = admin_client.post(reverse("admin:routines_routine_change", args=[routine.pk]), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    routine.refresh_from_db()
    assert routine.title_fr == "Cambrer et aplatir"
    assert routine.steps.get().cue_fr == "Allongez-vous."
    assert routine.search_entries.exists()


def test_a_routine_sent_in_french_is_edited_without_english(admin_client, make_routine):
    routine = make_routine("Bercer le bassin", steps=0)
    url = reverse("admin:routines_routine_change", args=[routine.pk])
    data = {
        "original_language": "fr",
        "title_fr": "Bercer le bassin",
        "slug": routine.slug,
        "summary_fr": "Un bercement doux.",
        "purpose_fr": "Détendre le bas du dos.",
        "position": "back",
        "minutes": "6",
        "level": "beginner",
        **inline_management("steps", 1, 0),
        "steps-0-order": "1",
        "steps-0-cue_fr": "Allongez-vous.",
        **inline_management("questions", 0, 0),
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""

    # ...but the text is required in the routine's own language, and a step in one at least.
    data.pop("title_fr")
    data.pop("steps-0-cue_fr")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please write this in the routine&#x27;s original language." in html
    assert "Please write this in at least one language." in html


def test_body_areas_are_edited_in_every_language(admin_client, starter_library):
    from routines.models import BodyArea

    area = BodyArea.objects.get(slug="low-back")
    html = admin_client.get(
        reverse("admin:routines_bodyarea_change", args=[area.pk])
    ).content.decode()
    assert 'name="name_fr"' in html and "Bas du dos" in html
    assert 'name="aliases_es"' in html and "lumbares" in html
