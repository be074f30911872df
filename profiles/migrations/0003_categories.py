from django.db import migrations

CATEGORIES = [
    ("it", "IT and technology", "Developers, engineers and tech founders."),
    ("media", "Media and journalism", "Journalists, editors, presenters and bloggers."),
    ("activism", "Activism and NGOs", "Activists, human-rights defenders and NGO staff."),
    ("academia", "Academia and research", "Scientists, scholars and the liberal intelligentsia."),
    ("business", "Business", "Entrepreneurs, executives and investors."),
    ("arts", "Arts and culture", "Writers, musicians, actors, directors and artists."),
]


def create_categories(apps, schema_editor):
    Category = apps.get_model("profiles", "Category")
    for slug, name, description in CATEGORIES:
        Category.objects.update_or_create(slug=slug, defaults={"name": name, "description": description})


class Migration(migrations.Migration):
    dependencies = [("profiles", "0002_initial")]
    operations = [migrations.RunPython(create_categories, migrations.RunPython.noop)]
