from profiles.models.newsroom import NotificationSettings, SourceMention
from profiles.models.profile import Category, Profile, SlugHistory
from profiles.models.public_index import (
    ChangeEvent,
    PublicCitation,
    PublicExcerpt,
    PublicFigure,
    PublicPlace,
    PublicProfile,
    PublicSource,
)
from profiles.models.timeline import Citation, TimelineEntry
from profiles.models.versions import ProfileVersion, SharedEvent, WorkflowEvent
from profiles.models.withheld import NameForm, WithheldPlace

__all__ = [
    "Category",
    "ChangeEvent",
    "NameForm",
    "NotificationSettings",
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
    "SourceMention",
    "TimelineEntry",
    "WithheldPlace",
    "WorkflowEvent",
]
