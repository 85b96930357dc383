"""The reader's "Your account" page: the public display name, and links to manage sign-in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import DisplayNameForm


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """Show and change the display name; email and password are changed on allauth's pages."""
    form = DisplayNameForm(
        request.POST if request.method == "POST" else None, instance=request.user
    )
    if form.is_valid():
        form.save()
        if form.instance.display_name:
            message = _("Saved. Work of yours that is published will credit “%(name)s”.") % {
                "name": form.instance.display_name
            }
        else:
            message = _("Saved. Work of yours that is published will not show a name.")
        messages.success(request, message)
        return redirect("profile")
    return render(request, "account/profile.html", {"form": form})
