"""Relations between profiles: a member of a band, the founder of a forum, colleagues at an outlet.

A relation belongs to the working copy of the profile that states it, cites its excerpts like any
fact and is published with that profile's review. Readers see it on both profiles' pages (the
other one reads it the other way round: "Member of Pussy Riot" / "Has member Nadezhda
Tolokonnikova"), but only while both are public.
"""

from django.core.exceptions import ValidationError
from django.db import models


class Relation(models.Model):
    class Kind(models.TextChoices):
        MEMBER = "member", "Member of"
        FOUNDER = "founder", "Founder of"
        WORKED_AT = "worked_at", "Worked at"
        COLLEAGUE = "colleague", "Has colleagues at"
        SPOUSE = "spouse", "Married to"
        FRIEND = "friend", "Friend of"
        PERFORMED_WITH = "performed_with", "Performed with"
        OTHER = "other", "Related to"

    # How the related profile's page reads the relation.
    INVERSE = {
        Kind.MEMBER: "Has member",
        Kind.FOUNDER: "Founded by",
        Kind.WORKED_AT: "Employer of",
        Kind.COLLEAGUE: "Colleagues of",
        Kind.SPOUSE: "Married to",
        Kind.FRIEND: "Friend of",
        Kind.PERFORMED_WITH: "Performed with",
        Kind.OTHER: "Related to",
    }
    SYMMETRIC = frozenset({Kind.SPOUSE, Kind.FRIEND, Kind.PERFORMED_WITH, Kind.OTHER})

    profile = models.ForeignKey("profiles.Profile", on_delete=models.CASCADE, related_name="relations")
    related_profile = models.ForeignKey(
        "profiles.Profile",
        on_delete=models.CASCADE,
        related_name="related_from",
        help_text="The other profile. Readers see the relation only while both profiles are published.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField(
        blank=True,
        help_text="Optional, for readers: what the source says of the relation, in a sentence. Shown on both "
        "profiles' pages.",
    )
    citations = models.ManyToManyField("sources.Excerpt", through="RelationCitation", related_name="relations")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "related_profile", "kind"], name="unique_relation"),
            models.CheckConstraint(condition=~models.Q(profile=models.F("related_profile")), name="relation_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.related_profile}"

    @property
    def inverse_label(self) -> str:
        return self.INVERSE[self.kind]

    def clean(self) -> None:
        if self.profile_id and self.profile_id == self.related_profile_id:
            raise ValidationError({"related_profile": "A profile cannot be related to itself."})


class RelationCitation(models.Model):
    relation = models.ForeignKey(Relation, on_delete=models.CASCADE, related_name="citation_links")
    excerpt = models.ForeignKey("sources.Excerpt", on_delete=models.PROTECT, related_name="relation_citation_links")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["relation", "excerpt"], name="unique_relation_citation")]
