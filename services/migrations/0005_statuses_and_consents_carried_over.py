"""Existing entitlements and consents in the new terms.

Statuses: "needed" was raised but not yet decided, so it is "applied /
decision pending" (applied on the day it was assessed); "arranged" is
"granted" (its date is the decision's, renamed in 0003); "provided" is
"in use"; "declined" by the client is "not needed", the note saying that the
client declined (746/2011 38 a § 2 mom.). History rows keep what was true then.

Consents: one limited to a provider has that provider as its only
recipient; each was given on the day it was recorded; what data it allows
was not recorded, so it allows the least a referral needs (name and date of
birth, languages, the need for the service), never contact details or the
henkilötunnus.
"""

from django.db import migrations
from django.db.models import Case, F, TextField, Value, When
from django.db.models.functions import Concat, TruncDate

STATUSES = {"needed": "applied", "arranged": "granted", "provided": "in_use"}
# In Finnish, the language of the records.
DECLINED_NOTE = "Asiakas kieltäytyi palvelusta (746/2011 38 a § 2 mom.)."
LEGACY_DATA = ["identity", "languages", "service_need"]


def statuses_carry_over(apps, schema_editor):
    Entitlement = apps.get_model("services", "Entitlement")
    Entitlement.objects.filter(status="needed", applied_on__isnull=True).update(
        applied_on=F("assessed_on")
    )
    for old, new in STATUSES.items():
        Entitlement.objects.filter(status=old).update(status=new)
    Entitlement.objects.filter(status="declined").update(
        status="not_needed",
        note=Case(
            When(note="", then=Value(DECLINED_NOTE)),
            default=Concat(Value(DECLINED_NOTE + "\n"), "note"),
            output_field=TextField(),
        ),
    )


def consents_carry_over(apps, schema_editor):
    Consent = apps.get_model("services", "Consent")
    Recipient = Consent.recipients.through
    # Consent rows are append-only in the app; a migration writes them once, as data.
    Consent.objects.filter(kind="given").update(data=LEGACY_DATA)
    Consent.objects.update(given_on=TruncDate("recorded_at"))
    limited = Consent.objects.filter(provider__isnull=False).values_list("pk", "provider_id")
    Recipient.objects.bulk_create(
        (Recipient(consent_id=pk, provider_id=provider_id) for pk, provider_id in limited),
        batch_size=2000,
    )


class Migration(migrations.Migration):

    dependencies = [
        ("services", "0004_statutory_referrals_consent_scope_statuses"),
    ]

    operations = [
        migrations.RunPython(statuses_carry_over, migrations.RunPython.noop),
        migrations.RunPython(consents_carry_over, migrations.RunPython.noop),
    ]
