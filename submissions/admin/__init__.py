"""
Moderation in Django admin: the editor's queue of submissions, a preview exactly as readers will
see the routine, the reader's history, internal notes, and the three decisions.

Every decision calls `submissions.moderation`; this package only parses the request, calls, and
reports with `message_user`. The status is never edited here: saving the page saves the notes.

`SubmissionAdmin` is put together from its parts: the queue (`queue.py`), the submission's page
(`page.py`) and the bulk actions (`actions.py`); the decisions' forms are in `decisions.py`.
"""

from django.contrib import admin

from ..models import Submission
from ..moderation import can_moderate
from .actions import SubmissionActions
from .page import SubmissionPage
from .queue import SubmissionQueue

__all__ = ["SubmissionAdmin"]


@admin.register(Submission)
class SubmissionAdmin(SubmissionQueue, SubmissionPage, SubmissionActions, admin.ModelAdmin):
    """Readers come in through the site, never here; decisions need the "moderate" permission."""

    def view_on_site(self, obj):
        """The reader's own page is theirs alone; once published, the routine is what to see."""
        return obj.routine.get_absolute_url() if obj.routine_id else None

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # nothing a reader sends is lost: reject it instead

    def has_moderate_permission(self, request) -> bool:
        return can_moderate(request.user)
