"""Let workers and leads record entitlements, consent, referrals, costs and claims,
and administrators keep the reference data.

Administrators get nothing of the case content. ``ServicesConfig.role_permissions``
declares the same; ``core.roles.roles_sync`` keeps the groups whole after every migrate.
"""

from django.db import migrations

from core.roles import Role
from core.roles import grant_permissions

CASEWORK_PERMISSIONS = [
    f"services.{verb}_{model}"
    for model in ("entitlement", "consent", "referral", "costentry", "claim", "claimline")
    for verb in ("add", "change", "view")
]
REFERENCE_DATA_PERMISSIONS = [
    f"services.{verb}_{model}"
    for model in ("entitlementtype", "provider", "supportservicetype")
    for verb in ("add", "change", "view")
]


def grant(apps, schema_editor):
    grant_permissions(apps, Role.SOCIAL_WORKER, CASEWORK_PERMISSIONS)
    grant_permissions(apps, Role.TEAM_LEAD, CASEWORK_PERMISSIONS)
    grant_permissions(apps, Role.ADMINISTRATOR, REFERENCE_DATA_PERMISSIONS)


def revoke(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    permissions = permission_model.objects.filter(content_type__app_label="services")
    for group in group_model.objects.filter(name__in=[role.value for role in Role]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_roles"),
        ("services", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
