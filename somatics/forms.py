"""Forms for the reader's own account (sign-in itself is django-allauth's)."""

from django import forms
from django.utils.translation import ngettext_lazy

from .models import User


class ProfileForm(forms.ModelForm):
    """
    The name that credits a reader's published work, and the language the site writes to them
    in. The name is plain text: templates escape it on output, so markup typed here shows as the
    characters typed and never runs. A form that leaves the language out keeps the one saved.
    """

    class Meta:
        model = User
        fields = ["display_name", "language"]
        widgets = {"display_name": forms.TextInput(attrs={"autocomplete": "nickname"})}
        error_messages = {
            "display_name": {
                "max_length": ngettext_lazy(
                    "A display name can be at most %(limit_value)d character long "
                    "(this one has %(show_value)d).",
                    "A display name can be at most %(limit_value)d characters long "
                    "(this one has %(show_value)d).",
                    "limit_value",
                ),
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].required = False

    def clean_language(self) -> str:
        return self.cleaned_data["language"] or self.instance.language
