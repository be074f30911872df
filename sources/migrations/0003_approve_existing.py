"""Everything stored before shared objects entered review was already public through published
profiles: it counts as approved, exactly as it stands."""

from django.db import migrations


def approve_existing(apps, schema_editor):
    Source = apps.get_model("sources", "Source")
    Excerpt = apps.get_model("sources", "Excerpt")
    AggregateFigure = apps.get_model("sources", "AggregateFigure")
    for source in Source.objects.select_related("outlet"):
        year = source.published_on.year if source.published_on else source.published_year
        source.approved = {
            "id": source.pk,
            "title": source.title,
            "outlet": source.outlet.name if source.outlet_id else "",
            "authors": source.authors,
            "url": source.url,
            "archived_url": source.archived_url,
            "published_on": source.published_on.isoformat() if source.published_on else None,
            "year": year,
            "language": source.language,
            "kind": source.kind,
            "show_original_link": source.show_original_link,
        }
        source.save(update_fields=["approved"])
    for excerpt in Excerpt.objects.all():
        excerpt.approved = {
            "id": excerpt.pk,
            "text": excerpt.text,
            "language": excerpt.language,
            "translation": excerpt.translation,
            "location_hint": excerpt.location_hint,
            "speaker_id": excerpt.speaker_id,
            "source_id": excerpt.source_id,
            "is_verified": excerpt.is_verified,
        }
        excerpt.save(update_fields=["approved"])
    for figure in AggregateFigure.objects.filter(is_published=True):
        figure.approved = {
            "id": figure.pk,
            "dataset": figure.dataset,
            "label": figure.label,
            "country": figure.country,
            "value": f"{figure.value:.2f}",
            "unit": figure.unit,
            "period": figure.period,
            "order": figure.order,
            "excerpt_id": figure.excerpt_id,
        }
        figure.save(update_fields=["approved"])


class Migration(migrations.Migration):
    dependencies = [("sources", "0002_shared_review")]
    operations = [migrations.RunPython(approve_existing, migrations.RunPython.noop)]
