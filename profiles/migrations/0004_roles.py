"""The roles used to be created here from live code; `profiles.roles.sync_roles` now keeps them in
step after every migrate (profiles/apps.py), so this migration is kept only for history."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0003_categories"),
        ("sources", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = []
