"""Figures the source gives in words keep the words (`as_written`) and say whether the value is the
least or the most they can mean (`bound`); two units for shares that are not of respondents. The
public copies editors approved gain the same keys, empty, so no figure looks changed."""

from django.db import migrations, models


def extend_approved(apps, schema_editor):
    AggregateFigure = apps.get_model("sources", "AggregateFigure")
    for figure in AggregateFigure.objects.exclude(approved=None):
        approved = {"as_written": "", "bound": "", **figure.approved}
        if approved != figure.approved:
            figure.approved = approved
            figure.save(update_fields=["approved"])


class Migration(migrations.Migration):

    dependencies = [
        ('sources', '0004_source_dates'),
    ]

    operations = [
        migrations.AddField(
            model_name='aggregatefigure',
            name='as_written',
            field=models.CharField(blank=True, help_text="The source's own words when it gives no numeral (“several hundred thousand”, “about half”). Readers see the words; the value only sizes the figure.", max_length=100),
        ),
        migrations.AddField(
            model_name='aggregatefigure',
            name='bound',
            field=models.CharField(blank=True, choices=[('', 'As given'), ('lower', 'At least (the least the words can mean)'), ('upper', 'At most (“up to”)')], default='', help_text="Whether the value is the least (“hundreds of thousands”: 200,000) or the most (“up to”) the source's words can mean.", max_length=10),
        ),
        migrations.AlterField(
            model_name='aggregatefigure',
            name='unit',
            field=models.CharField(choices=[('percent', 'Percent of respondents'), ('percent_population', 'Percent of the population'), ('percent_group', 'Percent of the group described'), ('people', 'People'), ('people_per_day', 'People per day')], max_length=20),
        ),
        migrations.RunPython(extend_approved, migrations.RunPython.noop),
    ]
