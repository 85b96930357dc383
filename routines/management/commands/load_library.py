"""`manage.py load_library`: load the starter routines (safe to run again and again)."""

from django.core.management.base import BaseCommand

from routines.starter import load_library


class Command(BaseCommand):
    help = "Load the starter library of routines from routines/library/*.yaml."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overwrite routines an editor has changed since they were loaded.",
        )

    def handle(self, *args, force=False, **options):
        report = load_library(force=force)
        for label, slugs in (
            ("created", report.created),
            ("updated", report.updated),
            ("unchanged", report.unchanged),
        ):
            self.stdout.write(f"{label}: {len(slugs)}")
        for slug in report.kept_edits:
            self.stdout.write(
                self.style.WARNING(
                    f"kept the editor's changes to {slug} (use --force to overwrite)"
                )
            )
