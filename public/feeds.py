"""The Atom feed of published updates: one entry per published version of a live profile."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from profiles.models import ProfileVersion, PublicProfile
from public.links import absolute_url

FEED_LENGTH = 50


class UpdatesFeed(Feed):
    feed_type = Atom1Feed
    title = "Exodus: updates"
    subtitle = "Profiles of people who left Russia after February 2022, as they are published and corrected."

    def link(self):
        return absolute_url(reverse("home"))

    def feed_url(self):
        return absolute_url(reverse("feed"))

    def items(self):
        # Versions of live profiles only, with their public snapshots (already masked), never the
        # private working copy.
        items = list(
            ProfileVersion.objects.public()
            .select_related("profile__public")
            .only(
                "number",
                "change_note",
                "is_correction",
                "published_at",
                "snapshot",
                "profile__id",
                "profile__public__slug",
                "profile__public__display_name",
                "profile__public__description",
            )
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )
        # Related profiles are named only while they are public, from the public index.
        related = {r["profile_id"] for item in items for r in item.snapshot.get("relations", [])}
        names = dict(PublicProfile.objects.filter(profile_id__in=related).values_list("profile_id", "display_name"))
        for item in items:
            item.claims = version_claims(item.snapshot, names)
        return items

    def item_title(self, item):
        prefix = "Correction: " if item.is_correction else ""
        return f"{prefix}{item.profile.public.display_name}"

    def item_description(self, item):
        return "\n".join([item.change_note, *item.claims["lines"]])

    def item_link(self, item):
        return absolute_url(item.profile.public.get_absolute_url()) + f"#version-{item.number}"

    def item_guid(self, item):
        # Stable even if the profile is renamed later: the version row never changes identity.
        return f"tag:exodus,2022:profile-version:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_categories(self, item):
        return (["correction"] if item.is_correction else []) + item.claims["categories"]


def version_claims(snapshot: dict, names: dict[int, str]) -> dict:
    """How a version's claims stand, in words for the feed: where sources differ, what is disputed
    or corrected, which claims an authority makes, and the published profiles it relates to."""
    lines, categories = [], []
    for entry in snapshot.get("timeline", []):
        dispute = entry.get("dispute")
        if entry.get("differs_from") and entry.get("is_current"):
            reason = f" ({entry['current_reason']})" if entry.get("current_reason") else ""
            lines.append(f"Sources differ; current report: {entry['text']}{reason}")
            categories.append("sources-differ")
        if dispute:
            label = "Corrected" if dispute["status"] == "corrected" else "Disputed"
            lines.append(f"{label}: {entry['text']} {dispute['note']}")
            categories.append(dispute["status"])
        if entry.get("attribution") == "authority":
            lines.append(f"{entry['kind_label']}: {entry['attribution_label']} (a claim, not an established fact).")
    for relation in snapshot.get("relations", []):
        if relation["profile_id"] in names:
            lines.append(f"Related: {relation['label']} {names[relation['profile_id']]}.")
    return {"lines": lines, "categories": sorted(set(categories))}
