"""Partner keys move from the profiles app to the api app without moving data: the tables keep
their names (profiles_apikey, profiles_apikeydailyusage); only Django's record of who owns the
models changes (profiles 0010 removes them from the profiles app's state)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("profiles", "0009_portrait_private_storage")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="ApiKey",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(help_text="The partner: newsroom, researcher or NGO.", max_length=200)),
                        ("contact_email", models.EmailField(blank=True, max_length=254)),
                        ("prefix", models.CharField(editable=False, help_text="Public part, to identify a key.", max_length=12, unique=True)),
                        ("hashed_key", models.CharField(editable=False, max_length=64, unique=True)),
                        ("rate_limit", models.CharField(blank=True, help_text="E.g. 1000/hour; empty uses the default.", max_length=20)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("revoked_at", models.DateTimeField(blank=True, null=True)),
                        ("last_used_at", models.DateTimeField(blank=True, editable=False, null=True)),
                    ],
                    options={"verbose_name": "partner API key", "db_table": "profiles_apikey"},
                ),
                migrations.CreateModel(
                    name="ApiKeyDailyUsage",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("day", models.DateField()),
                        ("requests", models.PositiveIntegerField(default=0)),
                        ("key", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="daily_usage", to="api.apikey")),
                    ],
                    options={
                        "db_table": "profiles_apikeydailyusage",
                        "ordering": ["-day"],
                        "constraints": [models.UniqueConstraint(fields=("key", "day"), name="unique_key_day")],
                    },
                ),
            ],
        )
    ]
