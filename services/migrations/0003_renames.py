"""Renames that keep their data: a provider's name is its Finnish name now, and an
entitlement's "arranged" and "provided" dates are its decision and start of use."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("services", "0002_roles"),
    ]

    operations = [
        migrations.RenameField(model_name="provider", old_name="name", new_name="name_fi"),
        migrations.RenameField(model_name="historicalprovider", old_name="name", new_name="name_fi"),
        migrations.RenameField(model_name="entitlement", old_name="arranged_on", new_name="decided_on"),
        migrations.RenameField(
            model_name="historicalentitlement", old_name="arranged_on", new_name="decided_on"
        ),
        migrations.RenameField(model_name="entitlement", old_name="provided_on", new_name="started_on"),
        migrations.RenameField(
            model_name="historicalentitlement", old_name="provided_on", new_name="started_on"
        ),
    ]
