"""
Red-flag signs: loaded from their data file, recognised in each language, shown as a calm note
before the reader posts (with and without the page's script), and gathered on the page "When to
stop and see a professional", which every routine links to.
"""

import pytest
from django.utils import translation

from questions.models import EmergencyNumber, ReaderQuestion, RedFlag, Urgency
from questions.red_flags import load_red_flags, signs_in

pytestmark = pytest.mark.django_db

# For each sign, a question in each language that mentions it.
MENTIONS = {
    "numbness-groin": {
        "en": "I have numbness in my groin after the exercise",
        "fr": "J'ai un engourdissement à l'aine depuis hier",
        "es": "Tengo entumecimiento en la ingle desde ayer",
    },
    "bladder-bowel": {
        "en": "Since yesterday I can't control my bladder",
        "fr": "Je n'arrive plus à contrôler ma vessie",
        "es": "No puedo controlar la vejiga",
    },
    "testicle-pain": {
        "en": "Is pain in my testicle normal when I do this?",
        "fr": "J'ai mal à un testicule, est-ce normal ?",
        "es": "Me duele un testículo, ¿es normal?",
    },
    "numbness-leg": {
        "en": "My left leg feels numb after step 3",
        "fr": "Ma jambe gauche est engourdie après l'étape 3",
        "es": "Siento la pierna entumecida después del paso 3",
    },
    "sudden-severe-pain": {
        "en": "I felt a sudden sharp pain in my back",
        "fr": "J'ai senti une douleur vive dans le dos",
        "es": "Sentí un dolor agudo en la espalda",
    },
    "fall-or-accident": {
        "en": "I fell on the stairs last week, can I do this?",
        "fr": "Je suis tombée dans l'escalier, puis-je le faire ?",
        "es": "Tuve una caída la semana pasada, ¿puedo hacerlo?",
    },
    "surgery-or-hip-replacement": {
        "en": "I had a hip replacement in March, is this safe?",
        "fr": "J'ai une prothèse de hanche, est-ce sans danger ?",
        "es": "Tengo una prótesis de cadera, ¿es seguro?",
    },
    "groin-pain": {
        "en": "I get groin pain when I lower the leg",
        "fr": "J'ai une douleur à l'aine quand je descends la jambe",
        "es": "Tengo dolor en la ingle al bajar la pierna",
    },
    "fever-back-pain": {
        "en": "I have a fever and my back hurts",
        "fr": "J'ai de la fièvre et mal au dos",
        "es": "Tengo fiebre y me duele la espalda",
    },
}
CASES = [(slug, lang, text) for slug, texts in MENTIONS.items() for lang, text in texts.items()]
NOTE_HEADING = {
    "en": "Before you post: this may need a doctor",
    "fr": "Avant de publier : cela peut demander un médecin",
    "es": "Antes de publicar: esto puede necesitar un médico",
}


@pytest.fixture
def red_flags(db):
    load_red_flags()
    return RedFlag.objects.all()


def test_every_sign_in_the_data_file_is_tested_in_every_language(red_flags):
    assert set(red_flags.values_list("slug", flat=True)) == set(MENTIONS)


def test_loading_twice_changes_nothing_and_keeps_the_editors_review(red_flags):
    from datetime import date

    RedFlag.objects.update(reviewed_on=date(2026, 12, 1))
    assert load_red_flags() == {"created": 0, "updated": 0, "unchanged": 18}
    assert not RedFlag.objects.filter(reviewed_on__isnull=True).exists()


def test_each_sign_says_how_urgent_it_is_and_cites_its_guidance(red_flags):
    for sign in red_flags:
        assert sign.urgency in Urgency.values and sign.source
        for language in ("en", "fr", "es"):
            assert getattr(sign, f"sign_{language}") and getattr(sign, f"advice_{language}")
    emergencies = set(red_flags.filter(urgency=Urgency.EMERGENCY).values_list("slug", flat=True))
    assert emergencies == {"numbness-groin", "bladder-bowel", "testicle-pain"}


@pytest.mark.parametrize("slug,language,text", CASES)
def test_each_sign_is_recognised_in_each_language(red_flags, slug, language, text):
    with translation.override(language):
        assert slug in [s.slug for s in signs_in(text)]


@pytest.mark.parametrize(
    "text",
    ["my hip clicks, is that normal?", "Can I do this in bed?", "What is that blue pad?"],
)
def test_ordinary_questions_mention_no_sign(red_flags, text):
    assert signs_in(text) == []


@pytest.mark.parametrize("slug,language,text", CASES)
def test_without_script_the_note_is_shown_before_posting_then_the_reader_posts_anyway(
    client, reader, routine, red_flags, slug, language, text
):
    client.force_login(reader)
    prefix = "" if language == "en" else f"/{language}"
    url = f"{prefix}/routines/{routine.slug}/ask/"
    response = client.post(url, {"text": text})
    page = response.content.decode()
    assert response.status_code == 200 and not ReaderQuestion.objects.exists()
    sign = RedFlag.objects.get(slug=slug)
    assert NOTE_HEADING[language] in page
    assert getattr(sign, f"sign_{language}").replace("'", "&#x27;") in page
    assert 'name="post_anyway"' in page
    assert client.post(url, {"text": text, "post_anyway": "1"}).status_code == 302
    assert ReaderQuestion.objects.get().language == language


def test_the_note_says_which_signs_mean_emergency_and_gives_numbers_in_the_readers_language(
    client, reader, routine, red_flags
):
    client.force_login(reader)
    page = client.post(
        f"/fr/routines/{routine.slug}/ask/", {"text": "engourdissement de l'aine et fièvre"}
    ).content.decode()
    assert "Appelez les urgences maintenant" in page and "Consultez un médecin aujourd" in page
    assert "15 · 112" in page  # France's numbers come first for a French reader
    assert "ne peut pas vous conseiller" in page


def test_the_forms_script_gets_the_note_from_the_one_matching_rule(client, reader, red_flags):
    client.force_login(reader)
    found = client.post("/es/questions/check/", {"text": "entumecimiento en la ingle"}).json()
    assert found["signs"] == ["numbness-groin"]
    assert "Antes de publicar" in found["html"] and found["button"]
    none = client.post("/questions/check/", {"text": "my hip clicks"}).json()
    assert none["signs"] == [] and none["html"] == ""


@pytest.mark.parametrize(
    "prefix,heading,number",
    [
        ("", "When to stop and see a professional", "911"),
        ("/fr", "Quand arrêter et consulter un professionnel", "15 · 112"),
        ("/es", "Cuándo parar y consultar a un profesional", "112"),
    ],
)
def test_the_professional_page_in_each_language(client, red_flags, prefix, heading, number):
    page = client.get(f"{prefix}/see-a-professional/").content.decode()
    assert heading in page and number in page
    assert "NICE NG59" in page
    assert page.count("<li><strong>") == RedFlag.objects.count()
    assert EmergencyNumber.objects.count() > 5


def test_the_professional_page_follows_the_editors_changes(client, red_flags, admin_client):
    client.get("/see-a-professional/")
    sign = RedFlag.objects.get(slug="fall-or-accident")
    data = {
        f"{name}_{language}": getattr(sign, f"{name}_{language}") or ""
        for name in ("sign", "advice", "keywords")
        for language in ("en", "fr", "es")
    }
    data.update(
        slug=sign.slug, position=sign.position, urgency=sign.urgency, source=sign.source,
        sign_en="Pain after a fall, a knock or an accident",
    )  # fmt: skip
    response = admin_client.post(f"/admin/questions/redflag/{sign.pk}/change/", data)
    assert response.status_code == 302
    assert "a knock or an accident" in client.get("/see-a-professional/").content.decode()


def test_admin_lists_safety_text_not_yet_reviewed_as_waiting(admin_client, red_flags):
    from datetime import date

    RedFlag.objects.filter(slug="groin-pain").update(reviewed_on=date(2026, 12, 1))
    waiting = admin_client.get("/admin/questions/redflag/?review=waiting").content.decode()
    assert "Waiting for review" in waiting and "Pain in the groin" not in waiting
    done = admin_client.get("/admin/questions/redflag/?review=done").content.decode()
    assert "Pain in the groin" in done and "Reviewed on 2026-12-01" in done
