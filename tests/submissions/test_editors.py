"""The first editor, made from an email address, and the submissions that waited for one."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from submissions.editors import make_editor
from submissions.models import ModeratorDigest
from submissions.moderation import can_moderate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_moderator_emails(settings):
    settings.MODERATOR_EMAILS = []
    settings.SITE_URL = "https://library.example.org"


@pytest.fixture
def send(make_submission, django_capture_on_commit_callbacks):
    def send(**fields):
        with django_capture_on_commit_callbacks(execute=True):
            return make_submission(**fields)

    return send


def test_createeditor_makes_a_staff_moderator_who_signs_in_with_the_email(client):
    call_command("createeditor", "--email", "Editor@Example.org", "--no-input")

    editor = EmailAddress.objects.get(email__iexact="editor@example.org")
    assert editor.verified and editor.primary
    user = editor.user
    assert user.is_staff and user.is_active and not user.is_superuser
    assert user.groups.filter(name="Moderators").exists()
    assert can_moderate(user)
    assert not user.has_usable_password()  # set later with "Forgot your password?"


def test_createeditor_asks_for_a_password_twice(monkeypatch, client):
    answers = iter(["a-long-editor-passphrase", "a-long-editor-passphrase"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    call_command("createeditor", "--email", "editor@example.org")

    assert client.login(username="editor@example.org", password="a-long-editor-passphrase")
    assert client.get("/admin/").status_code == 200


def test_a_reader_made_editor_keeps_their_account_and_password(make_reader):
    reader = make_reader("teacher@example.com", display_name="Mara")
    make_editor(email="teacher@example.com")

    reader.refresh_from_db()
    assert reader.is_staff and reader.display_name == "Mara"
    assert reader.check_password("a-long-passphrase")


def test_createeditor_refuses_what_is_not_an_email():
    with pytest.raises(CommandError, match="not an email address"):
        call_command("createeditor", "--email", "editor", "--no-input")


def test_a_submission_sent_before_any_moderator_existed_reaches_the_first_editor(
    send, mailoutbox, django_capture_on_commit_callbacks
):
    for user in Group.objects.get(name="Moderators").user_set.all():
        user.groups.clear()
    send(title="Knee rocking for the low back")
    send(title="Pelvic clock in a chair")

    assert mailoutbox == []
    assert ModeratorDigest.objects.get().is_open  # kept, not closed unsent

    with django_capture_on_commit_callbacks(execute=True):
        make_editor(email="first.editor@example.org")

    (email,) = mailoutbox
    assert email.to == ["first.editor@example.org"]
    assert "Knee rocking for the low back" in email.body
    assert "Pelvic clock in a chair" in email.body
    assert not ModeratorDigest.objects.get().is_open


def test_a_submission_sent_before_any_moderator_goes_with_the_next_digest(
    send, settings, mailoutbox
):
    send(title="Knee rocking for the low back")
    assert mailoutbox == []

    settings.MODERATOR_EMAILS = ["editor@somaticstimes.org"]
    send(title="Pelvic clock in a chair")

    (email,) = mailoutbox
    assert "Knee rocking for the low back" in email.body
    assert "Pelvic clock in a chair" in email.body
