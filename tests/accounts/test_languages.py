"""
A reader's own language: saved when they sign up, changed on their account page, used for every
email allauth sends them (with links to that language's pages), and for the admin of an editor.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from somatics.adapter import AccountAdapter

pytestmark = pytest.mark.django_db

PASSWORD = "slow-gentle-arch-and-flatten"
COOKIE = settings.LANGUAGE_COOKIE_NAME


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def rendered_in(monkeypatch) -> list[str]:
    """The language active when each of allauth's emails is rendered."""
    languages = []
    render = AccountAdapter.render_mail

    def recording(self, *args, **kwargs):
        languages.append(translation.get_language())
        return render(self, *args, **kwargs)

    monkeypatch.setattr(AccountAdapter, "render_mail", recording)
    return languages


def sign_up(client, prefix="", email="mover@example.com"):
    data = {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    return client.post(f"{prefix}/accounts/signup/", data)


def link_in(message) -> str:
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def make_user(django_user_model, language, email="reader@example.com"):
    user = django_user_model.objects.create_user(
        email.split("@")[0], email, PASSWORD, language=language
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


# Signing up -----------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix, language", [("", "en"), ("/fr", "fr"), ("/es", "es")])
def test_signing_up_saves_the_language_of_the_page(
    client, django_user_model, mailoutbox, rendered_in, prefix, language
):
    response = sign_up(client, prefix)

    assert response.status_code == 302
    assert response.url.startswith(f"{prefix}/")
    assert django_user_model.objects.get(email="mover@example.com").language == language
    (email,) = mailoutbox
    assert rendered_in == [language]
    assert email.extra_headers["Content-Language"] == language
    assert link_in(email).startswith(f"{prefix}/accounts/confirm-email/")


def test_the_french_verification_link_verifies_the_address_on_a_french_page(client, mailoutbox):
    sign_up(client, "/fr")

    page = client.get(link_in(mailoutbox[0]))
    assert page.status_code == 200
    assert '<html lang="fr">' in page.content.decode()
    client.post(link_in(mailoutbox[0]))

    assert EmailAddress.objects.get(email="mover@example.com").verified


# Emails to readers who have an account --------------------------------------------------------


def test_a_password_reset_asked_on_an_english_page_goes_out_in_the_readers_language(
    client, django_user_model, mailoutbox, rendered_in
):
    make_user(django_user_model, "es")

    client.post("/accounts/password/reset/", {"email": "reader@example.com"})

    (email,) = mailoutbox
    assert rendered_in == ["es"]
    assert email.extra_headers["Content-Language"] == "es"
    assert link_in(email).startswith("/es/accounts/password/reset/key/")
    form = client.get(link_in(email), follow=True)
    assert form.status_code == 200
    assert '<html lang="es">' in form.content.decode()


def test_an_english_reader_gets_english_emails_from_a_french_page(
    client, django_user_model, mailoutbox, rendered_in
):
    make_user(django_user_model, "en")

    client.post("/fr/accounts/password/reset/", {"email": "reader@example.com"})

    (email,) = mailoutbox
    assert rendered_in == ["en"]
    assert link_in(email).startswith("/accounts/password/reset/key/")


def test_signing_up_again_with_a_known_address_warns_in_the_owners_language(
    client, django_user_model, mailoutbox, rendered_in, settings
):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    settings.ACCOUNT_PREVENT_ENUMERATION = True
    make_user(django_user_model, "fr", email="mover@example.com")

    sign_up(client, "/es")

    (email,) = mailoutbox
    assert rendered_in == ["fr"]
    assert "/fr/accounts/" in email.body


def test_an_address_with_no_account_is_written_to_in_the_pages_language(
    client, mailoutbox, rendered_in
):
    client.post("/es/accounts/password/reset/", {"email": "nobody@example.com"})

    assert rendered_in in ([], ["es"])  # allauth may stay silent, or say there is no account
    if mailoutbox:
        assert mailoutbox[0].extra_headers["Content-Language"] == "es"


# The account page -----------------------------------------------------------------------------


def test_the_account_page_shows_the_language_with_each_named_in_itself(client, django_user_model):
    client.force_login(make_user(django_user_model, "fr"))

    html = client.get("/fr/accounts/profile/").content.decode()

    assert '<select name="language"' in html
    assert '<option value="fr" selected>Français</option>' in html
    assert '<option value="es">Español</option>' in html


def test_changing_the_language_goes_on_in_the_new_language(client, django_user_model):
    reader = make_user(django_user_model, "en")
    client.force_login(reader)

    response = client.post(
        "/accounts/profile/", {"display_name": "Ana", "language": "fr"}, follow=True
    )

    reader.refresh_from_db()
    assert reader.language == "fr"
    assert reader.display_name == "Ana"
    assert response.redirect_chain == [("/fr/accounts/profile/", 302)]
    assert '<html lang="fr">' in response.content.decode()
    assert client.cookies[COOKIE].value == "fr"


def test_a_language_the_site_does_not_have_is_refused(client, django_user_model):
    reader = make_user(django_user_model, "es")
    client.force_login(reader)

    response = client.post("/es/accounts/profile/", {"display_name": "", "language": "de"})

    assert response.status_code == 200
    assert 'id="id_language_error"' in response.content.decode()
    reader.refresh_from_db()
    assert reader.language == "es"


def test_saving_only_the_display_name_keeps_the_language(client, django_user_model):
    reader = make_user(django_user_model, "es")
    client.force_login(reader)

    client.post("/es/accounts/profile/", {"display_name": "Bea"})

    reader.refresh_from_db()
    assert (reader.display_name, reader.language) == ("Bea", "es")


# The admin ------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_admin_speaks_the_editors_own_language(client, admin_user, language):
    admin_user.language = language
    admin_user.save()
    client.force_login(admin_user)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert f'<html lang="{language}"' in response.content.decode()
    assert COOKIE not in response.cookies


def test_the_admin_uses_django_s_own_translations_for_a_french_editor(client, admin_user):
    admin_user.language = "fr"
    admin_user.save()
    client.force_login(admin_user)

    html = client.get("/admin/").content.decode()

    assert "Déconnexion" in html  # Django's own French catalog: "Log out"


def test_the_admin_sign_in_page_follows_the_language_cookie(client, db):
    client.cookies[COOKIE] = "es"

    response = client.get("/admin/login/")

    assert response["Content-Language"] == "es"


def test_the_admin_language_does_not_leak_into_the_next_reader_page(client, admin_user):
    admin_user.language = "fr"
    admin_user.save()
    client.force_login(admin_user)
    client.get("/admin/")

    assert '<html lang="en">' in client.get("/routines/").content.decode()


def test_the_admins_view_site_link_leads_to_the_editors_language(client, admin_user):
    admin_user.language = "es"
    admin_user.save()
    client.force_login(admin_user)

    assert 'href="/es/"' in client.get("/admin/").content.decode()
