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
from django.utils import timezone

STATUSES = {"needed": "applied", "arranged": "granted", "provided": "in_use"}
# In Finnish, the language of the records.
DECLINED_NOTE = "Asiakas kieltäytyi palvelusta (746/2011 38 a § 2 mom.)."
LEGACY_DATA = ["identity", "languages", "service_need"]


def statuses_carry_over(apps, schema_editor):
    Entitlement = apps.get_model("services", "Entitlement")
    for old, new in STATUSES.items():
        Entitlement.objects.filter(status=old).update(status=new)
    for entitlement in Entitlement.objects.filter(status="applied", applied_on__isnull=True):
        entitlement.applied_on = entitlement.assessed_on
        entitlement.save(update_fields=["applied_on"])
    for entitlement in Entitlement.objects.filter(status="declined"):
        entitlement.status = "not_needed"
        entitlement.note = f"{DECLINED_NOTE}\n{entitlement.note}".strip()
        entitlement.save(update_fields=["status", "note"])


def consents_carry_over(apps, schema_editor):
    Consent = apps.get_model("services", "Consent")
    Recipient = Consent.recipients.through
    rows = []
    # Consent rows are append-only in the app; a migration writes them once, as data.
    for consent in Consent.objects.all().iterator():
        fields = {"data": LEGACY_DATA if consent.kind == "given" else []}
        fields["given_on"] = timezone.localdate(consent.recorded_at)
        Consent.objects.filter(pk=consent.pk).update(**fields)
        if consent.provider_id:
            rows.append(Recipient(consent_id=consent.pk, provider_id=consent.provider_id))
    Recipient.objects.bulk_create(rows)


class Migration(migrations.Migration):

    dependencies = [
        ("services", "0004_statutory_referrals_consent_scope_statuses"),
    ]

    operations = [
        migrations.RunPython(statuses_carry_over, migrations.RunPython.noop),
        migrations.RunPython(consents_carry_over, migrations.RunPython.noop),
        migrations.RemoveField(model_name="consent", name="provider"),
    ]
