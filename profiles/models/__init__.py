from profiles.models.partners import ApiKey, ApiKeyDailyUsage
from profiles.models.profile import Category, Citation, Profile, SlugHistory, TimelineEntry
from profiles.models.publishing import (
    ChangeEvent,
    ProfileVersion,
    PublicCitation,
    PublicExcerpt,
    PublicFigure,
    PublicPlace,
    PublicProfile,
    PublicSource,
    SharedEvent,
    WorkflowEvent,
)
from profiles.models.withheld import NameForm, WithheldPlace

__all__ = [
    "ApiKey",
    "ApiKeyDailyUsage",
    "Category",
    "ChangeEvent",
    "NameForm",
    "PublicFigure",
    "SharedEvent",
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
    "WithheldPlace",
    "WorkflowEvent",
]
