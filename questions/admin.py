"""
Moderation of readers' questions in Django admin, beside submissions and with the same
conventions: one queue opening on what waits (reported ones included), filters, bulk actions
that call `questions.moderation`, and each question's history. Red-flag signs and emergency
numbers are edited here in three languages; a sign not yet reviewed by the editor is listed as
waiting for review (it is shown on the site all the same).
"""

from collections.abc import Callable

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext, ngettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from routines.caching import library_changed
from somatics.admin_actions import decide_each
from somatics.waiting import Waiting
from submissions.admin.actions import ask_reason_first
from submissions.admin.queue import StatusFilter

from . import moderation
from .models import Answer, EmergencyNumber, QuestionEvent, ReaderQuestion, RedFlag, Status

REFUSALS = (moderation.IllegalTransition, ValidationError, PermissionDenied)


def waiting_questions(request) -> Waiting | None:
    """For the admin's first page: how many readers' questions wait (for their moderators)."""
    if not moderation.can_moderate(request.user):
        return None
    count = ReaderQuestion.objects.waiting().count()
    sentence = (
        gettext("No reader’s question is waiting for a moderator.")
        if not count
        else ngettext(
            "%(count)d reader’s question is waiting for a moderator.",
            "%(count)d readers’ questions are waiting for a moderator.",
            count,
        )
        % {"count": count}
    )
    url = reverse("admin:questions_readerquestion_changelist") + f"?status={Status.WAITING}"
    return Waiting(count=count, sentence=sentence, url=url)


class QueueFilter(StatusFilter):
    """Submissions' status filter, for questions and answers: opening on what waits."""

    default = Status.WAITING

    def lookups(self, request, model_admin):
        return Status.choices


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, kept in the history"), widget=forms.Textarea(attrs={"rows": 4})
    )


class EventInline(admin.TabularInline):
    model = QuestionEvent
    fields = ["created_at", "actor", "action", "from_status", "to_status", "message"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("history")

    def has_add_permission(self, request, obj=None):
        return False


class AnswerInline(admin.StackedInline):
    model = Answer
    fields = ["author", "role", "status", "reported", "text", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class Decisions:
    """Bulk decisions: each calls the domain function, and reports refusals one by one."""

    def _decide_each(self, request, items, decide: Callable, done_message) -> None:
        decide_each(self, request, items, decide, done_message, refusals=REFUSALS)

    def has_moderate_permission(self, request) -> bool:
        return moderation.can_moderate(request.user)

    # Questions and answers come from readers and change only through decisions: nobody adds,
    # edits or deletes one in admin (take it down instead: the record stays).
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)


@admin.register(ReaderQuestion)
class ReaderQuestionAdmin(Decisions, admin.ModelAdmin):
    list_display = [
        "short_text", "routine", "reader", "language", "status", "reported", "answers_count", "age",
    ]  # fmt: skip
    list_filter = [QueueFilter, "reported", "language", "created_at"]
    search_fields = ["text", "author__email", "author__display_name", "routine__title"]
    list_select_related = ["routine", "author"]
    ordering = ["created_at"]
    fields = [
        "routine", "author", "language", "status", "reported", "text",
        "created_at", "published_at", "answered_at", "on_site",
    ]  # fmt: skip
    readonly_fields = fields
    inlines = [AnswerInline, EventInline]
    actions = ["approve_selected", "reject_selected", "take_down_selected", "promote_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(answers_total=Count("answers"))

    def changelist_view(self, request, extra_context=None):
        """Titled by what the list shows: the queue by default."""
        label = dict(Status.choices).get(request.GET.get("status", QueueFilter.default))
        title = (
            gettext("Readers’ questions: %(status)s") % {"status": label.lower()}
            if label
            else gettext("All readers’ questions")
        )
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    @admin.display(description=_("question"))
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"

    @admin.display(description=_("reader"), ordering="author__email")
    def reader(self, obj):
        return obj.author.display_name or obj.author.email

    @admin.display(description=_("answers"), ordering="answers_total")
    def answers_count(self, obj):
        return obj.answers_total

    @admin.display(description=_("age"), ordering="created_at")
    def age(self, obj):
        return timesince(obj.created_at, depth=1)

    @admin.display(description=_("on the site"))
    def on_site(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), gettext("See it"))

    @admin.action(description=_("Publish selected questions"), permissions=["moderate"])
    def approve_selected(self, request, queryset):
        self._decide_each(
            request,
            queryset,
            lambda q: moderation.approve(q, moderator=request.user),
            ngettext_lazy(
                "%(count)d question published.", "%(count)d questions published.", "count"
            ),
        )

    @admin.action(description=_("Take selected questions down"), permissions=["moderate"])
    def take_down_selected(self, request, queryset):
        self._decide_each(
            request,
            queryset,
            lambda q: moderation.take_down(q, moderator=request.user),
            ngettext_lazy(
                "%(count)d question taken down.", "%(count)d questions taken down.", "count"
            ),
        )

    @admin.action(
        description=_("Add to the routine’s FAQ (with its answer)"), permissions=["moderate"]
    )
    def promote_selected(self, request, queryset):
        self._decide_each(
            request,
            queryset,
            lambda q: moderation.promote_to_faq(q, moderator=request.user),
            ngettext_lazy(
                "%(count)d question added to its routine’s FAQ.",
                "%(count)d questions added to their routines’ FAQ.",
                "count",
            ),
        )

    @admin.action(description=_("Reject selected questions…"), permissions=["moderate"])
    def reject_selected(self, request, queryset):
        """Asks for the reason first (a page of its own), then rejects each one."""
        reason, page = ask_reason_first(
            self, request, queryset, form_class=ReasonForm, title=gettext("Reject questions")
        )
        if page:
            return page
        self._decide_each(
            request,
            queryset,
            lambda q: moderation.reject(q, moderator=request.user, reason=reason),
            ngettext_lazy("%(count)d question rejected.", "%(count)d questions rejected.", "count"),
        )
        return None


@admin.register(Answer)
class AnswerAdmin(Decisions, admin.ModelAdmin):
    list_display = ["short_text", "question", "author", "role", "status", "reported", "created_at"]
    list_filter = [QueueFilter, "reported", "role"]
    search_fields = ["text", "author__email", "author__display_name"]
    list_select_related = ["question", "author"]
    fields = ["question", "author", "role", "language", "status", "reported", "text", "created_at"]
    readonly_fields = fields
    actions = ["publish_selected", "take_down_selected"]

    @admin.display(description=_("answer"))
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"

    @admin.action(description=_("Publish selected answers again"), permissions=["moderate"])
    def publish_selected(self, request, queryset):
        self._decide_each(
            request,
            queryset,
            lambda a: moderation.approve_answer(a, moderator=request.user),
            ngettext_lazy("%(count)d answer published.", "%(count)d answers published.", "count"),
        )

    @admin.action(description=_("Take selected answers down"), permissions=["moderate"])
    def take_down_selected(self, request, queryset):
        self._decide_each(
            request,
            queryset,
            lambda a: moderation.take_down_answer(a, moderator=request.user),
            ngettext_lazy("%(count)d answer taken down.", "%(count)d answers taken down.", "count"),
        )


class ReviewFilter(admin.SimpleListFilter):
    """Safety text the editor has not reviewed yet."""

    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("waiting", _("Waiting for review")), ("done", _("Reviewed"))]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(reviewed_on__isnull=True)
        if self.value() == "done":
            return queryset.filter(reviewed_on__isnull=False)
        return queryset


class SafetyTextAdmin(TranslationAdmin):
    """Changing safety text refreshes every page that shows it (the library's pages)."""

    list_filter = [ReviewFilter]
    actions = ["mark_reviewed"]

    @admin.display(description=_("review"), ordering="reviewed_on")
    def review(self, obj):
        if obj.reviewed_on is None:
            return gettext("Waiting for review")
        return gettext("Reviewed on %(date)s") % {"date": obj.reviewed_on.isoformat()}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        library_changed()

    @admin.action(description=_("Mark as reviewed today"))
    def mark_reviewed(self, request, queryset):
        count = queryset.update(reviewed_on=timezone.localdate())
        library_changed()
        self.message_user(
            request,
            ngettext_lazy("%(count)d marked as reviewed.", "%(count)d marked as reviewed.", count)
            % {"count": count},
        )


@admin.register(RedFlag)
class RedFlagAdmin(SafetyTextAdmin):
    list_display = ["sign", "urgency", "review"]
    list_filter = [ReviewFilter, "urgency"]
    search_fields = ["sign", "keywords"]


@admin.register(EmergencyNumber)
class EmergencyNumberAdmin(SafetyTextAdmin):
    list_display = ["region", "number", "languages", "review"]
