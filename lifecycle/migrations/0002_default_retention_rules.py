"""The default retention rules, with their sources (README: "Retention and erasure").

The periods are those of Act 703/2023 for social welfare client documents, as
the National Archives' guidance tabulates them by service task
(kansallisarkisto.fi, "Sosiaalihuollon asiakirjojen säilytysaikojen
määrittely"). The statute's own annex was not at hand, so no rule is marked
checked; which service task a Polku case belongs to is our reading.
"""

from django.db import migrations

SOURCE_TABLE = (
    "Act 703/2023 (laki sosiaali- ja terveydenhuollon asiakastietojen käsittelystä), "
    "retention of social welfare client documents, as tabulated by the National Archives"
)

DEFAULTS = [
    {
        "applies_to": "adult",
        "years": 10,
        "counted_from": "closure",
        "source": f"{SOURCE_TABLE}: services for working-age people (työikäisten "
        "palvelutehtävä), 10 years from the closing of the matter.",
    },
    {
        "applies_to": "child",
        "years": 30,
        "counted_from": "closure",
        "source": f"{SOURCE_TABLE}: services for families with children (lapsiperheiden "
        "palvelutehtävä), 30 years from the closing of the matter.",
    },
    {
        "applies_to": "unaccompanied_minor",
        "years": 2,
        "counted_from": "death",
        "source": f"{SOURCE_TABLE}: child welfare (lastensuojelun palvelutehtävä), 2 years "
        "from the client's death.",
    },
]


def create_defaults(apps, schema_editor):
    rule = apps.get_model("lifecycle", "RetentionRule")
    for fields in DEFAULTS:
        rule.objects.update_or_create(applies_to=fields["applies_to"], defaults=fields)


class Migration(migrations.Migration):
    dependencies = [("lifecycle", "0001_retention_rules_holds_and_destruction_records")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
