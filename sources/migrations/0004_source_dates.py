"""Sources' dates at their precision: the month, the date the text itself was written after, and
whether the title is a headline. The public copy an editor approved gains the same keys, derived
from what was approved (the date at the precision it had), so no source looks changed."""

import django.core.validators
from django.db import migrations, models


def extend_approved(apps, schema_editor):
    Source = apps.get_model("sources", "Source")
    for source in Source.objects.exclude(approved=None):
        approved = dict(source.approved)
        day, year = approved.get("published_on"), approved.get("year")
        approved.setdefault("published", day or (f"{year:04d}" if year else ""))
        approved.setdefault("published_precision", "day" if day else ("year" if year else "unknown"))
        approved.setdefault("written_after", "")
        approved.setdefault("title_is_descriptive", False)
        if approved != source.approved:
            source.approved = approved
            source.save(update_fields=["approved"])


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0003_approve_existing"),
    ]

    operations = [
        migrations.AddField(
            model_name="source",
            name="published_month",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="With the year, when the month is known but not the day (1–12).",
                null=True,
                validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(12)],
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="title_is_descriptive",
            field=models.BooleanField(
                default=False,
                help_text="Our copy carries no headline: the title describes the piece, and readers never see it as a headline.",
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="written_after",
            field=models.DateField(
                blank=True,
                help_text="The latest date the text itself mentions: it was written no earlier. A lower bound for an undated source, not its publication date; facts it reports as already true are dated from it.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="written_after_precision",
            field=models.CharField(
                choices=[("day", "Day"), ("month", "Month"), ("year", "Year"), ("unknown", "Unknown")],
                default="day",
                help_text="How precise that date is.",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="source",
            name="published_on",
            field=models.DateField(blank=True, help_text="The day it was published, when known.", null=True),
        ),
        migrations.AlterField(
            model_name="source",
            name="published_year",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="When only the year (or the month) is known, fill this and leave the date empty.",
                null=True,
            ),
        ),
        migrations.RunPython(extend_approved, migrations.RunPython.noop),
    ]
