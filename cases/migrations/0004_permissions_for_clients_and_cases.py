"""Let social workers and team leads record clients, cases, journals and representatives.

Administrators get none of these: they manage users and reference data and do
not read case content. Which records a worker may read is decided by
``Case.objects.visible_to``; these permissions only say what kind of work the
role does.
"""

from django.db import migrations

from core.roles import Role
from core.roles import grant_permissions

CASEWORK_PERMISSIONS = [
    f"cases.{verb}_{model}"
    for model in ("client", "case", "journalentry", "representative")
    for verb in ("add", "change", "view")
]


def grant(apps, schema_editor):
    grant_permissions(apps, Role.SOCIAL_WORKER, CASEWORK_PERMISSIONS)
    # The lead answers the client's question "who has looked at my data".
    grant_permissions(apps, Role.TEAM_LEAD, [*CASEWORK_PERMISSIONS, "cases.view_accesslog"])


def revoke(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    codenames = [perm.split(".", 1)[1] for perm in CASEWORK_PERMISSIONS] + ["view_accesslog"]
    permissions = permission_model.objects.filter(
        content_type__app_label="cases", codename__in=codenames
    )
    for group in group_model.objects.filter(name__in=[Role.SOCIAL_WORKER, Role.TEAM_LEAD]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_clients_cases_journal_access"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
