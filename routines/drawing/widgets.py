"""
The editor's pose picker in admin: a list of poses by their words, the chosen pose's small
drawing beside it, and every pose's drawing to choose from by sight (static/js/admin/
pose_picker.js makes a click on one choose it, and redraws the step as the editor changes it).

The markup is built here rather than in a template: form widgets render through Django's form
renderer, which does not read the project's template folder.
"""

from django import forms
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

PREVIEW_PLACEHOLDER = "__pose__"


def pose_url(name: str) -> str:
    return reverse("admin:routines_pose_drawing", args=[name])


class PoseSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        select = super().render(name, value, attrs, renderer)
        choices = [(choice, label) for choice, label in self.choices if choice]
        gallery = format_html_join(
            "",
            '<button type="button" class="pose-picker__choice" data-pose="{}" title="{}">'
            '<img src="{}" alt="{}" loading="lazy" width="120" height="60"></button>',
            ((choice, label, pose_url(choice), label) for choice, label in choices),
        )
        return format_html(
            '<div class="pose-picker" data-pose-picker data-url="{}">{}'
            '<img class="pose-picker__current" data-pose-current src="{}" alt="" width="120" '
            'height="60"{}><details class="pose-picker__all"><summary>{}</summary>'
            '<div class="pose-picker__grid">{}</div></details></div>',
            pose_url(PREVIEW_PLACEHOLDER),
            select,
            pose_url(value) if value else "",
            "" if value else " hidden",
            _("Choose by drawing"),
            gallery,
        )
