"""Public figures carry the source's words and whether the value is a bound."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('profiles', '0016_relations'),
    ]

    operations = [
        migrations.AddField(
            model_name='publicfigure',
            name='as_written',
            field=models.CharField(blank=True, help_text="The source's words, shown instead of a bare number.", max_length=100),
        ),
        migrations.AddField(
            model_name='publicfigure',
            name='bound',
            field=models.CharField(blank=True, choices=[('', 'As given'), ('lower', 'At least (the least the words can mean)'), ('upper', 'At most (“up to”)')], max_length=10),
        ),
        migrations.AlterField(
            model_name='publicfigure',
            name='unit',
            field=models.CharField(choices=[('percent', 'Percent of respondents'), ('percent_population', 'Percent of the population'), ('percent_group', 'Percent of the group described'), ('people', 'People'), ('people_per_day', 'People per day')], max_length=20),
        ),
    ]
