"""A consent's single provider is gone: 0005 made it the consent's only recipient.

A migration of its own, so that its ALTER TABLE runs in a transaction of its
own on PostgreSQL, after the recipients 0005 inserted are checked.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("services", "0005_statuses_and_consents_carried_over"),
    ]

    operations = [
        migrations.RemoveField(model_name="consent", name="provider"),
    ]
