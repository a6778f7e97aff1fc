"""Role groups and their permissions.

Each app declares what its roles may do as ``role_permissions`` on its
AppConfig (so the dependency chain core ← cases ← services ← checkpoints ←
plans ← dashboard holds). The data migrations create the groups; :func:`roles_sync` runs after
every ``migrate`` (and every test-database flush) and makes sure the groups
have exactly what the installed apps declare, no less.
"""

from collections.abc import Iterable
from typing import Any

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS, models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The working roles of Polku, each an auth group of the same name.

    The group names are stable identifiers (created by a data migration); the
    labels are what users read.
    """

    SOCIAL_WORKER = "social_worker", _("Social worker")
    TEAM_LEAD = "team_lead", _("Team lead")
    ADMINISTRATOR = "administrator", _("Administrator")


# The roles whose work is with clients; any other role sees no case content.
WORKING_ROLES = (Role.SOCIAL_WORKER, Role.TEAM_LEAD)


def ensure_permissions(apps: Apps) -> None:
    """Create the permissions of every migrated model now.

    Django creates permissions after ``migrate`` ends; a data migration that
    grants them has to create them first.
    """
    for app_config in apps.get_app_configs():
        # create_permissions only asks whether the app has a models module.
        app_config.models_module = True  # type: ignore[assignment]
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant_permissions(apps: Apps, role: Role, perms: Iterable[str]) -> None:
    """Give the group of ``role`` the permissions named ``"app_label.codename"``.

    For data migrations: ``apps`` is the migration's historical registry.
    """
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    ensure_permissions(apps)
    group, _created = group_model.objects.get_or_create(name=role.value)
    for perm in perms:
        app_label, codename = perm.split(".", 1)
        group.permissions.add(
            permission_model.objects.get(content_type__app_label=app_label, codename=codename)
        )


def roles_sync(using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """Ensure every role group exists with the permissions the apps declare.

    Connected to ``post_migrate``; idempotent.
    """
    group_model = global_apps.get_model("auth", "Group")
    permission_model = global_apps.get_model("auth", "Permission")
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    for role in Role:
        group_model.objects.using(using).get_or_create(name=role.value)
    for app_config in global_apps.get_app_configs():
        for role, perms in getattr(app_config, "role_permissions", {}).items():
            group = group_model.objects.using(using).get(name=role.value)
            for perm in perms:
                app_label, codename = perm.split(".", 1)
                group.permissions.add(
                    permission_model.objects.using(using).get(
                        content_type__app_label=app_label, codename=codename
                    )
                )
