"""Let social workers and team leads issue and read the client's copies of plans."""

from django.db import migrations

from core.roles import Role
from core.roles import grant_permissions

COPY_PERMISSIONS = ["plans.add_issuedcopy", "plans.view_issuedcopy"]


def grant(apps, schema_editor):
    grant_permissions(apps, Role.SOCIAL_WORKER, COPY_PERMISSIONS)
    grant_permissions(apps, Role.TEAM_LEAD, COPY_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("plans", "0004_issued_copies")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
