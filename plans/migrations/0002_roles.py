"""Let workers and leads write plans, and leads review their changes.

Administrators get nothing of the plans (case content). ``PlansConfig.role_permissions``
declares the same; ``core.roles.roles_sync`` keeps the groups whole after every migrate.
"""

from django.db import migrations

from core.roles import Role
from core.roles import grant_permissions

CASEWORK_PERMISSIONS = [
    f"plans.{verb}_{model}"
    for model in ("plan", "goal", "measure", "participant")
    for verb in ("add", "change", "view")
]
REVIEW_PERMISSIONS = ["plans.add_planchangereview", "plans.view_planchangereview"]


def grant(apps, schema_editor):
    grant_permissions(apps, Role.SOCIAL_WORKER, CASEWORK_PERMISSIONS)
    grant_permissions(apps, Role.TEAM_LEAD, [*CASEWORK_PERMISSIONS, *REVIEW_PERMISSIONS])


def revoke(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    permissions = permission_model.objects.filter(content_type__app_label="plans")
    for group in group_model.objects.filter(name__in=[role.value for role in Role]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_roles"),
        ("plans", "0001_plans_goals_measures_participants_reviews"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
