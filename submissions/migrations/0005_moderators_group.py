"""
The "Moderators" group, with exactly the permissions moderation needs: decide on submissions
(and read them, and keep notes on them), and edit routines with their steps and questions.
Staff outside this group cannot moderate.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Moderators"
PERMISSIONS = {
    "submissions": ["moderate_submission", "view_submission", "change_submission"],
    "routines": [
        "view_routine", "add_routine", "change_routine",
        "view_step", "add_step", "change_step", "delete_step",
        "view_question", "add_question", "change_question", "delete_question",
        "view_bodyarea",
    ],
}  # fmt: skip


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate); on a fresh database
    # they do not exist yet, so create them now (create_permissions skips those that exist).
    for label in PERMISSIONS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    wanted = [
        Permission.objects.get(content_type__app_label=label, codename=codename)
        for label, codenames in PERMISSIONS.items()
        for codename in codenames
    ]
    group.permissions.set(wanted)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("routines", "0002_routine_media_and_licence"),
        ("submissions", "0004_moderator_digest"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
