from profiles.models.baked import BakedProfile
from profiles.models.newsroom import NotificationSettings, SourceMention
from profiles.models.profile import Category, Profile, SlugHistory
from profiles.models.public_index import (
    ChangeEvent,
    PublicCitation,
    PublicExcerpt,
    PublicFigure,
    PublicPlace,
    PublicProfile,
    PublicRelation,
    PublicSource,
)
from profiles.models.relations import Relation, RelationCitation
from profiles.models.timeline import Citation, TimelineEntry
from profiles.models.versions import ProfileVersion, SharedEvent, WorkflowEvent
from profiles.models.withheld import NameForm, WithheldPlace

__all__ = [
    "BakedProfile",
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
    "PublicRelation",
    "PublicSource",
    "Relation",
    "RelationCitation",
    "SlugHistory",
    "SourceMention",
    "TimelineEntry",
    "WithheldPlace",
    "WorkflowEvent",
]
