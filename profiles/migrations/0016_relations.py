"""Relations between profiles, cited and reviewed with the profile that states them, and their public
index for both profiles' pages. New tables only: nothing existing changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('profiles', '0015_disputes_and_group_people'),
        ('sources', '0004_source_dates'),
    ]

    operations = [
        migrations.AddField(
            model_name='profileversion',
            name='related_profiles',
            field=models.ManyToManyField(blank=True, editable=False, help_text="Private index: the profiles this version's relations name, so their withheld places reach it.", related_name='+', to='profiles.profile'),
        ),
        migrations.CreateModel(
            name='PublicRelation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('relation_id', models.PositiveBigIntegerField(help_text='Relation id, stable across versions.')),
                ('kind', models.CharField(max_length=20)),
                ('label', models.CharField(help_text="As the owner's page reads it: 'Member of'.", max_length=100)),
                ('inverse_label', models.CharField(help_text="As the related profile's page reads it: 'Has member'.", max_length=100)),
                ('text', models.TextField(blank=True)),
                ('citations', models.JSONField(default=list, help_text="[{excerpt_id, source_id}] from the owner's live version.")),
                ('public_profile', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='relations', to='profiles.publicprofile')),
                ('related_profile', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='profiles.profile')),
            ],
            options={
                'ordering': ['pk'],
            },
        ),
        migrations.CreateModel(
            name='Relation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('member', 'Member of'), ('founder', 'Founder of'), ('worked_at', 'Worked at'), ('colleague', 'Has colleagues at'), ('spouse', 'Married to'), ('friend', 'Friend of'), ('performed_with', 'Performed with'), ('other', 'Related to')], max_length=20)),
                ('text', models.TextField(blank=True, help_text="Optional, for readers: what the source says of the relation, in a sentence. Shown on both profiles' pages.")),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('profile', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='relations', to='profiles.profile')),
                ('related_profile', models.ForeignKey(help_text='The other profile. Readers see the relation only while both profiles are published.', on_delete=django.db.models.deletion.CASCADE, related_name='related_from', to='profiles.profile')),
            ],
            options={
                'ordering': ['pk'],
            },
        ),
        migrations.CreateModel(
            name='RelationCitation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('order', models.PositiveSmallIntegerField(default=0)),
                ('excerpt', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='relation_citation_links', to='sources.excerpt')),
                ('relation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='citation_links', to='profiles.relation')),
            ],
            options={
                'ordering': ['order', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='relation',
            name='citations',
            field=models.ManyToManyField(related_name='relations', through='profiles.RelationCitation', to='sources.excerpt'),
        ),
        migrations.AddConstraint(
            model_name='relationcitation',
            constraint=models.UniqueConstraint(fields=('relation', 'excerpt'), name='unique_relation_citation'),
        ),
        migrations.AddConstraint(
            model_name='relation',
            constraint=models.UniqueConstraint(fields=('profile', 'related_profile', 'kind'), name='unique_relation'),
        ),
        migrations.AddConstraint(
            model_name='relation',
            constraint=models.CheckConstraint(condition=models.Q(('profile', models.F('related_profile')), _negated=True), name='relation_not_self'),
        ),
    ]
