"""Shared fixtures: small factories for the library, and plain static storage for tests."""

import itertools

import pytest
from django.utils import timezone

from routines.models import BodyArea, Position, Question, Routine, Step
from routines.search import index_routine

_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Manifest storage needs collectstatic; tests serve static files straight from static/."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real password hashing is slow by design; tests create many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def english_to_start():
    """
    A request to /fr/… leaves French active in the thread after it: start every test in the
    site's default language, as a fresh process does, so no test depends on the one before.
    """
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """
    The library's cache lives in this process and outlives each test's rolled-back database:
    start every test with it empty. (The shared cache is a database table, rolled back too.)
    """
    from routines.caching import forget_all

    forget_all()
    yield
    forget_all()


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path, monkeypatch):
    """Every test gets its own private upload folder, so none writes into the project."""
    from django.core.files.storage import storages

    from submissions.models import Submission, Video

    root = tmp_path / "private-media"
    settings.RESUMABLE_UPLOAD_ROOT = tmp_path / "resumable"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {**settings.STORAGES["private"], "OPTIONS": {"location": root}},
    }
    # A FileField resolves its storage once, when the model is built: point them at the new one.
    monkeypatch.setattr(Submission._meta.get_field("video"), "storage", storages["private"])
    for name in ("web", "poster", "thumbnail"):
        monkeypatch.setattr(Video._meta.get_field(name), "storage", storages["private"])
    return root


@pytest.fixture
def make_area(db):
    def make(name="Low back", slug=None, aliases=""):
        return BodyArea.objects.create(
            name=name, slug=slug or name.lower().replace(" ", "-"), aliases=aliases
        )

    return make


@pytest.fixture
def make_routine(db):
    """Create a routine (published unless told otherwise) with steps, indexed for search."""

    def make(
        title=None,
        *,
        steps=3,
        areas=(),
        published=True,
        position=Position.BACK,
        minutes=8,
        questions=0,
        **fields,
    ):
        n = next(_counter)
        title = title or f"Routine {n}"
        routine = Routine.objects.create(
            title=title,
            slug=fields.pop("slug", f"routine-{n}"),
            summary=fields.pop("summary", f"A gentle routine number {n}."),
            purpose=fields.pop("purpose", "Releases a habitual contraction."),
            position=position,
            minutes=minutes,
            status=Routine.Status.PUBLISHED if published else Routine.Status.DRAFT,
            published_at=timezone.now() if published else None,
            **fields,
        )
        routine.body_areas.set(areas)
        Step.objects.bulk_create(
            Step(routine=routine, order=i, title=f"Step {i}", cue=f"Move slowly, part {i}.")
            for i in range(1, steps + 1)
        )
        Question.objects.bulk_create(
            Question(routine=routine, order=i, question=f"Question {i}?", answer="An answer.")
            for i in range(1, questions + 1)
        )
        index_routine(routine)
        return routine

    return make


# The rows the first `starter_library` of the session wrote, table by table, for the others.
_starter_rows: dict[str, tuple[list[str], list[tuple]]] = {}


def _starter_tables():
    from routines.models import Contraindication, GlossaryTerm, SearchEntry, SearchWord

    models = [BodyArea, Contraindication, GlossaryTerm, Routine, Routine.body_areas.through,
              Routine.contraindications.through, Step, Question, SearchWord,
              SearchEntry]  # fmt: skip
    return models, [model._meta.db_table for model in models]


@pytest.fixture
def starter_library(db):
    """
    The real starter library, loaded the way `make run` loads it.

    Loading it reads and indexes eleven files in three languages (about 1.5 s); the first test
    of the session does that through `load_library`, and every later one gets the very rows it
    wrote, copied back in with their ids (then the database's id sequences and the library
    version move past them, as after a load). Where a test has already put some of those rows
    in, the library is loaded for real.
    """
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from routines.caching import library_changed
    from routines.starter import load_library

    models, tables = _starter_tables()
    with connection.cursor() as cursor:
        empty = all(
            not cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(t)} LIMIT 1").fetchone()
            for t in tables
        )
        if not _starter_rows or not empty:
            load_library()
            if empty:
                for table in tables:
                    cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
                    columns = [c[0] for c in cursor.description]
                    _starter_rows[table] = (columns, cursor.fetchall())
            return Routine.objects.all()
    # One transaction, so that foreign keys (a variation's parent) are checked once all are in.
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            columns, rows = _starter_rows[table]
            names = ", ".join(connection.ops.quote_name(c) for c in columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {connection.ops.quote_name(table)} ({names}) VALUES ({marks})", rows
            )
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    library_changed()
    return Routine.objects.all()


@pytest.fixture
def moderator(django_user_model):
    """Staff with the permission to decide on submissions (what the Moderators group grants)."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(
        "mod", "mod@example.com", "pw", is_staff=True, display_name="The Editor"
    )
    user.user_permissions.add(Permission.objects.get(codename="moderate_submission"))
    return user


@pytest.fixture
def editor(django_user_model):
    """A staff user who may edit routines (and so preview drafts)."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(
        "editor", "editor@example.com", "pw", is_staff=True
    )
    user.user_permissions.add(Permission.objects.get(codename="change_routine"))
    return user


@pytest.fixture
def make_reader(db, django_user_model):
    """A signed-up reader; `verified=False` for one who has not confirmed their email yet."""
    from allauth.account.models import EmailAddress

    def make(email="reader@example.com", *, verified=True, display_name=""):
        user = django_user_model.objects.create_user(
            username=email.split("@")[0],
            email=email,
            password="a-long-passphrase",
            display_name=display_name,
        )
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
        return user

    return make


@pytest.fixture
def reader(make_reader):
    return make_reader()


@pytest.fixture
def make_submission(db, make_reader):
    """A submission sent through the reader's flow, as the form sends it: waiting for review."""
    from django.core.files import File

    from submissions.flows import SubmissionContent, submit
    from submissions.models import Submission

    def make(submitter=None, *, title="Knee rocking", kind="written", video=None, **fields):
        submitter = submitter or make_reader(f"sender{Submission.objects.count()}@example.com")
        content = SubmissionContent(
            kind=kind,
            title=title,
            addresses=fields.pop("addresses", "A stiff low back."),
            position=fields.pop("position", "back"),
            minutes=fields.pop("minutes", 5),
            steps=fields.pop("steps", ["Lie down.", "Rock the knees."]),
            # What every published routine needs, and the credit the form prefills.
            cautions=fields.pop("cautions", "Stop if anything hurts."),
            credit_name=fields.pop("credit_name", submitter.display_name),
            licence="cc-by-sa-4.0",
            confirmed_own_work=True,
            confirmed_consent=True,
            accepted_editing=True,
            **fields,
        )
        if video is None:
            return submit(submitter=submitter, content=content)
        with open(video, "rb") as handle:
            content.video = File(handle, name=video.name)
            return submit(submitter=submitter, content=content)

    return make


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Background tasks run at once, in the test; a test that wants the queue sets TASKS itself."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
