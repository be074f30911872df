"""Timeline entries dated by their source and ordered explicitly; public sources carry their date
at its precision. The public rows of sources already published get the date they show."""

from django.db import migrations, models


def fill_public_dates(apps, schema_editor):
    PublicSource = apps.get_model("profiles", "PublicSource")
    for row in PublicSource.objects.all():
        if row.published_on:
            row.published, row.published_precision = row.published_on.isoformat(), "day"
        elif row.year:
            row.published, row.published_precision = f"{row.year:04d}", "year"
        else:
            row.published, row.published_precision = "", "unknown"
        row.save(update_fields=["published", "published_precision"])


class Migration(migrations.Migration):

    dependencies = [
        ("profiles", "0012_waves"),
        ("sources", "0004_source_dates"),
    ]

    operations = [
        migrations.AddField(
            model_name='publicsource',
            name='published',
            field=models.CharField(blank=True, help_text='At its precision: 2022, 2022-03, 2022-03-04.', max_length=10),
        ),
        migrations.AddField(
            model_name='publicsource',
            name='published_precision',
            field=models.CharField(blank=True, max_length=10),
        ),
        migrations.AddField(
            model_name='publicsource',
            name='title_is_descriptive',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='publicsource',
            name='written_after',
            field=models.CharField(blank=True, help_text='The latest date the text mentions.', max_length=10),
        ),
        migrations.AddField(
            model_name='timelineentry',
            name='as_of_source',
            field=models.BooleanField(default=False, help_text='The source reports this as already true when it was written, without a date of its own (“is already building a new life in Israel”). The date is then the one the source was written no earlier than, shown as “as reported, … or later”; left empty, it is taken from the cited sources.', verbose_name='dated by its source'),
        ),
        migrations.AddField(
            model_name='timelineentry',
            name='sort_order',
            field=models.SmallIntegerField(default=0, help_text='Order among entries the dates cannot separate (the same date, or a year and its months): lower first.'),
        ),
        migrations.RunPython(fill_public_dates, migrations.RunPython.noop),
    ]
