from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    # pg_trgm powers typo-tolerant search on PostgreSQL; the operation does nothing on SQLite.
    dependencies = [("profiles", "0004_roles")]
    operations = [TrigramExtension()]
