from django.db import migrations


class Migration(migrations.Migration):
    """The moved models' tables take the dashboard's names (a rename: no row is copied)."""

    dependencies = [
        ("dashboard", "0001_move_outcomes_and_pathway_to_dashboard"),
        ("plans", "0007_move_outcomes_and_pathway_to_dashboard"),
    ]

    operations = [
        migrations.AlterModelTable(name="outcomeassessment", table=None),
        migrations.AlterModelTable(name="historicaloutcomeassessment", table=None),
        migrations.AlterModelTable(name="pathwaystate", table=None),
        migrations.RenameIndex(
            model_name="outcomeassessment",
            new_name="dashboard_o_case_id_7d7758_idx",
            old_name="plans_outco_case_id_7f56ab_idx",
        ),
    ]
