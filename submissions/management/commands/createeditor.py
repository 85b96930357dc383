"""`manage.py createeditor --email editor@example.org`: the first editor (or another one)."""

import getpass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from submissions.editors import NoModeratorsGroup, make_editor


class Command(BaseCommand):
    help = (
        "Make an editor from an email address: a staff account in the Moderators group that "
        "signs in at /admin/ and on the site with that address. An existing account is "
        "promoted and keeps its password unless a new one is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The editor's email address.")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Ask for no password: the editor sets one with “Forgot your password?”.",
        )

    def handle(self, *args, email, interactive, **options):
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"“{email}” is not an email address.") from error
        password = self._ask_password() if interactive else None
        try:
            user = make_editor(email=email, password=password)
        except NoModeratorsGroup as error:
            message = "The Moderators group is missing: run `manage.py migrate`."
            raise CommandError(message) from error
        self.stdout.write(self.style.SUCCESS(f"{user.email} is an editor: sign in at /admin/."))
        if not user.has_usable_password():
            self.stdout.write(
                "No password yet: choose one with “Forgot your password?” on the sign-in page."
            )

    def _ask_password(self) -> str | None:
        """A password typed twice; empty keeps the existing one (or none for a new account)."""
        while True:
            first = getpass.getpass("Password (empty: keep it, or set it later by email): ")
            if not first:
                return None
            if getpass.getpass("The same password again: ") != first:
                self.stderr.write("The two passwords differ; try again.")
                continue
            try:
                validate_password(first)
            except ValidationError as error:
                self.stderr.write(" ".join(error.messages))
                continue
            return first
