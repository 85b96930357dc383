"""
The queue's bulk actions: publish, reject with one reason (asked on a page of its own first), and
process the videos again.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..moderation import approve, reject
from ..processing import video_uploaded
from ..workflow import IllegalTransition
from .decisions import ReasonForm, explain


class SubmissionActions:
    """The actions part of `SubmissionAdmin`; each needs the "moderate" permission."""

    actions = ["publish_selected", "reject_selected", "process_video_again"]

    @admin.action(description=_("Process the video again"), permissions=["moderate"])
    def process_video_again(self, request, queryset):
        """Re-run probing and conversion (idempotent); the original upload is never changed."""
        count = 0
        for submission in queryset.exclude(video=""):
            video_uploaded(submission)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d video queued for processing.",
                "%(count)d videos queued for processing.",
                count,
            )
            % {"count": count},
        )

    @admin.action(description=_("Publish selected submissions"), permissions=["moderate"])
    def publish_selected(self, request, queryset):
        done, errors = 0, []
        for submission in queryset.select_related("submitter"):
            try:
                approve(submission, moderator=request.user)
            except (IllegalTransition, ValidationError, PermissionDenied) as error:
                errors.append(f"“{submission.title}”: {explain(error)}")
            else:
                done += 1
        self._report(request, done, errors, gettext("published"))

    @admin.action(description=_("Reject selected submissions…"), permissions=["moderate"])
    def reject_selected(self, request, queryset):
        """Asks for the reason first (an intermediate page), then rejects each one."""
        form = ReasonForm(request.POST if "post" in request.POST else None)
        if not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "title": gettext("Reject submissions"),
                "opts": self.opts,
                "queryset": queryset.select_related("submitter"),
                "form": form,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "select_across": request.POST.get("select_across", "0"),
            }
            return TemplateResponse(
                request, "admin/submissions/submission/reject_selected.html", context
            )
        done, errors = 0, []
        for submission in queryset:
            try:
                reject(submission, moderator=request.user, reason=form.cleaned_data["reason"])
            except (IllegalTransition, ValidationError, PermissionDenied) as error:
                errors.append(f"“{submission.title}”: {explain(error)}")
            else:
                done += 1
        self._report(request, done, errors, gettext("rejected"))
        return None

    def _report(self, request, done: int, errors: list[str], what: str) -> None:
        if done:
            message = ngettext(
                "%(count)d submission %(what)s.", "%(count)d submissions %(what)s.", done
            )
            self.message_user(request, message % {"count": done, "what": what}, messages.SUCCESS)
        for error in errors:
            self.message_user(request, error, messages.ERROR)
