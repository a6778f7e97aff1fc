"""Create the three working roles as groups, with the foundation's permissions."""

from django.db import migrations

from core.roles import Role
from core.roles import grant_permissions


def create_roles(apps, schema_editor):
    grant_permissions(apps, Role.SOCIAL_WORKER, ["cases.view_team"])
    grant_permissions(apps, Role.TEAM_LEAD, ["cases.view_team"])
    # Administrators manage users and teams; users are deactivated, never deleted,
    # so that every record keeps its author.
    grant_permissions(
        apps,
        Role.ADMINISTRATOR,
        [
            "cases.add_user",
            "cases.change_user",
            "cases.view_user",
            "cases.add_team",
            "cases.change_team",
            "cases.delete_team",
            "cases.view_team",
            "cases.add_teammembership",
            "cases.change_teammembership",
            "cases.delete_teammembership",
            "cases.view_teammembership",
            "auth.view_group",
        ],
    )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[r.value for r in Role]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cases", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
