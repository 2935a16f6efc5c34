from django.db import migrations, models
from django.db.models import F


def mark_existing_sent(apps, schema_editor):
    # Rows from before the outbox had their email queued when they were made; without
    # this, the first drain after the upgrade would mail every unconfirmed signer again.
    Signature = apps.get_model("campaigns", "Signature")
    Signature.objects.filter(confirmation_sent_at__isnull=True).update(
        confirmation_sent_at=F("created_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0002_participation"),
    ]

    operations = [
        migrations.AddField(
            model_name="signature",
            name="confirmation_sent_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="confirmation sent at"
            ),
        ),
        migrations.RunPython(mark_existing_sent, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="signature",
            index=models.Index(
                condition=models.Q(
                    ("confirmation_sent_at__isnull", True), ("confirmed_at__isnull", True)
                ),
                fields=["id"],
                name="signature_unsent",
            ),
        ),
    ]
