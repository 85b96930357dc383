"""
The published library: routines, their ordered steps, body areas and questions, the licences
readers share their work under, and the search index (`SearchWord`, `SearchEntry`), which
`search.py` fills and reads.

A routine is either a draft (invisible to readers) or published, from its publication date on
(which may be ahead: scheduled). Published-ness lives on the queryset
(`Routine.objects.published()`) so every public page asks the same question.
"""

from collections import Counter

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .drawing.library import pose_choices


class BodyArea(models.Model):
    """Where a routine is felt: readers filter by it, and its aliases feed search."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    aliases = models.TextField(
        _("search aliases"),
        blank=True,
        help_text=_("Other words readers use for this area, comma-separated."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("body area")
        verbose_name_plural = _("body areas")

    def __str__(self):
        return self.name


class Contraindication(models.Model):
    """
    A condition for which some movements are unsafe (a hip replacement, late pregnancy...), with
    the sentence readers see under "Before you start". It is data the editor can change, so that
    a routine names the conditions it must warn about and a test can check each routine carries
    the ones its movements call for (`routines.safety`).
    """

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=80)
    wording = models.TextField(
        _("wording"), help_text=_("The whole sentence readers see under “Before you start”.")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    # The starter data's checksum when the loader last wrote this row; "" once an editor saved it
    # in admin, so that loading the library again never overwrites their words.
    library_checksum = models.CharField(
        _("starter data checksum"), max_length=64, blank=True, editable=False
    )

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("contraindication")
        verbose_name_plural = _("contraindications")

    def __str__(self):
        return self.name


class GlossaryTerm(models.Model):
    """
    A word readers may not know ("psoas", "co-contraction"), explained in plain words on the
    glossary page; on a routine page its first use links there (`routines.glossary`).
    """

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    term = models.CharField(_("term"), max_length=80)
    forms = models.CharField(
        _("other forms"),
        max_length=300,
        blank=True,
        help_text=_("Other ways the word is written in routines (plurals...), comma-separated."),
    )
    definition = models.TextField(_("definition"))
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    library_checksum = models.CharField(
        _("starter data checksum"), max_length=64, blank=True, editable=False
    )

    class Meta:
        ordering = ["position", "term"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")

    def __str__(self):
        return self.term


class Position(models.TextChoices):
    """How the body is placed for a routine; readers filter by it."""

    BACK = "back", _("Lying on your back")
    SIDE = "side", _("Lying on your side")
    FRONT = "front", _("Lying on your front")
    CHAIR_OR_BED = "chair_or_bed", _("In a chair or in bed")
    STANDING = "standing", _("Standing")


class Level(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")


class Duration(models.TextChoices):
    """Buckets for the duration filter, with the minute range each covers."""

    SHORT = "short", _("Up to 5 minutes")
    MEDIUM = "medium", _("6 to 10 minutes")
    LONG = "long", _("More than 10 minutes")

    @property
    def minute_range(self) -> tuple[int, int | None]:
        return {"short": (0, 5), "medium": (6, 10), "long": (11, None)}[self.value]


class Licence(models.TextChoices):
    """
    The Creative Commons licences a reader may choose for their work: the submission form offers
    them, and the published routine links to the chosen one. A key follows Creative Commons' own
    naming (cc-<terms>-<version>), so the short name and the deed's address follow from it.
    """

    CC_BY_SA = "cc-by-sa-4.0", _("CC BY-SA 4.0 (others may share and adapt, with credit)")
    CC_BY_NC_SA = "cc-by-nc-sa-4.0", _("CC BY-NC-SA 4.0 (as above, but not for commercial use)")

    @property
    def short_name(self) -> str:
        """As the licence names itself, in every language: "CC BY-SA 4.0"."""
        terms, version = self.value.removeprefix("cc-").rsplit("-", 1)
        return f"CC {terms.upper()} {version}"

    @property
    def deed_url(self) -> str:
        terms, version = self.value.removeprefix("cc-").rsplit("-", 1)
        return f"https://creativecommons.org/licenses/{terms}/{version}/"


# Related routines are chosen among this many of the newest that share an area.
RELATED_CANDIDATES = 200
RELATED_SECONDS = 3600  # how long a ranking of related routines is kept (Routine.related)


class RoutineQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: published, and not scheduled for later."""
        return self.filter(status=Routine.Status.PUBLISHED, published_at__lte=timezone.now())

    def for_cards(self):
        """Everything a routine card shows, fetched in a constant number of queries."""
        return self.prefetch_related("body_areas")

    def filter_by(self, *, area: str = "", position: str = "", duration: str = ""):
        """Apply the browse filters; unknown values have already been dropped by the form."""
        qs = self
        if area:
            qs = qs.filter(body_areas__slug=area)
        if position:
            qs = qs.filter(position=position)
        if duration:
            low, high = Duration(duration).minute_range
            qs = qs.filter(minutes__gte=low)
            if high is not None:
                qs = qs.filter(minutes__lte=high)
        return qs


class Routine(models.Model):
    """A step-by-step somatic movement routine, as readers follow it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.CharField(_("one-line summary"), max_length=200)
    purpose = models.TextField(_("what it is for"), help_text=_("The pattern it releases."))
    why = models.TextField(_("why the pattern forms"), blank=True)
    audience = models.TextField(_("who it is for"), blank=True)
    equipment = models.CharField(_("what you need"), max_length=200, blank=True)
    cautions = models.TextField(
        _("cautions"), blank=True, help_text=_("One caution per line; shown before the steps.")
    )
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    level = models.CharField(
        _("level"), max_length=20, choices=Level.choices, default=Level.BEGINNER
    )
    body_areas = models.ManyToManyField(
        BodyArea, related_name="routines", blank=True, verbose_name=_("body areas")
    )
    aliases = models.TextField(
        _("search aliases"),
        blank=True,
        help_text=_("Words readers may search with (desk, trucker, soas…), comma-separated."),
    )
    variation_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="variations",
        verbose_name=_("variation of"),
    )
    variation_note = models.CharField(
        _("variation note"),
        max_length=200,
        blank=True,
        help_text=_("When to choose this variation, e.g. “when your back can take more”."),
    )
    original_language = models.CharField(
        _("original language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language the routine was written or spoken in."),
    )
    contraindications = models.ManyToManyField(
        Contraindication,
        related_name="routines",
        blank=True,
        verbose_name=_("contraindications"),
        help_text=_("Conditions to warn about, shown under “Before you start”."),
    )
    video_only = models.BooleanField(
        _("video only"),
        default=False,
        help_text=_("The video shows the steps: the page says “follow the video” instead."),
    )
    credit_name = models.CharField(_("credit"), max_length=120, blank=True)
    credit_url = models.URLField(_("credit link"), blank=True)
    poster = models.ImageField(_("poster image"), upload_to="posters/", blank=True)
    thumbnail = models.ImageField(
        _("card image"), upload_to="posters/", blank=True, help_text=_("Small, for cards.")
    )
    video = models.FileField(_("video file"), upload_to="videos/", blank=True)
    video_url = models.URLField(_("YouTube or Vimeo link"), blank=True)
    transcript = models.TextField(_("transcript"), blank=True)
    licence = models.CharField(
        _("licence"),
        max_length=20,
        blank=True,
        help_text=_("The Creative Commons licence a reader chose for their submission."),
    )

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    is_starter = models.BooleanField(
        _("starter content"),
        default=False,
        help_text=_("Loaded from the starter library; for the editor to review."),
    )
    library_checksum = models.CharField(max_length=64, blank=True, editable=False)
    # Bumped when what is shown under the routine changes without the library changing
    # (readers' questions and answers): its cached pages follow it (routines/caching.py).
    page_version = models.PositiveIntegerField(default=1, editable=False)
    library_loaded_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = RoutineQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "title"]
        verbose_name = _("routine")
        verbose_name_plural = _("routines")
        indexes = [
            models.Index(fields=["status", "published_at"]),
            models.Index(fields=["position", "status"]),
            models.Index(fields=["minutes"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("routines:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def licence_name(self) -> str:
        return Licence(self.licence).short_name if self.licence in Licence else self.licence

    @property
    def licence_url(self) -> str:
        return Licence(self.licence).deed_url if self.licence in Licence else ""

    @property
    def video_link(self):
        """The YouTube or Vimeo video, parsed; None when there is none (or it is not valid)."""
        from django.core.exceptions import ValidationError

        from somatics.video_links import parse_video_link

        if not self.video_url:
            return None
        try:
            return parse_video_link(self.video_url)
        except ValidationError:
            return None

    def translated_into(self, language: str) -> bool:
        """True when the routine reads in `language`: it was written in it, or has its title."""
        return language == self.original_language or bool(getattr(self, f"title_{language}", ""))

    def shown_language(self, language: str | None = None) -> str:
        """
        The language a reader of `language` (the active one by default) reads this routine in:
        their own when it is translated, else the first fallback language that has its text,
        as `routine.title` and the other translated fields do (routines/translation.py).
        """
        language = language or get_language()
        if self.translated_into(language):
            return language
        for fallback in settings.MODELTRANSLATION_FALLBACK_LANGUAGES:
            if self.translated_into(fallback):
                return fallback
        return self.original_language

    def purpose_repeats_summary(self) -> bool:
        """
        Whether "What it is for" would only say the summary again (a submission's one text
        used for both), so the page leaves it out rather than print the same words twice.
        """
        purpose = " ".join(self.purpose.split()).rstrip(".…").casefold()
        summary = " ".join(self.summary.split()).rstrip(".…").casefold()
        return not purpose or purpose == summary

    def caution_list(self) -> list[str]:
        return [line.strip() for line in self.cautions.splitlines() if line.strip()]

    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.split(",") if a.strip()]

    @property
    def visible_from(self):
        """When readers may start to find this routine: its publication, or never for a draft."""
        return self.published_at if self.status == self.Status.PUBLISHED else None

    @transaction.atomic
    def publish(self, when=None) -> None:
        """Mark published (keeping the first publication date), save, refresh cached pages."""
        self.status = self.Status.PUBLISHED
        self.published_at = self.published_at or when or timezone.now()
        self.save()
        self._refresh_visibility()

    @transaction.atomic
    def unpublish(self) -> None:
        """Back to draft: gone from every public page at once."""
        self.status = self.Status.DRAFT
        self.save()
        self._refresh_visibility()

    def _refresh_visibility(self) -> None:
        """Make search and cached pages follow this routine's publication, at once."""
        from .caching import library_changed  # caching sits above the models: imported late

        SearchEntry.objects.filter(routine=self).update(visible_from=self.visible_from)
        library_changed()

    def related(self, limit: int = 3) -> list["Routine"]:
        """
        Published routines sharing the most body areas, newest first, this family of variations
        excluded. Ranking them takes a few milliseconds, so the ranking is kept for an hour, even
        across changes to the library (a new routine joins the suggestions within the hour); the
        cards are fetched afresh, so a withdrawn routine is never suggested.
        """
        from .caching import lasting

        ids = lasting(
            f"routines:related:{self.pk}:{limit}",
            lambda: self._rank_related(limit),
            RELATED_SECONDS,
        )
        by_id = Routine.objects.published().for_cards().in_bulk(ids)
        return [by_id[pk] for pk in ids if pk in by_id]

    def _rank_related(self, limit: int) -> list[int]:
        """
        Among the newest routines sharing a body area with this one, those sharing the most.

        Looking at the newest `RELATED_CANDIDATES` only keeps this two small queries at any
        library size: the newest-first walk of the (status, published_at) index stops there,
        instead of counting shared areas over every routine of a popular area.
        """
        areas = [area.pk for area in self.body_areas.all()]
        if not areas:
            return []
        family = Q(pk=self.pk) | Q(variation_of=self.pk)
        if self.variation_of_id:
            family |= Q(pk=self.variation_of_id) | Q(variation_of=self.variation_of_id)
        in_areas = Routine.body_areas.through.objects.filter(bodyarea__in=areas)
        candidates = list(
            Routine.objects.published()
            .exclude(family)
            .filter(Exists(in_areas.filter(routine=OuterRef("pk"))))
            .values_list("pk", "published_at", "title")[:RELATED_CANDIDATES]
        )
        shared = Counter(
            in_areas.filter(routine__in=[pk for pk, _, _ in candidates]).values_list(
                "routine", flat=True
            )
        )
        candidates.sort(key=lambda row: (-shared[row[0]], -row[1].timestamp(), row[2]))
        return [pk for pk, _, _ in candidates[:limit]]


class Step(models.Model):
    """One numbered step of a routine: the cue plus how often, which side and how slowly."""

    class Side(models.TextChoices):
        NONE = "", _("—")
        BOTH = "both", _("Both sides")
        LEFT = "left", _("Left side")
        RIGHT = "right", _("Right side")

    routine = models.ForeignKey(
        Routine, on_delete=models.CASCADE, related_name="steps", verbose_name=_("routine")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("short label"), max_length=120, blank=True)
    cue = models.TextField(_("cue"), max_length=1000)
    reps = models.PositiveSmallIntegerField(_("repetitions"), null=True, blank=True)
    side = models.CharField(_("side"), max_length=10, choices=Side.choices, blank=True)
    hold_seconds = models.PositiveSmallIntegerField(_("hold (seconds)"), null=True, blank=True)
    # The slow letting-go after a hold has a length of its own: practice mode and the drawings
    # time it, where the pace can only say it in words.
    release_seconds = models.PositiveSmallIntegerField(
        _("release (seconds)"), null=True, blank=True
    )
    pace = models.CharField(_("pace"), max_length=80, blank=True)
    rest_seconds = models.PositiveSmallIntegerField(
        _("rest between reps (seconds)"), null=True, blank=True
    )
    start_seconds = models.PositiveIntegerField(
        _("starts in the video at (seconds)"), null=True, blank=True
    )
    # What the body does in this step, from `routines.safety.Movement` ("knee-to-chest"): some
    # call for a contraindication, which the routine must then carry.
    movements = models.JSONField(_("movements"), default=list, blank=True)
    # The drawing of the step: the pose it starts from and the one it moves to, by name from
    # the pose library (routines/drawing/poses.yaml). A choice list read from the library,
    # so that a new pose needs no migration.
    start_pose = models.CharField(_("start pose"), max_length=60, blank=True, choices=pose_choices)
    end_pose = models.CharField(
        _("end pose"),
        max_length=60,
        blank=True,
        choices=pose_choices,
        help_text=_("Leave empty when the step holds its start pose: it is drawn still."),
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self):
        return self.title


class AnsweredBy(models.TextChoices):
    """Who answered a frequently asked question: readers see it under the answer."""

    TEACHER = "teacher", _("The teacher")
    EDITOR = "editor", _("The editor")
    READER_AND_TEACHER = "reader_teacher", _("A reader's question, answered by a teacher")


class Question(models.Model):
    """
    A frequently asked question about a routine, answered by the editor or the teacher, or a
    reader's question that a teacher answered and the editor promoted here; each answer says
    who gave it (`answered_by`, `credit_name`) and, for a reader's, links back to where it
    was asked (`source_url`).
    """

    routine = models.ForeignKey(
        Routine, on_delete=models.CASCADE, related_name="questions", verbose_name=_("routine")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"))
    answered_by = models.CharField(
        _("answered by"), max_length=20, choices=AnsweredBy.choices, default=AnsweredBy.EDITOR
    )
    credit_name = models.CharField(
        _("credit"),
        max_length=120,
        blank=True,
        help_text=_("The name of who answered, as readers see it; empty for none."),
    )
    source_url = models.CharField(
        _("link back"),
        max_length=200,
        blank=True,
        help_text=_("Where the question was asked and answered, for a reader's question."),
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("frequently asked question")
        verbose_name_plural = _("frequently asked questions")

    def __str__(self):
        return self.question


class SearchWord(models.Model):
    """The search vocabulary: every word in the index once, with its sound-alike key."""

    word = models.CharField(max_length=64, unique=True)
    sound = models.CharField(max_length=64, db_index=True)

    def __str__(self):
        return self.word


class SearchEntry(models.Model):
    """
    One sound-alike key of one routine's text in one language (`search.sound`), weighted by the
    most prominent place a word with that key appears (title above steps), and when readers may
    start to find it.

    `serves` lists the reader languages shown that text (" en es " for English read by Spanish
    readers too, until the routine is translated into Spanish), so that a reader's search
    reads exactly one text of each routine. `visible_from` copies `Routine.visible_from` (empty
    for a draft), so that ranking reads this table alone: its index holds every column a query
    needs.
    """

    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="search_entries")
    key = models.CharField(max_length=64, db_default="")
    # The heaviest word of the text with this key (since 0012), so that a reader's exact word
    # ranks above a sound-alike ("weak" above "week"). Empty in rows written before 0012 (the
    # word index of before 0004 left it unused) until `rebuild_search_index` runs.
    word = models.CharField(max_length=64, db_default="", editable=False)
    weight = models.PositiveSmallIntegerField()
    # How gentle the routine is (`search.gentleness`): among routines that fit a question
    # equally, the gentler comes first, and first of all when the reader says it hurts.
    gentle = models.PositiveSmallIntegerField(db_default=1)
    visible_from = models.DateTimeField(null=True)
    # The language of the text these words were read from, and the readers shown that text,
    # each language code between spaces (`serves__contains=" fr "`). Rows written before 0010
    # (or by a server still running older code) are English, shown to every reader.
    language = models.CharField(max_length=8, db_default="en")
    serves = models.CharField(max_length=32, db_default=" en fr es ")

    class Meta:
        # One index serves every search: by key, then weight, so that a one-word search reads
        # its best page straight off the index and stops (read backwards: heaviest first, then
        # newest routine), with the routine, visibility and readers in it for the rest. Grouping
        # by routine did not need the routine second: at 100,000 routines "psoas" went 20 ->
        # 0.1 ms and two-word searches got no slower. (Each (key, routine, language) is written
        # once by `index_routines`; a unique constraint would be a second index of that size.)
        # Gentleness comes after the weight, so that a one-word search still reads its page
        # straight off the index; the word comes last, read only when a key has sound-alikes.
        indexes = [
            models.Index(
                fields=["key", "weight", "gentle", "routine", "visible_from", "serves", "word"],
                name="search_entry_ranking",
            ),
        ]

    def __str__(self):
        return f"{self.key} ({self.weight})"


class LibraryVersion(models.Model):
    """
    One row: the number every cached piece of the library is kept under (routines/caching.py).

    It is in the database, not in a cache, so that every process on every server (app workers,
    task workers, management commands) sees a change the moment its transaction commits.
    """

    number = models.PositiveBigIntegerField(default=1)

    class Meta:
        verbose_name = _("library version")
        verbose_name_plural = _("library version")

    def __str__(self):
        return str(self.number)
