"""
The reader's "Your account" page: the public display name, the language of their emails, and
links to manage sign-in.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import ProfileForm


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """
    Show and change the display name and the language; email and password are changed on
    allauth's pages. A reader who chooses another language goes on in it: the page they land
    on, and the message that says what was saved, are in the language they chose.
    """
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if form.is_valid():
        reader = form.save()
        with translation.override(reader.language):
            if reader.display_name:
                message = _("Saved. Work of yours that is published will credit “%(name)s”.") % {
                    "name": reader.display_name
                }
            else:
                message = _("Saved. Work of yours that is published will not show a name.")
            address = reverse("profile")
        messages.success(request, message)
        return redirect(address)
    return render(request, "account/profile.html", {"form": form})
