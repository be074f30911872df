"""Disputed and corrected entries (citing the other source), why the current report is current,
and a group's entries about some of its people. Every existing citation supports its entry, so no
entry loses one; no entry was disputed, corrected or about a group's people before."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('profiles', '0014_attribution'),
    ]

    operations = [
        migrations.AddField(
            model_name='citation',
            name='role',
            field=models.CharField(choices=[('supports', 'Supports the entry'), ('disputes', 'Disputes or corrects it')], default='supports', max_length=10),
        ),
        migrations.AddField(
            model_name='timelineentry',
            name='about',
            field=models.CharField(blank=True, choices=[('', 'The profile itself'), ('people', "Some of its people (a group's members or colleagues)")], default='', help_text='For a group: an entry about some of its people (colleagues seen in Tbilisi) never gives the group itself a place or a current location.', max_length=10),
        ),
        migrations.AddField(
            model_name='timelineentry',
            name='current_reason',
            field=models.CharField(blank=True, help_text='When sources differ: why this report is the one you follow (“the later account”). Public.', max_length=300, verbose_name='why current'),
        ),
        migrations.AddField(
            model_name='timelineentry',
            name='dispute',
            field=models.CharField(blank=True, choices=[('', 'Stands'), ('disputed', 'Disputed by another source'), ('corrected', 'Corrected by a later source')], default='', help_text='Disputed: another source says otherwise (both stay; cite the disputing excerpt). Corrected: a later source shows it wrong; readers see the correction, not the error as fact.', max_length=10, verbose_name='standing'),
        ),
        migrations.AddField(
            model_name='timelineentry',
            name='dispute_note',
            field=models.TextField(blank=True, help_text='For readers, in a sentence: “A later article has him leaving Russia for Berlin.”', verbose_name='what the other source says'),
        ),
    ]
