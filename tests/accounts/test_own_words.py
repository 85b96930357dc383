"""
The account pages, their messages and allauth's emails speak in the site's own words, in
English, French and Spanish: none of allauth's stock sentences is left where a reader sees it,
and a reader who confirms their address goes back to the submission form.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

pytestmark = pytest.mark.django_db

PASSWORD = "slow-gentle-arch-and-flatten"
LANGUAGES = ["en", "fr", "es"]

# allauth's own sentences (its msgids), none of which a reader should meet, in any language.
STOCK_SENTENCES = [
    "Successfully signed in as %(name)s.",
    "This part of the site requires us to verify that\n"
    "you are who you claim to be. For this purpose, we require that you\n"
    "verify ownership of your email address. ",
    "Please contact us if you have any trouble resetting your password.",
    "We have sent you an email. If you have not received it please check your spam folder. "
    "Otherwise contact us if you do not receive it in a few minutes.",
    "We have sent an email to you for verification. Follow the link provided to finalize the "
    "signup process. If you do not see the verification email in your main inbox, check your "
    "spam folder. Please contact us if you do not receive the verification email within a few "
    "minutes.",
    "Hello from %(site_name)s!",
    "Thank you for using %(site_name)s!\n%(site_domain)s",
    "You're receiving this email because user %(user_display)s has given your email address "
    "to register an account on %(site_domain)s.",
    "If you have not created an account yet, then please %(link)ssign up%(end_link)s first.",
    "Already have an account? Then please %(link)ssign in%(end_link)s.",
    "Forgotten your password? Enter your email address below, and we'll send you an email "
    "allowing you to reset it.",
    "Confirmation email sent to %(email)s.",
    "You have confirmed %(email)s.",
    "Remember Me",
    "Password (again)",
    "Bad Token",
    "Re-send Verification",
    "Your email address is still pending verification.",
    "You're receiving this email because you or someone else has requested a password reset "
    "for your user account.\nIt can be safely ignored if you did not request a password reset. "
    "Click the link below to reset your password.",
]
# allauth's Title Case labels and headings: English only (translated, they are ordinary words).
STOCK_TITLE_CASE = [
    "Sign In", "Sign Up", "Verify Your Email Address", "Confirm Email Address",
    "Reset My Password", "Change Password", "Email Address", "Current Password",
    "New Password", "Password Reset", "Cancel Change", "Change Email", "Set Password",
]  # fmt: skip


def stock_fragments(language: str) -> list[str]:
    """The longest literal piece of each stock sentence as allauth translates it (placeholders
    split it), whitespace folded; plus the Title Case phrases in English."""
    fragments = []
    with translation.override(language):
        for msgid in STOCK_SENTENCES:
            text = translation.gettext(msgid)
            pieces = re.split(r"%\(\w+\)s", text)
            fragments.append(" ".join(max(pieces, key=len).split()))
    if language == "en":
        fragments += STOCK_TITLE_CASE
    return [fragment for fragment in fragments if len(fragment) > 3]


def stock_left_in(text: str, language: str) -> list[str]:
    folded = " ".join(strip_tags(text).split())
    found = []
    for fragment in stock_fragments(language):
        if fragment[0].isupper() and fragment in STOCK_TITLE_CASE:
            if re.search(rf"\b{re.escape(fragment)}\b", folded):
                found.append(fragment)
        elif fragment.lower() in folded.lower():
            found.append(fragment)
    return found


@pytest.fixture
def unverified(django_user_model):
    user = django_user_model.objects.create_user("newcomer", "newcomer@example.com", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    return user


def prefixed(language: str, path: str) -> str:
    return path if language == "en" else f"/{language}{path}"


def link_in(message) -> str:
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


ANONYMOUS_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/confirm-email/not-a-key/",
    "/accounts/password/reset/key/1-not-a-key/",
    "/accounts/inactive/",
]
SIGNED_IN_PAGES = [
    "/submit/",  # asks an unverified reader to confirm their address first
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/logout/",
    "/accounts/profile/",
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_no_stock_wording_on_the_account_pages(client, language, path):
    response = client.get(prefixed(language, path))

    assert response.status_code == 200
    assert stock_left_in(response.content.decode(), language) == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_no_stock_wording_on_the_pages_of_a_signed_in_reader(client, unverified, language, path):
    client.force_login(unverified)
    response = client.get(prefixed(language, path))

    assert response.status_code == 200
    assert stock_left_in(response.content.decode(), language) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_signing_up_says_it_in_the_sites_words_and_so_does_the_email(
    client, language, mailoutbox, settings
):
    settings.CONTACT_EMAIL = "help@somaticstimes.org"
    data = {"email": "quillon@example.com", "password1": PASSWORD, "password2": PASSWORD}
    response = client.post(prefixed(language, "/accounts/signup/"), data, follow=True)

    page = response.content.decode()
    assert stock_left_in(page, language) == []
    assert "quillon" not in strip_tags(page).replace("quillon@example.com", "")  # no username

    (email,) = mailoutbox
    assert stock_left_in(email.subject + "\n" + email.body, language) == []
    assert email.subject.startswith("[Somatics Library] ")
    assert "Somatics Library" in email.body
    home = "http://testserver" + ("/" if language == "en" else f"/{language}/")
    assert home in email.body
    assert "help@somaticstimes.org" in email.body
    assert "testserver" in link_in(email) or link_in(email).startswith("/")
    assert "quillon" not in email.body.replace("quillon@example.com", "")


def test_the_verification_email_in_english_says_who_sends_it_and_why(client, mailoutbox):
    data = {"email": "mover@example.com", "password1": PASSWORD, "password2": PASSWORD}
    client.post("/accounts/signup/", data)

    body = mailoutbox[0].body
    assert "create an account at the Somatics Library" in body
    assert "send in their own movement patterns" in body
    assert "Somatics Times" in body
    assert "If you did not ask for this, you need do nothing" in body


@pytest.mark.parametrize("language", LANGUAGES)
def test_signing_in_says_so_without_a_username(client, django_user_model, language):
    user = django_user_model.objects.create_user("reader", "reader@example.com", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    response = client.post(
        prefixed(language, "/accounts/login/"),
        {"login": "reader@example.com", "password": PASSWORD},
        follow=True,
    )

    page = response.content.decode()
    assert stock_left_in(page, language) == []
    with translation.override(language):
        assert translation.gettext("You are signed in.") in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_password_reset_email_is_in_the_sites_words(
    client, django_user_model, language, mailoutbox
):
    user = django_user_model.objects.create_user("reader", "reader@example.com", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.post(prefixed(language, "/accounts/password/reset/"), {"email": "reader@example.com"})

    (email,) = mailoutbox
    assert stock_left_in(email.subject + "\n" + email.body, language) == []
    assert "reader" not in email.body.replace("reader@example.com", "")  # no username


def test_the_login_form_asks_in_sentence_case_with_labels_not_placeholders(client):
    page = client.get("/accounts/login/").content.decode()

    assert "Keep me signed in on this device" in page
    assert "Your email address" in page
    assert "placeholder=" not in page.split('id="main"')[1]


def test_the_stock_sentences_are_really_caught():
    assert stock_left_in("<p>Successfully signed in as mara.</p>", "en")
    assert stock_left_in("<label>Remember Me</label>", "en")
    with translation.override("fr"):
        french = translation.gettext(
            "Please contact us if you have any trouble resetting your password."
        )
    assert stock_left_in(f"<p>{french}</p>", "fr")


# Back to the form after confirming -------------------------------------------------------------


def test_after_confirming_the_reader_lands_back_on_the_submission_form(
    client, unverified, mailoutbox
):
    client.force_login(unverified)
    client.get("/submit/?routine=psoas-release")  # asked to confirm first; the email goes
    link = link_in(mailoutbox[0])
    assert "next=" in link

    response = client.post(link)

    assert response.status_code == 302
    assert response.url == "/submit/?routine=psoas-release"
    assert EmailAddress.objects.get(user=unverified).verified


def test_a_link_opened_in_another_browser_still_leads_to_the_form(
    client, unverified, mailoutbox, django_user_model
):
    from django.test import Client

    client.force_login(unverified)
    client.get("/submit/")
    phone = Client()  # the reader opens the email on their phone: no session there

    response = phone.post(link_in(mailoutbox[0]))

    assert response.url.startswith("/submit/") or "next=%2Fsubmit%2F" in response.url


def test_signing_up_from_the_form_comes_back_to_it_once_confirmed(client, mailoutbox):
    data = {"email": "mover@example.com", "password1": PASSWORD, "password2": PASSWORD}
    client.post("/accounts/signup/?next=/submit/", {**data, "next": "/submit/"})
    link = link_in(mailoutbox[0])

    response = client.post(link)

    assert response.url == "/submit/"


def test_a_link_never_leads_off_the_site(client, unverified, mailoutbox):
    client.force_login(unverified)
    session = client.session
    session["after_verification"] = "https://elsewhere.example/"
    session.save()
    client.get("/accounts/email/")
    client.post("/accounts/email/", {"action_send": "", "email": "newcomer@example.com"})
    for message in mailoutbox:
        assert "elsewhere" not in message.body


@pytest.mark.parametrize("signed_in", [False, True])
def test_submit_stays_in_the_menu_whether_signed_in_or_not(client, unverified, signed_in):
    if signed_in:
        client.force_login(unverified)
    html = client.get("/routines/").content.decode()
    menu = html[
        html.index('class="site-nav"') : html.index("</nav>", html.index('class="site-nav"'))
    ]

    assert f'href="{reverse("submissions:submit")}"' in menu


def test_confirming_a_changed_address_leads_back_to_the_account_page(
    client, django_user_model, mailoutbox
):
    user = django_user_model.objects.create_user("reader", "reader@example.com", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)
    form = client.get("/accounts/email/").content.decode()
    assert f'name="next" value="{reverse("profile")}"' in form
    client.post(
        "/accounts/email/",
        {"action_add": "", "email": "new.reader@example.com", "next": reverse("profile")},
    )

    (message,) = mailoutbox
    response = client.post(link_in(message))

    assert response.url == reverse("profile")
    assert EmailAddress.objects.get(email="new.reader@example.com").verified
