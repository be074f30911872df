"""Form payloads shared by admin tests."""


def profile_form(name, **extra):
    data = {
        "display_name": name,
        "native_name": "",
        "aliases": "",
        "slug": "",
        "kind": "person",
        "description": "",
        "wave": "2022",
        "biography": "",
        "portrait_alt": "",
        "portrait_credit": "",
        "portrait_licence": "",
        "editorial_notes": "",
        "timeline-TOTAL_FORMS": "0",
        "timeline-INITIAL_FORMS": "0",
        "relations-TOTAL_FORMS": "0",
        "relations-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def relation_fields(profile) -> dict:
    """The relations inline as the browser posts it, unchanged."""
    relations = list(profile.relations.order_by("pk"))
    data = {"relations-TOTAL_FORMS": str(len(relations)), "relations-INITIAL_FORMS": str(len(relations))}
    for n, relation in enumerate(relations):
        data.update(
            {
                f"relations-{n}-id": str(relation.pk),
                f"relations-{n}-profile": str(profile.pk),
                f"relations-{n}-kind": relation.kind,
                f"relations-{n}-related_profile": str(relation.related_profile_id),
                f"relations-{n}-text": relation.text,
                f"relations-{n}-cited_excerpts": [str(pk) for pk in relation.citations.values_list("pk", flat=True)],
            }
        )
    return data


def profile_change_form(profile, **extra):
    """The admin change form as the browser posts it for `profile` unchanged, its timeline inline."""
    entries = list(profile.timeline.order_by("pk"))
    data = profile_form(
        profile.display_name,
        slug=profile.slug,
        wave=profile.wave,
        description=profile.description,
        biography=profile.biography,
        portrait_alt=profile.portrait_alt,
        editorial_notes=profile.editorial_notes,
        loaded_revision=profile.revision,
        categories=[str(pk) for pk in profile.categories.values_list("pk", flat=True)],
        **{"timeline-TOTAL_FORMS": str(len(entries)), "timeline-INITIAL_FORMS": str(len(entries))},
        **relation_fields(profile),
    )
    for n, entry in enumerate(entries):
        data.update(
            {
                f"timeline-{n}-id": str(entry.pk),
                f"timeline-{n}-profile": str(profile.pk),
                f"timeline-{n}-kind": entry.kind,
                f"timeline-{n}-date": entry.date.isoformat() if entry.date else "",
                f"timeline-{n}-date_precision": entry.date_precision,
                f"timeline-{n}-date_qualifier": entry.date_qualifier,
                f"timeline-{n}-country": str(entry.country or ""),
                f"timeline-{n}-city": entry.city,
                f"timeline-{n}-region": entry.region,
                f"timeline-{n}-location_disclosure": entry.location_disclosure,
                f"timeline-{n}-text": entry.text,
                f"timeline-{n}-sort_order": str(entry.sort_order),
                f"timeline-{n}-attribution": entry.attribution,
                f"timeline-{n}-authority": entry.authority,
                f"timeline-{n}-dispute": entry.dispute,
                f"timeline-{n}-dispute_note": entry.dispute_note,
                f"timeline-{n}-current_reason": entry.current_reason,
                f"timeline-{n}-about": entry.about,
                **({f"timeline-{n}-as_of_source": "on"} if entry.as_of_source else {}),
                f"timeline-{n}-cited_excerpts": [str(pk) for pk in entry.citations.values_list("pk", flat=True)],
                **({f"timeline-{n}-is_current": "on"} if entry.is_current else {}),
            }
        )
    data.update(extra)
    return data
