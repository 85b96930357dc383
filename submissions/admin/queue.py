"""The editor's queue: the changelist, opening on what waits for review, with counts per status."""

import json

from django.contrib import admin
from django.db import connections
from django.db.models import Count
from django.urls import reverse
from django.utils.timesince import timesince
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from somatics.waiting import Waiting

from ..models import Submission
from ..moderation import can_moderate

Status = Submission.Status


class StatusFilter(admin.SimpleListFilter):
    """By status, opening on the queue (waiting for review); "All" stays one click away."""

    title = _("status")
    parameter_name = "status"
    default = Status.WAITING
    everything = "all"

    def lookups(self, request, model_admin):
        return Status.choices

    def value(self):
        return super().value() or self.default

    def queryset(self, request, queryset):
        if self.value() == self.everything:
            return queryset
        return queryset.filter(status=self.value())

    def choices(self, changelist):
        for value, label in [(self.everything, _("All")), *self.lookup_choices]:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }


def waiting_submissions(request) -> Waiting | None:
    """For the admin's first page: how many submissions wait for review (for moderators)."""
    if not can_moderate(request.user):
        return None
    count = Submission.objects.waiting().count()
    sentence = (
        gettext("No submission is waiting for review.")
        if not count
        else ngettext(
            "%(count)d submission is waiting for review.",
            "%(count)d submissions are waiting for review.",
            count,
        )
        % {"count": count}
    )
    url = reverse("admin:submissions_submission_changelist") + f"?status={Status.WAITING}"
    return Waiting(count=count, sentence=sentence, url=url)


class SubmissionQueue:
    """The changelist part of `SubmissionAdmin`: columns, filters, counts and search."""

    list_display = ["title", "reader", "kind", "language", "status", "age"]
    list_filter = [StatusFilter, "kind", "language", "created_at"]
    search_fields = [
        "title", "addresses", "steps", "cautions", "transcript",
        "submitter__email", "submitter__display_name",
    ]  # fmt: skip
    list_select_related = ["submitter"]
    ordering = ["created_at"]

    @admin.display(description=_("reader"), ordering="submitter__email")
    def reader(self, obj):
        return obj.submitter.display_name or obj.submitter.email

    @admin.display(description=_("age"), ordering="created_at")
    def age(self, obj):
        return timesince(obj.created_at, depth=1)

    def changelist_view(self, request, extra_context=None):
        """The list, with how many submissions each status holds (one query) as links above it."""
        counts = dict(Submission.objects.order_by().values_list("status").annotate(Count("pk")))
        current = request.GET.get(StatusFilter.parameter_name, StatusFilter.default)
        by_status = [
            {
                "value": value,
                "label": label,
                "count": counts.get(value, 0),
                "current": value == current,
            }
            for value, label in Status.choices
        ]
        label = dict(Status.choices).get(current)
        context = {
            "status_counts": by_status,
            "all_count": sum(counts.values()),
            "all_current": current == StatusFilter.everything,
            "title": gettext("Submissions: %(status)s") % {"status": label.lower()}
            if label
            else gettext("All submissions"),
        }
        return super().changelist_view(request, {**context, **(extra_context or {})})

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # SQLite keeps the steps' JSON with non-ASCII letters escaped ("pli\u00e9s"): look for that.
        term = search_term.strip()
        escaped = json.dumps(term)[1:-1]
        if term and escaped != term and connections[queryset.db].vendor == "sqlite":
            results |= queryset.filter(steps__icontains=escaped)
        return results, may_have_duplicates
