"""The client's folded search column, filled for existing clients, and its index.

On PostgreSQL a trigram (pg_trgm) GIN index serves the caseload's
``search_text LIKE '%word%'``; SQLite has no such index and scans, which is
fine at its sizes. pg_trgm is a trusted extension (PostgreSQL 13+): the
database's owner may create it.
"""

import unicodedata

from django.db import migrations, models

BATCH = 2000

# As core.text.fold at the time of this migration (a migration does not import
# code that may change later).
_SPELLED = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ð": "d", "ł": "l", "ı": "i",
     "þ": "th", "ħ": "h"}
)


def _fold(text):
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_SPELLED))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def search_text_fill(apps, schema_editor):
    Client = apps.get_model("cases", "Client")
    batch = []
    fields = ("pk", "case_code", "first_name", "last_name", "other_names")
    for client in Client.objects.only(*fields).order_by("pk").iterator(chunk_size=BATCH):
        client.search_text = _fold(
            " ".join((client.case_code, client.first_name, client.last_name, client.other_names))
        )
        batch.append(client)
        if len(batch) == BATCH:
            Client.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Client.objects.bulk_update(batch, ["search_text"])


def trigram_index_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS cases_client_search_trgm "
        "ON cases_client USING gin (search_text gin_trgm_ops)"
    )


def trigram_index_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS cases_client_search_trgm")


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0008_period_decisions"),
    ]

    operations = [
        migrations.AddField(
            model_name="client",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search text"),
        ),
        migrations.RunPython(search_text_fill, migrations.RunPython.noop),
        migrations.RunPython(trigram_index_create, trigram_index_drop),
    ]
