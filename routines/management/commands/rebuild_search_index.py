"""`manage.py rebuild_search_index`: rebuild the library search index from scratch."""

from django.core.management.base import BaseCommand

from routines.search import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the search index of every routine."

    def handle(self, *args, **options):
        self.stdout.write(f"indexed {rebuild_index()} routines")
