"""How a profile page cites: the address of a quote on its source's page, which quotes are the
person's own words, and the numbered citations grouped by source."""

from django.urls import reverse


def citation_url(source_id: int, excerpt_id: int) -> str:
    return reverse("sources:detail", kwargs={"pk": source_id}) + f"#excerpt-{excerpt_id}"


# Marks that open a quotation in the languages the sources are in.
_OPENING_MARKS = ('"', "“", "«", "„", "‘", "‚")


def own_words(excerpt: dict, sources: dict, snap: dict) -> bool:
    """Whether a quote of this profile (its speaker) is in their own words, for "In their own words".

    The excerpt must quote them, not report them: it carries their words in quotation marks
    (“…,” said Loshak), or it comes from a piece they wrote themselves (their name among the
    source's authors). Reported speech in a reporter's words ("she told me that she had only
    managed to pack…") is the reporter's framing: it stays a citation, not their words.
    """
    text = excerpt["text"]
    if any(mark in text for mark in (*_OPENING_MARKS, "”", "»")):
        return True
    authors = (sources.get(excerpt["source_id"]) or {}).get("authors", "")
    names = [snap["display_name"], snap.get("native_name", ""), *snap.get("aliases", [])]
    credited = {a.strip().casefold() for a in authors.split(",")}
    return any(name and name.casefold() in credited for name in names)


def citation_groups(references: list[dict]) -> list[dict]:
    """The numbered citations grouped by source, sources in the order of their first number: a
    source's title, outlet and date once, its quotes beneath it with their numbers."""
    groups: dict[int, dict] = {}
    for ref in references:
        source_id = ref["excerpt"]["source_id"]
        group = groups.setdefault(
            source_id,
            {"source": ref["source"], "url": reverse("sources:detail", kwargs={"pk": source_id}), "refs": []},
        )
        group["refs"].append(ref)
    return list(groups.values())
