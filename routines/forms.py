"""The browse form: search words and filters, all in the URL so a result page can be shared."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BodyArea, Duration, Position


class BrowseForm(forms.Form):
    """Validates the query string of /routines/; unknown filter values are ignored, not errors."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    area = forms.ChoiceField(label=_("Body area"), required=False)
    position = forms.ChoiceField(
        label=_("Position"), required=False, choices=[("", _("Any position")), *Position.choices]
    )
    duration = forms.ChoiceField(
        label=_("Duration"), required=False, choices=[("", _("Any length")), *Duration.choices]
    )

    def __init__(self, data, *, areas: list[BodyArea]):
        super().__init__(data)
        self.fields["area"].choices = [("", _("Any body area"))] + [(a.slug, a.name) for a in areas]

    def show_counts(self, counts, *, only_none: bool = False) -> None:
        """
        Say in each option how many routines it would show (`counts`: facets.OptionCounts), or
        that it has none yet. `only_none` (while searching, when the counts know nothing of the
        search words) says only which options have none: those stay empty whatever is searched.
        """
        for name in ("area", "position", "duration"):
            per_value = getattr(counts, name)
            choices = []
            for value, label in self.fields[name].choices:
                n = per_value.get(value, 0)
                if not value:
                    choices.append((value, label))
                elif n == 0:
                    choices.append((value, _("%(option)s (none yet)") % {"option": label}))
                elif only_none:
                    choices.append((value, label))
                else:
                    choices.append(
                        (value, _("%(option)s (%(count)d)") % {"option": label, "count": n})
                    )
            self.fields[name].choices = choices

    def filters(self) -> dict[str, str]:
        """The valid filters only: a stale or mistyped value is dropped rather than refused."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name: cleaned.get(name, "")
            for name in ("area", "position", "duration")
            if name not in self.errors
        }

    def query(self) -> str:
        self.is_valid()
        return "" if "q" in self.errors else self.cleaned_data.get("q", "").strip()
