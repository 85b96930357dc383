"""
allauth's forms, with labels in the site's own words: sentence case, addressed to the reader,
no placeholder standing in for a label ("Remember Me" and "Password (again)" were allauth's).
"""

from allauth.account import forms as allauth_forms
from django.utils.translation import gettext_lazy as _

YOUR_EMAIL = _("Your email address")
CHOOSE_PASSWORD = _("Choose a password")
SAME_PASSWORD = _("The same password again")
NEW_PASSWORD = _("Your new password")
SAME_NEW_PASSWORD = _("The new password again")


class Relabelled:
    """Sets `labels` (field name → label) and `help_texts` on the form's fields, and drops
    placeholders: a label above the box says what goes in it, even once something is typed."""

    labels: dict = {}
    help_texts: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            if name in self.labels:
                field.label = self.labels[name]
            if name in self.help_texts:
                field.help_text = self.help_texts[name]


class LoginForm(Relabelled, allauth_forms.LoginForm):
    labels = {
        "login": YOUR_EMAIL,
        "password": _("Your password"),
        "remember": _("Keep me signed in on this device"),
    }


class SignupForm(Relabelled, allauth_forms.SignupForm):
    labels = {"email": YOUR_EMAIL, "password1": CHOOSE_PASSWORD, "password2": SAME_PASSWORD}
    help_texts = {
        "email": _(
            "We write to it only about your account and what you send in. It is never shown "
            "on the site."
        )
    }


class ResetPasswordForm(Relabelled, allauth_forms.ResetPasswordForm):
    labels = {"email": YOUR_EMAIL}


class ResetPasswordKeyForm(Relabelled, allauth_forms.ResetPasswordKeyForm):
    labels = {"password1": NEW_PASSWORD, "password2": SAME_NEW_PASSWORD}


class ChangePasswordForm(Relabelled, allauth_forms.ChangePasswordForm):
    labels = {
        "oldpassword": _("Your current password"),
        "password1": NEW_PASSWORD,
        "password2": SAME_NEW_PASSWORD,
    }


class SetPasswordForm(Relabelled, allauth_forms.SetPasswordForm):
    labels = {"password1": CHOOSE_PASSWORD, "password2": SAME_PASSWORD}


class ReauthenticateForm(Relabelled, allauth_forms.ReauthenticateForm):
    labels = {"password": _("Your password")}
