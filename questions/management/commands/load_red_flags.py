"""`manage.py load_red_flags`: red-flag signs and emergency numbers (questions/red_flags.yaml)."""

from django.core.management.base import BaseCommand

from questions.red_flags import load_red_flags


class Command(BaseCommand):
    help = "Load the red-flag signs and emergency numbers (idempotent; `make run` runs it)."

    def handle(self, *args, **options):
        counts = load_red_flags()
        self.stdout.write(
            "Red flags: {created} created, {updated} updated, {unchanged} unchanged.".format(
                **counts
            )
        )
