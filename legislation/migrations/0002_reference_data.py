"""The jurisdictions every bill belongs to, and the curated subject vocabulary."""

from django.db import migrations

from legislation.reference import reference_data_ensure


def forwards(apps, schema_editor):
    reference_data_ensure(
        jurisdiction_model=apps.get_model("legislation", "Jurisdiction"),
        subject_model=apps.get_model("legislation", "Subject"),
    )


class Migration(migrations.Migration):
    dependencies = [("legislation", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
