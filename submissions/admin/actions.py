"""
The queue's bulk actions: publish, reject with one reason (asked on a page of its own first), and
process the videos again.
"""

from django.contrib import admin
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from somatics.admin_actions import decide_each

from ..moderation import approve, reject
from ..processing import video_uploaded
from .decisions import REFUSALS, ReasonForm


def ask_reason_first(
    model_admin, request, queryset, *, form_class, title: str
) -> tuple[str, None] | tuple[None, TemplateResponse]:
    """
    A bulk rejection asks for its reason on a page of its own before anything changes, for
    every moderation queue (submissions, readers' questions): the reason once the form is
    sent and valid, else the page that asks for it (`admin/<app>/<model>/reject_selected.html`).
    """
    form = form_class(request.POST if "post" in request.POST else None)
    if form.is_valid():
        return form.cleaned_data["reason"], None
    opts = model_admin.opts
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": opts,
        "queryset": queryset,
        "form": form,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "select_across": request.POST.get("select_across", "0"),
    }
    template = f"admin/{opts.app_label}/{opts.model_name}/reject_selected.html"
    return None, TemplateResponse(request, template, context)


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
        decide_each(
            self,
            request,
            queryset.select_related("submitter"),
            lambda submission: approve(submission, moderator=request.user),
            ngettext_lazy(
                "%(count)d submission published.", "%(count)d submissions published.", "count"
            ),
            refusals=REFUSALS,
        )

    @admin.action(description=_("Reject selected submissions…"), permissions=["moderate"])
    def reject_selected(self, request, queryset):
        """Asks for the reason first (an intermediate page), then rejects each one."""
        reason, page = ask_reason_first(
            self, request, queryset.select_related("submitter"), form_class=ReasonForm,
            title=gettext("Reject submissions"),
        )  # fmt: skip
        if page:
            return page
        decide_each(
            self,
            request,
            queryset,
            lambda submission: reject(submission, moderator=request.user, reason=reason),
            ngettext_lazy(
                "%(count)d submission rejected.", "%(count)d submissions rejected.", "count"
            ),
            refusals=REFUSALS,
        )
        return None
