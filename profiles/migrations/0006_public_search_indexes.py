from django.db import migrations

# PostgreSQL only: trigram and full-text indexes over the public search document, so a search is
# an index lookup rather than a scan of every published profile. SQLite (development) has none.
INDEXES = [
    (
        "profiles_publicprofile_search_trgm",
        "CREATE INDEX IF NOT EXISTS profiles_publicprofile_search_trgm "
        "ON profiles_publicprofile USING gin (search_document gin_trgm_ops)",
    ),
    (
        "profiles_publicprofile_search_fts",
        # Matches the expression Django's SearchVector("search_document", config="simple") builds.
        "CREATE INDEX IF NOT EXISTS profiles_publicprofile_search_fts "
        "ON profiles_publicprofile USING gin (to_tsvector('simple'::regconfig, COALESCE(search_document, '')))",
    ),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _name, sql in INDEXES:
        schema_editor.execute(sql)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _sql in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("profiles", "0005_trigram_extension")]
    operations = [migrations.RunPython(create_indexes, drop_indexes)]
