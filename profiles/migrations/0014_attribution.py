"""Who says so: every timeline entry is reported by the source, stated by the person or alleged by
an authority. The state designations already stored (foreign agent, wanted list, criminal case)
were always an authority's claim, so they say so now; the source named no authority the model
could hold, so none is filled in."""

from django.db import migrations, models


def designations_are_claims(apps, schema_editor):
    TimelineEntry = apps.get_model("profiles", "TimelineEntry")
    TimelineEntry.objects.filter(kind__in=["foreign_agent", "wanted", "criminal_case"]).update(
        attribution="authority"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('profiles', '0013_source_dates_and_timeline_order'),
    ]

    operations = [
        migrations.AddField(
            model_name='timelineentry',
            name='attribution',
            field=models.CharField(choices=[('source', 'Reported by the source'), ('person', 'Stated by the person'), ('authority', 'Alleged by an authority')], default='source', help_text="Reported by the source in its own voice, stated by the person (“he says the film is off”), or alleged by an authority. A foreign-agent designation, a wanted list or a criminal case is always an authority's claim.", max_length=10, verbose_name='who says so'),
        ),
        migrations.AddField(
            model_name='timelineentry',
            name='authority',
            field=models.CharField(blank=True, help_text="Who makes the claim, as the source names it (e.g. “regional prosecutors' offices”). Leave it blank when the source does not say: never guess.", max_length=200),
        ),
        migrations.AlterField(
            model_name='timelineentry',
            name='kind',
            field=models.CharField(choices=[('left_russia', 'Left Russia'), ('arrived', 'Arrived'), ('moved_on', 'Moved on'), ('returned', 'Returned to Russia'), ('foreign_agent', 'Designated a “foreign agent”'), ('wanted', 'Put on a wanted list'), ('criminal_case', 'Criminal case opened'), ('cancelled', 'Work cancelled or banned'), ('statement', 'Statement'), ('other', 'Other')], max_length=20),
        ),
        migrations.RunPython(designations_are_claims, migrations.RunPython.noop),
    ]
