"""The partner keys now belong to the api app (api 0001); their tables and rows stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0009_portrait_private_storage"),
        ("api", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(model_name="apikeydailyusage", name="key"),
                migrations.DeleteModel(name="ApiKey"),
                migrations.DeleteModel(name="ApiKeyDailyUsage"),
            ],
        )
    ]
