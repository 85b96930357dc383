"""
Every main page in French and Spanish carries no English left in its chrome.

A page is read as a reader meets it: its text and the words it gives screen readers (labels,
placeholders, titles, alternative text, button values). Any piece that a catalog would translate
(Django's, allauth's or ours: `gettext` in that language gives something else) but that stands
in English on the page was missed by a template or a view. Text in an element marked with
another language (a routine not yet translated, the names in the language switcher) is the
routine's or the language's own, and is skipped.
"""

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.utils import translation

# Attributes whose words a reader hears or sees.
SPOKEN_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "aria-description", "content"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


class PageWords(HTMLParser):
    """The text pieces of a page in its own language, with the language each is in."""

    def __init__(self, page_language: str):
        super().__init__()
        self.languages = [page_language]
        self.tags: list[str] = []
        self.pieces: list[str] = []

    @property
    def foreign(self) -> bool:
        return self.languages[-1] != self.languages[0]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        language = (attrs.get("lang") or self.languages[-1]).split("-")[0]
        if tag not in VOID:
            self.tags.append(tag)
            self.languages.append(language)
        if language != self.languages[0]:
            return
        for name, value in attrs.items():
            if value and (
                name in SPOKEN_ATTRIBUTES
                or (name == "value" and tag == "input" and attrs.get("type") == "submit")
            ):
                if tag == "meta" and attrs.get("name") not in {"description"}:
                    continue
                self.pieces.append(value)

    def handle_endtag(self, tag):
        if tag in VOID or tag not in self.tags:
            return
        while self.tags:
            self.languages.pop()
            if self.tags.pop() == tag:
                break

    def handle_data(self, data):
        if self.tags and self.tags[-1] in {"script", "style"}:
            return
        if not self.foreign and data.strip():
            self.pieces.append(data)


def english_left(html: str, language: str) -> list[str]:
    """The pieces of `html` still in English that a catalog translates into `language`."""
    parser = PageWords(language)
    parser.feed(html)
    left = []
    # Each language is named in itself wherever readers pick one (switcher, profile).
    own_names = {name for _, name in settings.LANGUAGES}
    with translation.override(language):
        for piece in parser.pieces:
            text = " ".join(piece.split())
            if text and text not in own_names and translation.gettext(text) != text:
                left.append(text)
    return sorted(set(left))


READER_PAGES = [
    "/",
    "/routines/",
    "/routines/?q=psoas",
    "/routines/?q=nothing-matches-this",
    "/routines/psoas-release/",
    "/routines/seated-neck-and-shoulder-release/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/routines/no-such-routine/",
]
SIGNED_IN_PAGES = ["/submit/", "/submissions/", "/accounts/profile/", "/accounts/email/"]


def localized(path: str, language: str) -> str:
    return f"/{language}{path}"


@pytest.mark.parametrize("language", ["fr", "es"])
@pytest.mark.parametrize("path", READER_PAGES)
def test_reader_pages_have_no_english_left(client, starter_library, language, path):
    response = client.get(localized(path, language))
    assert response.status_code in {200, 404}
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert english_left(html, language) == []


@pytest.mark.parametrize("language", ["fr", "es"])
@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_signed_in_pages_have_no_english_left(client, starter_library, reader, language, path):
    client.force_login(reader)
    response = client.get(localized(path, language))
    assert response.status_code == 200
    assert english_left(response.content.decode(), language) == []


@pytest.mark.parametrize("language", ["fr", "es"])
def test_own_submission_page_has_no_english_left(client, make_submission, language):
    submission = make_submission()
    client.force_login(submission.submitter)
    response = client.get(localized(f"/submissions/{submission.pk}/", language))
    assert response.status_code == 200
    assert english_left(response.content.decode(), language) == []


def test_the_check_finds_english_left_in_a_french_page():
    # The check itself: an English label a catalog translates is caught; French is not,
    # nor English inside an element marked lang="en".
    page = (
        '<html lang="fr"><body><button>Search</button><p>Rechercher</p>'
        '<div lang="en"><p>Search</p></div><input type="submit" value="Search"></body></html>'
    )
    assert english_left(page, "fr") == ["Search"]


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_moderation_screens_have_no_english_left(
    client, django_user_model, make_submission, language
):
    from django.contrib.auth.models import Group

    submission = make_submission()
    moderator = django_user_model.objects.create_user(
        "editor", "editor@example.com", "pw", is_staff=True, language=language
    )
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    for path in [
        "/admin/",
        "/admin/submissions/submission/",
        f"/admin/submissions/submission/{submission.pk}/change/",
        "/admin/routines/routine/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert f'<html lang="{language}"' in html, path
        assert english_left(html, language) == [], path
