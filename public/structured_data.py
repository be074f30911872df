"""A profile page's schema.org data: its relations as properties, its timeline entries as Claims."""

from profiles.models import Profile
from public.links import absolute_url

# How a relation reads in schema.org, from the page's profile (kind, direction) to its property.
_PERSON_RELATIONS = {
    ("member", "stated"): "memberOf",
    ("spouse", "stated"): "spouse",
    ("spouse", "stated_by_other"): "spouse",
    ("worked_at", "stated"): "worksFor",
    ("friend", "stated"): "knows",
    ("friend", "stated_by_other"): "knows",
    ("performed_with", "stated"): "knows",
    ("performed_with", "stated_by_other"): "knows",
}
_GROUP_RELATIONS = {
    ("member", "stated_by_other"): "member",
    ("founder", "stated_by_other"): "founder",
    ("worked_at", "stated_by_other"): "employee",
}


def structured_relations(kind: str, related: list[dict]) -> dict:
    mapping = _PERSON_RELATIONS if kind == Profile.Kind.PERSON else _GROUP_RELATIONS
    properties: dict[str, list] = {}
    for item in related:
        other = item["profile"]
        node = {
            "@type": "Person" if other["kind"] == Profile.Kind.PERSON else "Organization",
            "name": other["name"],
            "url": absolute_url(item["url"]),
        }
        name = mapping.get((item["kind"], item["direction"]))
        if kind == Profile.Kind.PERSON and item["kind"] == "founder" and item["direction"] == "stated":
            # A person founded an organisation: schema.org says so from the person as a role.
            name, node = "memberOf", {"@type": "OrganizationRole", "roleName": "founder", "memberOf": node}
        if name:
            properties.setdefault(name, []).append(node)
    return properties


def structured_claim(entry: dict, snap: dict, sources: dict) -> dict:
    """A timeline entry as a schema.org Claim: what is said, who says so, where it appears."""
    if entry.get("attribution") == "authority":
        author = {"@type": "Organization", "name": entry["authority"] or "an authority the source does not name"}
    elif entry.get("attribution") == "person":
        author = {
            "@type": "Person" if snap["kind"] == Profile.Kind.PERSON else "Organization",
            "name": snap["display_name"],
        }
    else:
        author = None
    appearances = []
    for ref in entry["refs"]:
        source = ref["source"]
        work = {"@type": "CreativeWork", "name": source.get("title", ""), "url": absolute_url(ref["url"])}
        if source.get("published"):
            work["datePublished"] = source["published"]
        if work not in appearances:
            appearances.append(work)
    claim = {
        "@type": "Claim",
        "name": entry["kind_label"],
        "text": entry["text"],
        "appearance": appearances,
        "description": entry.get("attribution_label") or "Reported by the source",
    }
    if author:
        claim["author"] = author
    if entry.get("date") and entry["date_precision"] != "unknown":
        claim["temporalCoverage"] = entry["date"][: {"year": 4, "month": 7}.get(entry["date_precision"], 10)]
    dispute = entry.get("dispute")
    if dispute:
        claim["description"] += f". {dispute['label']}: {dispute['note']}"
    return claim
