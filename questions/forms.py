"""The reader's question form and the teacher's answer form: plain text, a limit, a honeypot."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TEXT_MAX_LENGTH


class HoneypotMixin(forms.Form):
    """
    A field people never see (hidden by the stylesheet, skipped by keyboard and screen
    readers) and spam robots fill in: a form that comes back with it filled is dropped.
    """

    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def is_spam(self) -> bool:
        return bool(self.data.get("website", "").strip())


class QuestionForm(HoneypotMixin):
    text = forms.CharField(
        label=_("Your question"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "data-question-text": ""}),
        help_text=_(
            "Questions are public. Please do not include your name or details that identify "
            "you or anyone else."
        ),
    )


class AnswerForm(HoneypotMixin):
    text = forms.CharField(
        label=_("Your answer"),
        max_length=TEXT_MAX_LENGTH * 3,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
