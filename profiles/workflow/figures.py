"""Keep the public copies of aggregate figures (PublicFigure, shown on /destinations/) equal to
what is approved: each figure's labels and its quote masked like any shared text."""

from decimal import Decimal

from django.utils import timezone

from profiles.models import PublicFigure
from profiles.projection.build import APPROVED, mask_shared, shared_copies
from profiles.projection.concern import PublicMasks, excerpt_concerns
from sources.models import AggregateFigure, Excerpt


def index_figures(figure_ids) -> None:
    """Rebuild the public rows of these figures: published ones from their approved fields, with
    their quote and source masked like any shared text; others removed."""
    figures = list(AggregateFigure.objects.filter(pk__in=figure_ids, is_published=True))
    PublicFigure.objects.filter(figure_id__in=set(figure_ids) - {f.pk for f in figures}).delete()
    if not figures:
        return
    data = {f.pk: f.approved for f in figures if f.approved}
    excerpts = list(
        Excerpt.objects.filter(pk__in={d["excerpt_id"] for d in data.values()})
        .select_related("source__outlet")
        .defer("source__full_text")
    )
    copies, sources = shared_copies(excerpts, list({e.source_id: e.source for e in excerpts}.values()), state=APPROVED)
    masks = PublicMasks()
    copies, sources = mask_shared(copies, sources, masks)
    concerns = excerpt_concerns(copies)
    now = timezone.now()
    for figure in figures:
        fields = data.get(figure.pk)
        quote = copies.get(fields["excerpt_id"]) if fields else None
        if quote is None:
            PublicFigure.objects.filter(figure=figure).delete()
            continue
        source = sources[quote["source_id"]]
        labels = masks.mask(
            {key: fields.get(key, "") for key in ("dataset", "label", "period", "as_written")},
            concerning=concerns.get(quote["id"], set()),
        )
        PublicFigure.objects.update_or_create(
            figure=figure,
            defaults={
                **labels,
                "country": fields["country"],
                "value": Decimal(fields["value"]),
                "unit": fields["unit"],
                "bound": fields.get("bound", ""),
                "order": fields["order"],
                "quote": quote["text"],
                "excerpt_id": quote["id"],
                "source_id": source["id"],
                "source_title": source["title"],
                "source_outlet": source["outlet"],
                "source_year": source["year"],
                "source_url": source["url"],
                "published_at": now,
            },
        )
