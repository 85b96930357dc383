"""
The people who moderate. The site signs everyone in by email, so an editor is made from an
email address too (Django's `createsuperuser` asks for a username nobody ever uses here): a
staff account in the "Moderators" group, with its email verified so it can sign in on the site.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from . import notifications
from .tasks import MODERATORS_GROUP


class NoModeratorsGroup(Exception):
    """The "Moderators" group is missing: the migrations have not run."""


@transaction.atomic
def make_editor(*, email: str, password: str | None = None):
    """
    Make `email` an editor: a new account, or the reader's own account if it exists (their
    submissions and name stay theirs). `password` None keeps an existing one, or leaves a new
    account without one until it is set ("Forgot your password?" on the sign-in page).

    Whatever waited for a moderator to exist is sent to them (`moderator_added`).
    """
    group = Group.objects.filter(name=MODERATORS_GROUP).first()
    if group is None:
        raise NoModeratorsGroup(MODERATORS_GROUP)
    email = get_user_model().objects.normalize_email(email.strip())
    users = get_user_model()
    user = users.objects.filter(email__iexact=email).first()
    if user is None:
        user = users(username=_free_username(email), email=email)
        user.set_unusable_password()
    if password is not None:
        user.set_password(password)
    user.is_staff = True
    user.is_active = True
    user.save()
    user.groups.add(group)
    address, _created = EmailAddress.objects.get_or_create(
        user=user, email__iexact=email, defaults={"email": email}
    )
    if not address.verified or not address.primary:
        address.verified = True
        address.primary = True
        address.save(update_fields=["verified", "primary"])
    notifications.moderator_added()
    return user


def _free_username(email: str) -> str:
    """Django's user needs a unique username; the site never shows or asks for it."""
    users = get_user_model()
    base = email[:140]
    candidate, n = base, 1
    while users.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate
