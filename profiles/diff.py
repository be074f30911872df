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
    ("date_label", "Date"),
    ("place", "Place"),
    ("text", "Text"),
    ("is_current", "Current location"),
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
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _excerpt_label(excerpts: dict, pk: int) -> str:
    excerpt = excerpts.get(pk)
    if not excerpt:
        return f"excerpt {pk}"
    text = excerpt["text"]
    return f"“{text[:90]}{'…' if len(text) > 90 else ''}”"


def diff_snapshots(old: dict | None, new: dict) -> dict:
    """{'fields': [...], 'entries': [...]} describing how `new` differs from `old` (None = nothing)."""
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
    return {"fields": fields, "entries": entries, "is_empty": not fields and not entries}
