"""What a publish would change: two snapshots compared field by field, entry by entry."""

FIELD_LABELS = [
    ("display_name", "Name"),
    ("native_name", "Native name"),
    ("aliases", "Aliases"),
    ("kind", "Kind"),
    ("description", "Description"),
    ("biography", "Biography"),
    ("wave", "Wave"),
    ("categories", "Categories"),
    ("current_location", "Current location"),
    ("portrait", "Portrait"),
]
ENTRY_LABELS = [
    ("kind_label", "Kind"),
    ("attribution_label", "Who says so"),
    ("date_label", "Date"),
    ("place", "Place"),
    ("text", "Text"),
    ("is_current", "Current location"),
    ("current_reason", "Why current"),
    ("dispute", "Disputed or corrected"),
    ("about", "About"),
]


def _show(key: str, value) -> str:
    if value in (None, "", []):
        return "—"
    if key == "categories":
        return ", ".join(c["name"] for c in value)
    if key == "aliases":
        return ", ".join(value)
    if key in {"current_location", "place"}:
        return value["label"]
    if key == "portrait":
        return value.get("alt") or "portrait"
    if key == "dispute":
        cites = len(value["citations"])
        return f"{value['label']}: {value['note']} ({cites} excerpt{'s' if cites != 1 else ''} of the other source)"
    if key == "about":
        return "some of its people, not the group itself" if value == "people" else "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _excerpt_label(excerpts: dict, pk: int) -> str:
    excerpt = excerpts.get(pk)
    if not excerpt:
        return f"excerpt {pk}"
    text = excerpt["text"]
    return f"“{text[:90]}{'…' if len(text) > 90 else ''}”"


def diff_snapshots(old: dict | None, new: dict, *, profile_names: dict[int, str] | None = None) -> dict:
    """{'fields': [...], 'entries': [...], 'relations': [...]} describing how `new` differs from `old`
    (None = nothing). `profile_names` names related profiles for the reviewer (staff may see drafts'
    names; the public never gets them from a snapshot)."""
    old = old or {"timeline": [], "excerpts": []}
    fields = []
    for key, label in FIELD_LABELS:
        before, after = _show(key, old.get(key)), _show(key, new.get(key))
        if before != after:
            fields.append({"label": label, "before": before, "after": after})

    old_entries = {e["id"]: e for e in old["timeline"]}
    new_entries = {e["id"]: e for e in new["timeline"]}
    excerpts = {e["id"]: e for e in old.get("excerpts", [])} | {e["id"]: e for e in new.get("excerpts", [])}
    entries = []
    for pk, entry in new_entries.items():
        previous = old_entries.get(pk)
        if previous is None:
            entries.append(
                {
                    "change": "added",
                    "title": f"{entry['kind_label']}, {entry['date_label']}",
                    "fields": [
                        {"label": lbl, "before": "—", "after": _show(k, entry.get(k))} for k, lbl in ENTRY_LABELS
                    ],
                    "citations_added": [_excerpt_label(excerpts, c) for c in entry["citations"]],
                    "citations_removed": [],
                }
            )
            continue
        changed = [
            {"label": lbl, "before": _show(k, previous.get(k)), "after": _show(k, entry.get(k))}
            for k, lbl in ENTRY_LABELS
            if _show(k, previous.get(k)) != _show(k, entry.get(k))
        ]
        added = [c for c in entry["citations"] if c not in previous["citations"]]
        removed = [c for c in previous["citations"] if c not in entry["citations"]]
        if changed or added or removed:
            entries.append(
                {
                    "change": "changed",
                    "title": f"{entry['kind_label']}, {entry['date_label']}",
                    "fields": changed,
                    "citations_added": [_excerpt_label(excerpts, c) for c in added],
                    "citations_removed": [_excerpt_label(excerpts, c) for c in removed],
                }
            )
    for pk, entry in old_entries.items():
        if pk not in new_entries:
            entries.append(
                {
                    "change": "removed",
                    "title": f"{entry['kind_label']}, {entry['date_label']}",
                    "fields": [],
                    "citations_added": [],
                    "citations_removed": [_excerpt_label(excerpts, c) for c in entry["citations"]],
                }
            )
    relations = _relation_changes(old, new, excerpts, profile_names or {})
    shared = _shared_changes(old, new)
    return {
        "fields": fields,
        "entries": entries,
        "relations": relations,
        "shared": shared,
        "is_empty": not (fields or entries or relations or shared),
    }


def _relation_changes(old: dict, new: dict, excerpts: dict, names: dict[int, str]) -> list[dict]:
    before = {r["id"]: r for r in old.get("relations", [])}
    after = {r["id"]: r for r in new.get("relations", [])}

    def title(relation: dict) -> str:
        other = names.get(relation["profile_id"]) or f"profile {relation['profile_id']}"
        return f"{relation['label']} {other}"

    changes = []
    for pk, relation in after.items():
        previous = before.get(pk)
        cited = [_excerpt_label(excerpts, c) for c in relation["citations"]]
        if previous is None:
            changes.append(
                {
                    "change": "added",
                    "title": title(relation),
                    "text": relation["text"],
                    "citations_added": cited,
                    "citations_removed": [],
                }
            )
            continue
        if (previous["kind"], previous["profile_id"], previous["text"], previous["citations"]) != (
            relation["kind"],
            relation["profile_id"],
            relation["text"],
            relation["citations"],
        ):
            changes.append(
                {
                    "change": "changed",
                    "title": title(relation),
                    "text": relation["text"] if relation["text"] != previous["text"] else "",
                    "citations_added": [
                        _excerpt_label(excerpts, c) for c in relation["citations"] if c not in previous["citations"]
                    ],
                    "citations_removed": [
                        _excerpt_label(excerpts, c) for c in previous["citations"] if c not in relation["citations"]
                    ],
                }
            )
    for pk, relation in before.items():
        if pk not in after:
            changes.append(
                {
                    "change": "removed",
                    "title": title(relation),
                    "text": "",
                    "citations_added": [],
                    "citations_removed": [],
                }
            )
    return changes


QUOTE_LABELS = [("text", "Quote"), ("translation", "Translation"), ("location_hint", "Where in the source")]
SOURCE_LABELS = [
    ("title", "Title"),
    ("outlet", "Outlet"),
    ("authors", "Authors"),
    ("url", "Address"),
    ("archived_url", "Archived copy"),
    ("link_withheld", "Link withheld for safety"),
]


def _shared_changes(old: dict, new: dict) -> list[dict]:
    """Changes to the quotes and sources a version carries: a quote edited since the live version
    is published with this profile, so its reviewer must see it."""
    changes = []
    for key, labels, noun in (("excerpts", QUOTE_LABELS, "Quote"), ("sources", SOURCE_LABELS, "Source")):
        before = {item["id"]: item for item in old.get(key, [])}
        for item in new.get(key, []):
            previous = before.get(item["id"])
            if previous is None:
                continue
            changed = [
                {"label": label, "before": _show(k, previous.get(k)), "after": _show(k, item.get(k))}
                for k, label in labels
                if _show(k, previous.get(k)) != _show(k, item.get(k))
            ]
            if changed:
                title = _excerpt_label({item["id"]: item}, item["id"]) if key == "excerpts" else item["title"]
                changes.append({"title": f"{noun} changed: {title}", "fields": changed})
    return changes
