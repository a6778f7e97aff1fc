"""The default mental-state scale (DOMAIN.md: Scales), used by every team without its own.

Each default level counts as the base level of the same code, so that the
prerequisites of support services read the same on the default scale.
"""

import uuid

from django.db import migrations

DEFAULT_LEVELS = [
    # code, rank, Finnish, Swedish, English
    (
        "needs_intensive_therapy",
        10,
        "Tarvitsee ensin intensiivistä terapiaa",
        "Behöver först intensiv terapi",
        "Needs intensive therapy first",
    ),
    (
        "with_support",
        20,
        "Voi osallistua tuettuna",
        "Kan delta med stöd",
        "Can take part with support",
    ),
    ("ready", 30, "Valmis", "Redo", "Ready"),
]


def create_defaults(apps, schema_editor):
    level_model = apps.get_model("checkpoints", "MentalStateLevel")
    for code, rank, name_fi, name_sv, name_en in DEFAULT_LEVELS:
        level_model.objects.get_or_create(
            team=None,
            code=code,
            defaults={
                "id": uuid.uuid4(),
                "rank": rank,
                "counts_as": code,
                "name_fi": name_fi,
                "name_sv": name_sv,
                "name_en": name_en,
            },
        )


def remove_defaults(apps, schema_editor):
    level_model = apps.get_model("checkpoints", "MentalStateLevel")
    codes = [code for code, *_rest in DEFAULT_LEVELS]
    level_model.objects.filter(team=None, code__in=codes, assessments__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("checkpoints", "0001_assessments_and_levels"),
    ]

    operations = [migrations.RunPython(create_defaults, remove_defaults)]
