"""Public pages of the library: home, browse and search, a routine and its video's chapters."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from .caching import depends_on_routine, public_page
from .facets import option_counts
from .forms import BrowseForm
from .glossary import GlossaryLinks
from .models import BodyArea, GlossaryTerm, Routine
from .search import cached_search

HOME_RECENT = 6


@public_page
@require_safe
def home(request):
    recent = Routine.objects.published().for_cards()[:HOME_RECENT]
    return render(request, "routines/home.html", {"recent": recent})


def page_number(request) -> int:
    """The page asked for, as Paginator.get_page reads it: anything but a number is page 1."""
    try:
        return max(int(request.GET.get("page", 1)), 1)
    except ValueError:
        return 1


@public_page
@require_safe
def routine_list(request):
    """Browse and search: filters combine; with `q` the results are ordered by relevance."""
    areas = list(BodyArea.objects.all())
    form = BrowseForm(request.GET, areas=areas)
    filters, query = form.filters(), form.query()
    results = None
    if query:
        results = cached_search(
            query, filters, page=page_number(request), per_page=settings.ROUTINES_PER_PAGE
        )
        page = Paginator(results, results.per_page).get_page(results.page)
        by_id = Routine.objects.for_cards().in_bulk(results.ids)
        page.object_list = [by_id[pk] for pk in results.ids if pk in by_id]
    else:
        routines = Routine.objects.published().filter_by(**filters)
        paginator = Paginator(
            routines.for_cards().order_by("-published_at", "title"), settings.ROUTINES_PER_PAGE
        )
        page = paginator.get_page(request.GET.get("page"))

    form.show_counts(option_counts(**filters), only_none=bool(query))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "routines/routine_list.html",
        {
            "form": form,
            "areas": areas,
            "page": page,
            "query": query,
            "results": results,
            "filtered": bool(query or any(filters.values())),
            "querystring": params.urlencode(),
        },
    )


@public_page
@require_safe
def follow(request):
    """How to hear of new routines: the feed's address to copy into a feed reader, and more."""
    return render(
        request,
        "routines/follow.html",
        {"feed_url": request.build_absolute_uri(reverse("feed"))},
    )


@public_page
@require_safe
def routine_detail(request, slug):
    """A routine page. Drafts exist only for editors (a preview), never for readers."""
    routine = get_object_or_404(
        Routine.objects.select_related("variation_of").prefetch_related(
            "body_areas",
            "steps",
            "questions",
            "contraindications",
            # Published-ness of the few variations is checked below: a filtered prefetch
            # makes the database weigh the status index against the foreign key's.
            "variations",
        ),
        slug=slug,
    )
    if not routine.is_published and not request.user.has_perm("routines.change_routine"):
        raise Http404
    parent = routine.variation_of
    if parent is not None and not parent.is_published:
        parent = None
    response = render(
        request,
        "routines/routine_detail.html",
        {
            "routine": routine,
            "steps": routine.steps.all(),
            "areas": routine.body_areas.all(),
            "questions": routine.questions.all(),
            "contraindications": routine.contraindications.all(),
            "glossary": GlossaryLinks.for_page(routine.shown_language()),
            "variations": sorted(
                (v for v in routine.variations.all() if v.is_published), key=lambda v: v.title
            ),
            "parent": parent,
            "related": routine.related(),
            "has_chapters": any(step.start_seconds is not None for step in routine.steps.all()),
        },
    )
    if not routine.is_published:
        patch_cache_control(response, private=True)  # an editor's preview: never shared
    depends_on_routine(response, routine)  # readers' questions under it change on their own
    return response


@public_page
@require_safe
def glossary(request):
    """Plain words for the unfamiliar ones, in the reader's language; routine pages link here."""
    return render(request, "routines/glossary.html", {"terms": GlossaryTerm.objects.all()})


@public_page
@require_safe
def chapters(request, slug):
    """WebVTT chapters for the routine's video, one per step that has a start time."""
    routine = get_object_or_404(Routine.objects.published(), slug=slug)
    timed = [s for s in routine.steps.all() if s.start_seconds is not None]
    cues = []
    for n, step in enumerate(timed):
        end = timed[n + 1].start_seconds if n + 1 < len(timed) else step.start_seconds + 3600
        cues.append((step, end))
    return render(
        request, "routines/chapters.vtt", {"cues": cues}, content_type="text/vtt; charset=utf-8"
    )
