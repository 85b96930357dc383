"""
The "Teachers" group (its members answer readers' questions on the site; it needs no admin
permission), and the question permissions added to the "Moderators" group.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATORS = "Moderators"
TEACHERS = "Teachers"
PERMISSIONS = [
    "moderate_readerquestion", "view_readerquestion", "change_readerquestion",
    "view_answer", "change_answer", "view_questionevent",
    "view_redflag", "change_redflag", "view_emergencynumber", "change_emergencynumber",
]  # fmt: skip


def create_groups(apps, schema_editor):
    app_config = apps.get_app_config("questions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get_or_create(name=TEACHERS)
    moderators, _created = Group.objects.get_or_create(name=MODERATORS)
    moderators.permissions.add(
        *Permission.objects.filter(content_type__app_label="questions", codename__in=PERMISSIONS)
    )


def delete_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=TEACHERS).delete()
    moderators = Group.objects.filter(name=MODERATORS).first()
    if moderators is not None:
        moderators.permissions.remove(
            *moderators.permissions.filter(content_type__app_label="questions")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0001_readers_questions_and_red_flags"),
        ("submissions", "0005_moderators_group"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
