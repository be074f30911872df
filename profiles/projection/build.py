"""The one public projection: everything the public will see of a profile's version.

`project_profiles` is the only place a working copy becomes public data. Publishing stores its
result as the version's snapshot, the review screen shows it as the preview, the bulk loader
stores it in bulk, and redaction and the shared-object review re-mask what it stored. Places are
cut to their allowed precision, private notes and full texts never enter, and every text is
masked by the rule in `profiles.projection.concern`, once, here.

`state` says which copy of shared objects (quotes and sources) to use: "approved" (what an editor
approved: publishing) or "working" (what approving the profile would approve with it: the review
preview).

Long: the safety review reads one module to know everything that reaches the public from a
version; splitting the snapshot's parts apart would hide a field that skips masking.
"""

from django.db.models import Prefetch

from profiles.models import Citation, Profile, Relation, RelationCitation, TimelineEntry, WithheldPlace
from profiles.models.timeline import claim_labels, entry_date_label, entry_sort_key
from profiles.placenames.masking import Forms, mask_value, url_names
from profiles.placenames.withheld import profile_withheld
from profiles.projection.concern import PublicMasks, excerpt_concerns, source_concerns, strings_in
from profiles.projection.schema import (
    ENTRY_TEXT_FIELDS,
    PROFILE_TEXT_FIELDS,
    SNAPSHOT_SCHEMA,
    ExcerptCopy,
    Snapshot,
    SourceCopy,
)
from profiles.storage import public_storage
from profiles.waves import counts_as_place, departure_entry, resolved_wave
from sources.dates import format_date
from sources.models import Excerpt, Source

APPROVED, WORKING = "approved", "working"
# Private columns of a source never needed to project it (and large).
_PRIVATE_SOURCE_FIELDS = ("source__full_text", "source__editorial_notes")


def load_profiles(ids: list[int]) -> list[Profile]:
    """Profiles with everything the projection reads, in a fixed number of queries."""
    citations = Citation.objects.select_related("excerpt__source__outlet").defer(
        *(f"excerpt__{name}" for name in _PRIVATE_SOURCE_FIELDS)
    )
    return list(
        Profile.objects.filter(pk__in=ids)
        .prefetch_related(
            "categories",
            Prefetch(
                "timeline", queryset=TimelineEntry.objects.prefetch_related(Prefetch("citation_links", citations))
            ),
            Prefetch(
                "quotes",
                queryset=Excerpt.objects.select_related("source__outlet").defer(*_PRIVATE_SOURCE_FIELDS),
            ),
            Prefetch(
                "relations",
                queryset=Relation.objects.order_by("pk").prefetch_related(
                    Prefetch(
                        "citation_links",
                        RelationCitation.objects.select_related("excerpt__source__outlet").defer(
                            *(f"excerpt__{name}" for name in _PRIVATE_SOURCE_FIELDS)
                        ),
                    )
                ),
            ),
        )
        .order_by("pk")
    )


def load_profile(profile_id: int) -> Profile:
    return load_profiles([profile_id])[0]


def ordered_entries(profile: Profile) -> list[TimelineEntry]:
    return sorted(profile.timeline.all(), key=entry_sort_key)


# Withheld places ------------------------------------------------------------------------------


def _redacted_places(profile_ids) -> dict[int, dict[str, frozenset[str]]]:
    redacted: dict[int, dict[str, frozenset[str]]] = {pk: {} for pk in profile_ids}
    for profile_id, name, forms in WithheldPlace.objects.filter(profile_id__in=profile_ids, redacted=True).values_list(
        "profile_id", "name", "forms"
    ):
        redacted[profile_id][name] = frozenset(forms)
    return redacted


# Shared objects ---------------------------------------------------------------------------------


def shared_fields(obj, state: str) -> dict | None:
    """The fields of a source or excerpt to publish: approved ones, or the working ones a review
    would approve. None when there is nothing approved to publish."""
    return obj.public_fields() if state == WORKING else obj.approved


def raw_excerpt(data: dict) -> ExcerptCopy:
    return {key: data[key] for key in ExcerptCopy.__annotations__}


# Public metadata added to sources after some were approved: read with these defaults.
_SOURCE_DEFAULTS = {"published": "", "published_precision": "", "written_after": "", "title_is_descriptive": False}


def raw_source(data: dict) -> SourceCopy:
    copy = {
        key: data.get(key, _SOURCE_DEFAULTS.get(key)) for key in SourceCopy.__annotations__ if key != "link_withheld"
    }
    return {**copy, "link_withheld": False}


def mask_excerpt(copy: ExcerptCopy, masks: PublicMasks, concerning: set[int]) -> ExcerptCopy:
    text_fields = {key: copy[key] for key in ("text", "translation", "location_hint")}
    return {**copy, **masks.mask(text_fields, concerning=concerning)}


def mask_source(copy: SourceCopy, masks: PublicMasks, concerning: set[int], *, link_allowed: bool) -> SourceCopy:
    texts = {key: copy[key] for key in ("title", "outlet", "authors")}
    forms = masks.forms_concerning([*strings_in(texts), copy["url"], copy["archived_url"]], concerning=concerning)
    # A masked address would be a broken one: an address naming a withheld place is not linked
    # at all, until an editor decides it is safe to repeat.
    withheld = copy["link_withheld"] or (
        not link_allowed and (url_names(copy["url"], forms) or url_names(copy["archived_url"], forms))
    )
    masked = {**copy, **mask_value(texts, forms), "link_withheld": withheld}
    if withheld:
        masked.update(url="", archived_url="")
    return masked


def shared_context(excerpt_ids, source_ids) -> tuple[dict[int, set[int]], dict[int, set[int]], set[int]]:
    """Whom each quote and source concerns, and which sources may link an address naming a place."""
    allowed = set(Source.objects.filter(pk__in=source_ids, show_original_link=True).values_list("pk", flat=True))
    return excerpt_concerns(excerpt_ids), source_concerns(source_ids), allowed


def mask_shared(
    excerpts: dict[int, ExcerptCopy],
    sources: dict[int, SourceCopy],
    masks: PublicMasks,
    *,
    owner: int | None = None,
    context: tuple | None = None,
) -> tuple[dict[int, ExcerptCopy], dict[int, SourceCopy]]:
    """Mask public copies of quotes and sources for every profile they concern (and `owner`, the
    profile whose version carries them). `context` is `shared_context` of these objects or of more
    (a batch of snapshots shares one)."""
    e_concerns, s_concerns, allowed = context or shared_context(excerpts, sources)
    extra = {owner} if owner else set()
    masks.prepare(
        [*strings_in(list(excerpts.values())), *strings_in(list(sources.values()))],
        # Only these objects' concerns: a batch's context covers far more.
        {pk for key in excerpts for pk in e_concerns[key]} | {pk for key in sources for pk in s_concerns[key]} | extra,
    )
    return (
        {pk: mask_excerpt(c, masks, e_concerns[pk] | extra) for pk, c in excerpts.items()},
        {pk: mask_source(c, masks, s_concerns[pk] | extra, link_allowed=pk in allowed) for pk, c in sources.items()},
    )


def shared_copies(
    excerpts: list[Excerpt], sources: list[Source], *, state: str = APPROVED
) -> tuple[dict[int, ExcerptCopy], dict[int, SourceCopy]]:
    """Unmasked public copies of quotes and sources in `state`; a quote whose source has nothing
    approved to show is left out with it."""
    source_data = {s.pk: d for s in sources if (d := shared_fields(s, state)) is not None}
    excerpt_data = {
        e.pk: d for e in excerpts if (d := shared_fields(e, state)) is not None and d["source_id"] in source_data
    }
    return (
        {pk: raw_excerpt(d) for pk, d in excerpt_data.items()},
        {pk: raw_source(d) for pk, d in source_data.items()},
    )


def mask_snapshot(snapshot: Snapshot, masks: PublicMasks, *, context: tuple | None = None) -> Snapshot:
    """Every text of a snapshot masked by the concern rule. Idempotent: a stored snapshot is
    masked again with this when the register of withheld places grows. `context`: see mask_shared."""
    owner = snapshot["profile_id"]
    masks.prepare(strings_in({k: v for k, v in snapshot.items() if k not in ("excerpts", "sources")}), [owner])
    own = {owner}
    relations = snapshot.get("relations", [])
    masks.prepare([], [r["profile_id"] for r in relations])
    names = masks.mask({key: snapshot[key] for key in PROFILE_TEXT_FIELDS}, concerning=own)
    excerpts, sources = mask_shared(
        {e["id"]: e for e in snapshot["excerpts"]},
        {s["id"]: s for s in snapshot["sources"]},
        masks,
        owner=owner,
        context=context,
    )
    portrait = snapshot.get("portrait")
    if portrait:
        portrait = {
            **portrait,
            **masks.mask({k: portrait[k] for k in ("alt", "credit", "licence")}, concerning=own),
        }
    return {
        **snapshot,
        **names,
        "portrait": portrait,
        "timeline": [
            {**entry, **masks.mask({k: entry[k] for k in ENTRY_TEXT_FIELDS if k in entry}, concerning=own)}
            for entry in snapshot["timeline"]
        ],
        # A relation's words concern both profiles: they are read on the related profile's page too.
        "relations": [
            {**relation, "text": masks.mask(relation["text"], concerning={owner, relation["profile_id"]})}
            for relation in relations
        ],
        "excerpts": [excerpts[e["id"]] for e in snapshot["excerpts"]],
        "sources": [sources[s["id"]] for s in snapshot["sources"]],
    }


# Profiles ----------------------------------------------------------------------------------------


def _portrait(profile: Profile) -> dict | None:
    if not profile.portrait or not profile.portrait_renditions:
        return None
    # Public URLs of files still private: profiles.workflow.portrait_files copies them there on publication.
    public = public_storage()
    return {
        "alt": profile.portrait_alt or profile.display_name,
        "credit": profile.portrait_credit,
        "licence": profile.portrait_licence,
        "renditions": [
            {"width": int(width), "url": public.url(name)}
            for width, name in sorted(profile.portrait_renditions.items(), key=lambda item: int(item[0]))
        ],
    }


def _departure(entries) -> dict | None:
    departure = departure_entry(entries)
    if departure is None:
        return None
    label = departure.date_label
    if departure.as_of_source:
        # Not when they left: a source written then already reported them gone.
        label = f"Date unknown (reported {format_date(departure.date, departure.date_precision)} or later)"
    return {
        "date": departure.date.isoformat(),
        "date_precision": departure.date_precision,
        "label": label,
        "as_reported": departure.as_of_source,
    }


def project_profiles(profiles: list[Profile], *, state: str = APPROVED) -> list[Snapshot]:
    """Snapshots of `profiles` (loaded with `load_profiles`), in the same order."""
    entries = {p.pk: ordered_entries(p) for p in profiles}
    redacted = _redacted_places([p.pk for p in profiles])
    masks = PublicMasks(own={p.pk: Forms(profile_withheld(entries[p.pk], redacted[p.pk]).values()) for p in profiles})
    excerpts: dict[int, Excerpt] = {}
    for profile in profiles:
        excerpts.update({link.excerpt_id: link.excerpt for e in entries[profile.pk] for link in e.citation_links.all()})
        excerpts.update({quote.pk: quote for quote in profile.quotes.all()})
        excerpts.update(
            {link.excerpt_id: link.excerpt for r in profile.relations.all() for link in r.citation_links.all()}
        )
    excerpt_copies, source_copies = shared_copies(
        list(excerpts.values()), list({e.source_id: e.source for e in excerpts.values()}.values()), state=state
    )
    masks.prepare([text for p in profiles for text in _profile_texts(p, entries[p.pk])], [p.pk for p in profiles])
    # Whom each quote and source concerns, read once for the whole batch.
    context = shared_context(excerpt_copies, source_copies)
    return [
        mask_snapshot(_snapshot(p, entries[p.pk], excerpt_copies, source_copies), masks, context=context)
        for p in profiles
    ]


def project_profile(profile: Profile, *, state: str = APPROVED) -> Snapshot:
    return project_profiles([profile], state=state)[0]


def _profile_texts(profile: Profile, entries) -> list[str]:
    return [
        profile.display_name,
        profile.native_name,
        profile.aliases,
        profile.description,
        profile.biography,
        profile.portrait_alt,
        profile.portrait_credit,
        *(getattr(e, field) for e in entries for field in TimelineEntry.TEXT_FIELDS),
        *(r.text for r in profile.relations.all()),
    ]


def _cited(entry, role: str, excerpt_copies) -> list[int]:
    return [
        link.excerpt_id
        for link in entry.citation_links.all()
        if link.role == role and link.excerpt_id in excerpt_copies
    ]


def sources_differ(entries) -> dict[int, list[int]]:
    """Entries that sources contradict, each with the others it differs from. An entry disputed by
    an excerpt differs from the entries of the same profile that excerpt supports and that say the
    same kind of thing (Paris, disputed by the later article's sentence on Berlin, differs from the
    Berlin move that cites it, not from the criminal case the same sentence also supports)."""
    by_id = {entry.pk: entry for entry in entries}
    supported_by: dict[int, set[int]] = {}
    for entry in entries:
        for link in entry.citation_links.all():
            if link.role == Citation.Role.SUPPORTS:
                supported_by.setdefault(link.excerpt_id, set()).add(entry.pk)
    differs: dict[int, set[int]] = {}
    for entry in entries:
        if entry.dispute != TimelineEntry.Dispute.DISPUTED:
            continue
        for link in entry.citation_links.all():
            if link.role != Citation.Role.DISPUTES:
                continue
            for other in supported_by.get(link.excerpt_id, set()) - {entry.pk}:
                if _same_matter(entry, by_id[other]):
                    differs.setdefault(entry.pk, set()).add(other)
                    differs.setdefault(other, set()).add(entry.pk)
    return {pk: sorted(others) for pk, others in differs.items()}


def _same_matter(a: TimelineEntry, b: TimelineEntry) -> bool:
    """Two reports can contradict each other: both say where someone went, or both are the same kind."""
    moves = TimelineEntry.LOCATION_KINDS
    return (a.kind in moves and b.kind in moves) or a.kind == b.kind


def _snapshot(profile, entries, excerpt_copies, source_copies) -> Snapshot:
    """The unmasked public content of a working copy (places already cut to their precision)."""
    timeline = []
    cited: list[int] = []
    differs = sources_differ(entries)
    for entry in entries:
        citations = _cited(entry, Citation.Role.SUPPORTS, excerpt_copies)
        disputing = _cited(entry, Citation.Role.DISPUTES, excerpt_copies)
        cited += citations + disputing
        kind_label, attribution_label = claim_labels(entry, speaker=profile.display_name)
        timeline.append(
            {
                "id": entry.pk,
                "kind": entry.kind,
                "kind_label": kind_label,
                "attribution": entry.attribution,
                "authority": entry.authority.strip(),
                "attribution_label": attribution_label,
                "date": entry.date.isoformat() if entry.date else None,
                "date_precision": entry.date_precision,
                "date_qualifier": entry.date_qualifier,
                "date_label": entry_date_label(entry),
                "as_of_source": entry.as_of_source,
                "place": entry.public_place(),
                "text": entry.text,
                "is_current": entry.is_current,
                "current_reason": entry.current_reason.strip() if entry.is_current else "",
                "citations": citations,
                "dispute": {
                    "status": entry.dispute,
                    "label": TimelineEntry.Dispute(entry.dispute).label,
                    "note": entry.dispute_note.strip(),
                    "citations": disputing,
                }
                if entry.dispute
                else None,
                "differs_from": differs.get(entry.pk, []),
                "about": entry.about,
                "locates_profile": counts_as_place(entry) and entry.public_place() is not None,
            }
        )
    relations = [
        {
            "id": relation.pk,
            "profile_id": relation.related_profile_id,  # shown only while that profile is public
            "kind": relation.kind,
            "label": relation.get_kind_display(),
            "inverse_label": relation.inverse_label,
            "text": relation.text.strip(),
            "citations": [
                link.excerpt_id for link in relation.citation_links.all() if link.excerpt_id in excerpt_copies
            ],
        }
        for relation in profile.relations.all()
    ]
    cited += [pk for relation in relations for pk in relation["citations"]]
    quotes = [q.pk for q in profile.quotes.all() if q.pk in excerpt_copies]
    used = sorted(set(cited) | set(quotes))
    current = profile.current_location_entry(entries)
    return {
        "schema": SNAPSHOT_SCHEMA,
        "profile_id": profile.pk,
        "slug": profile.slug,
        "kind": profile.kind,
        "display_name": profile.display_name,
        "native_name": profile.native_name,
        "aliases": profile.alias_list(),
        "description": profile.description,
        "biography": profile.biography,
        "wave": resolved_wave(profile.wave, entries),
        "categories": [
            {"slug": c.slug, "name": c.name} for c in sorted(profile.categories.all(), key=lambda c: c.name)
        ],
        "portrait": _portrait(profile),
        "current_location": current.public_place() if current else None,
        "current_entry_id": current.pk if current else None,
        "departure": _departure(entries),
        "timeline": timeline,
        "relations": relations,
        "quotes": quotes,
        "excerpts": [excerpt_copies[pk] for pk in used],
        "sources": [source_copies[pk] for pk in sorted({excerpt_copies[pk]["source_id"] for pk in used})],
    }


def public_change_note(profile_id: int, note: str, masks: PublicMasks | None = None) -> str:
    """A change note as the public may read it (it concerns its profile and whoever it names)."""
    return (masks or PublicMasks()).mask(note, concerning={profile_id})
