"""Role groups and their permissions, for data migrations.

Each app grants its own permissions to the roles in a data migration of its
own, through :func:`grant_permissions`, so that the roles grow with the apps
while the dependency chain (cases ← services ← checkpoints ← plans) holds.
"""

from collections.abc import Iterable

from django.apps.registry import Apps
from django.contrib.auth.management import create_permissions

from cases.models import Role


def ensure_permissions(apps: Apps) -> None:
    """Create the permissions of every migrated model now.

    Django creates permissions after ``migrate`` ends; a data migration that
    grants them has to create them first.
    """
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant_permissions(apps: Apps, role: Role, perms: Iterable[str]) -> None:
    """Give the group of ``role`` the permissions named ``"app_label.codename"``."""
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    ensure_permissions(apps)
    group, _created = group_model.objects.get_or_create(name=role.value)
    for perm in perms:
        app_label, codename = perm.split(".", 1)
        group.permissions.add(
            permission_model.objects.get(content_type__app_label=app_label, codename=codename)
        )
