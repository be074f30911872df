"""The Atom feed of published updates: one entry per published version of a live profile."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from profiles.models import ProfileVersion
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
        # Versions of live profiles only; the stored snapshots stay in the database.
        return (
            ProfileVersion.objects.public()
            .select_related("profile__public")
            .only(
                "number",
                "change_note",
                "is_correction",
                "published_at",
                "profile__id",
                "profile__public__slug",
                "profile__public__display_name",
                "profile__public__description",
            )
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        prefix = "Correction: " if item.is_correction else ""
        return f"{prefix}{item.profile.public.display_name}"

    def item_description(self, item):
        return item.change_note

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
        return ["correction"] if item.is_correction else []
