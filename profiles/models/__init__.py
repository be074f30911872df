from profiles.models.partners import ApiKey, ApiKeyDailyUsage
from profiles.models.profile import Category, Citation, Profile, SlugHistory, TimelineEntry
from profiles.models.publishing import (
    ChangeEvent,
    ProfileVersion,
    PublicCitation,
    PublicExcerpt,
    PublicPlace,
    PublicProfile,
    PublicSource,
    WorkflowEvent,
)

__all__ = [
    "ApiKey",
    "ApiKeyDailyUsage",
    "Category",
    "ChangeEvent",
    "Citation",
    "Profile",
    "ProfileVersion",
    "PublicCitation",
    "PublicExcerpt",
    "PublicPlace",
    "PublicProfile",
    "PublicSource",
    "SlugHistory",
    "TimelineEntry",
    "WorkflowEvent",
]
