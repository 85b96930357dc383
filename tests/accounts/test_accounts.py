"""
Accounts: sign up, verify, sign in and out, reset and change, the display name, the rate limits,
and every account page dressed in the site's own template.

The account page is not in somatics/urls.py yet, so these tests use tests/accounts/urls.py: the
site's URLs plus that page and a stand-in for the submit view's `verified_email_required`.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "slow-gentle-arch-and-flatten"
NEW_PASSWORD = "rest-between-each-repetition"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth counts attempts in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reader(django_user_model):
    """A reader who signed up and verified their address."""
    user = django_user_model.objects.create_user("reader", "reader@example.com", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def unverified_reader(django_user_model):
    user = django_user_model.objects.create_user("newcomer", "newcomer@example.com", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    return user


def sign_up(client, email="mover@example.com", password=PASSWORD, **extra):
    data = {"email": email, "password1": password, "password2": password, **extra}
    return client.post(reverse("account_signup"), data)


def link_in(message) -> str:
    """The path of the first link on this site in an email."""
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def title(html: str) -> str:
    return " ".join(re.search(r"<title>(.*?)</title>", html, re.DOTALL).group(1).split())


# Sign up and verify ---------------------------------------------------------------------------


def test_signing_up_asks_for_email_and_password_but_no_username(client, django_user_model):
    form = client.get(reverse("account_signup")).content.decode()
    assert 'name="email"' in form
    assert 'name="password1"' in form
    assert 'name="username"' not in form

    response = sign_up(client)

    assert response.status_code == 302
    user = django_user_model.objects.get(email="mover@example.com")
    assert user.check_password(PASSWORD)
    assert user.display_name == ""


def test_signing_up_sends_a_verification_email_whose_link_verifies_the_address(client, mailoutbox):
    sign_up(client)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["mover@example.com"]
    assert mailoutbox[0].subject.startswith("[Somatics Library] ")
    address = EmailAddress.objects.get(email="mover@example.com")
    assert not address.verified

    confirm_page = client.get(link_in(mailoutbox[0]))
    assert confirm_page.status_code == 200
    assert 'class="site-header"' in confirm_page.content.decode()
    client.post(link_in(mailoutbox[0]))

    address.refresh_from_db()
    assert address.verified
    assert is_signed_in(client)


def test_when_verification_is_mandatory_following_the_link_signs_the_new_reader_in(
    client, mailoutbox, settings
):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"

    response = sign_up(client)
    assert response.url == reverse("account_email_verification_sent")
    assert not is_signed_in(client)

    client.post(link_in(mailoutbox[0]))

    assert EmailAddress.objects.get(email="mover@example.com").verified
    assert is_signed_in(client)


def test_an_unverified_reader_is_asked_to_verify_before_submitting(
    client, unverified_reader, mailoutbox
):
    client.force_login(unverified_reader)

    response = client.get("/submit/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Send in your own movement pattern" not in html
    assert 'class="account__title"' in html
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["newcomer@example.com"]


def test_a_verified_reader_reaches_the_submission_form(client, reader):
    client.force_login(reader)
    assert "Send in your own movement pattern" in client.get("/submit/").content.decode()


def test_signup_errors_are_shown_next_to_their_fields_and_keep_the_email(client):
    response = sign_up(client, email="mover@example", password="short")

    html = response.content.decode()
    email_input = re.search(r'<input[^>]*name="email"[^>]*>', html).group(0)
    assert response.status_code == 200
    assert 'value="mover@example"' in email_input
    assert 'aria-invalid="true"' in email_input
    assert re.search(r'aria-describedby="[^"]*id_email_error', email_input)
    assert 'id="id_email_error"' in html
    assert "Enter a valid email address." in html


# Sign in and out ------------------------------------------------------------------------------


def test_a_reader_signs_in_with_email_and_password(client, reader):
    response = client.post(
        reverse("account_login"), {"login": "reader@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert is_signed_in(client)


def test_a_wrong_password_shows_a_clear_error_and_keeps_the_email_typed(client, reader):
    response = client.post(
        reverse("account_login"), {"login": "reader@example.com", "password": "not-it"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert not is_signed_in(client)
    assert "The email address and/or password you specified are not correct." in html
    assert 'role="alert"' in html
    assert 'value="reader@example.com"' in html


def test_signing_out_needs_a_post(client, reader):
    client.force_login(reader)

    confirm = client.get(reverse("account_logout"))
    assert confirm.status_code == 200
    assert 'method="post"' in confirm.content.decode()
    assert is_signed_in(client)

    client.post(reverse("account_logout"))
    assert not is_signed_in(client)


# Password reset and email change --------------------------------------------------------------


def test_password_reset_emails_a_link_that_sets_a_new_password(client, reader, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": "reader@example.com"})
    assert response.url == reverse("account_reset_password_done")
    assert len(mailoutbox) == 1

    form_url = client.get(link_in(mailoutbox[0])).url  # the key moves into the session
    form = client.get(form_url)
    assert form.status_code == 200
    assert 'name="password1"' in form.content.decode()
    done = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert done.url == reverse("account_reset_password_from_key_done")
    reader.refresh_from_db()
    assert reader.check_password(NEW_PASSWORD)


def test_the_email_change_page_sends_a_verification_to_the_new_address(client, reader, mailoutbox):
    client.force_login(reader)
    page = client.get(reverse("account_email"))
    assert page.status_code == 200
    assert 'value="reader@example.com"' in page.content.decode()

    client.post(reverse("account_email"), {"action_add": "", "email": "moved@example.com"})

    assert EmailAddress.objects.filter(email="moved@example.com", verified=False).exists()
    assert mailoutbox[-1].to == ["moved@example.com"]


# The account page and the display name --------------------------------------------------------


def test_the_account_page_sends_anonymous_readers_to_sign_in(client):
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={reverse('profile')}"


def test_the_account_page_links_to_email_password_and_sign_out(client, reader):
    client.force_login(reader)
    html = client.get(reverse("profile")).content.decode()
    assert f'href="{reverse("account_email")}"' in html
    assert f'href="{reverse("account_change_password")}"' in html
    assert f'method="post" action="{reverse("account_logout")}"' in html


def test_the_account_page_saves_a_display_name_and_says_so(client, reader):
    client.force_login(reader)

    response = client.post(reverse("profile"), {"display_name": "  Ana from Lyon  "}, follow=True)

    reader.refresh_from_db()
    assert reader.display_name == "Ana from Lyon"
    assert "will credit “Ana from Lyon”" in response.content.decode()


def test_the_account_page_refuses_a_display_name_over_80_characters(client, reader):
    client.force_login(reader)

    response = client.post(reverse("profile"), {"display_name": "x" * 81})

    html = response.content.decode()
    assert response.status_code == 200
    assert "A display name can be at most 80 characters long (this one has 81)." in html
    assert 'id="id_display_name_error"' in html
    reader.refresh_from_db()
    assert reader.display_name == ""


def test_markup_in_a_display_name_is_shown_as_text(client, reader):
    client.force_login(reader)

    response = client.post(
        reverse("profile"), {"display_name": "<script>alert(1)</script>"}, follow=True
    )

    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_email_address_never_appears_on_the_home_page(client, reader):
    client.force_login(reader)
    response = client.get("/")
    assert response.status_code == 200
    assert "reader@example.com" not in response.content.decode()


# Rate limits ----------------------------------------------------------------------------------


def test_repeated_failed_sign_ins_are_refused_even_with_the_right_password(
    client, reader, settings
):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "2/m/ip,2/5m/key"}
    wrong = {"login": "reader@example.com", "password": "not-it"}
    for _ in range(2):
        client.post(reverse("account_login"), wrong)

    response = client.post(
        reverse("account_login"), {"login": "reader@example.com", "password": PASSWORD}
    )

    assert "Too many failed login attempts. Try again later." in response.content.decode()
    assert not is_signed_in(client)


def test_a_rate_limited_request_gets_the_sites_429_page(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "1/m/ip"}
    sign_up(client, email="first@example.com")
    client.logout()

    response = sign_up(client, email="second@example.com")

    html = response.content.decode()
    assert response.status_code == 429
    assert "Too many attempts" in html
    assert 'class="skip-link"' in html


# Every account page wears the site's template -------------------------------------------------

ACCOUNT_PAGES = [
    ("account_login", "anonymous"),
    ("account_signup", "anonymous"),
    ("account_reset_password", "anonymous"),
    ("account_reset_password_done", "anonymous"),
    ("account_email_verification_sent", "anonymous"),
    ("account_inactive", "anonymous"),
    ("account_logout", "reader"),
    ("account_email", "reader"),
    ("account_change_password", "reader"),
    ("account_set_password", "passwordless"),
    ("account_reauthenticate", "reader"),
    ("profile", "reader"),
]


@pytest.mark.parametrize(("url_name", "who"), ACCOUNT_PAGES)
def test_every_account_page_renders_inside_the_site_template(
    client, django_user_model, reader, url_name, who
):
    if who == "reader":
        client.force_login(reader)
    elif who == "passwordless":
        user = django_user_model.objects.create_user("nopass", "nopass@example.com")
        client.force_login(user)

    response = client.get(reverse(url_name))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="skip-link"' in html
    assert 'class="site-header"' in html
    assert 'class="account__title"' in html
    assert title(html).endswith("· Somatics Library")
    assert "Menu:" not in html  # allauth's bare default layout
    assert 'style="' not in html  # the CSP forbids inline styles
