import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from profiles import roles
from profiles.models import Category, Citation, Profile, TimelineEntry
from sources.models import AggregateFigure, Excerpt, Outlet, Source

FULL_TEXT = (
    "On the night of March 4, Russian investigative journalist Andrei Loshak never managed to fall asleep. "
    "On the same day, Loshak boarded a plane for Tbilisi. "
    "“I found myself among colleagues. One has the feeling that the whole guild has emigrated,” said the journalist. "
    "Writer Ludmila Ulitska is giving interviews from her apartment in Berlin."
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    is_staff = True
    password = factory.django.Password("pw-for-tests-123")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


def contributor(username="carol"):
    return UserFactory(username=username, role=roles.CONTRIBUTOR)


def editor(username="eve"):
    return UserFactory(username=username, role=roles.EDITOR)


def administrator(username="ada"):
    """A plain staff user in the Administrator group: what it may do comes from the role alone."""
    return UserFactory(username=username, role=roles.ADMINISTRATOR)


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Outlet {n}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Report {n}")
    outlet = factory.SubFactory(OutletFactory)
    authors = "A. Reporter"
    url = factory.Sequence(lambda n: f"https://news.example.org/{n}")
    published_on = datetime.date(2022, 3, 20)
    full_text = FULL_TEXT
    editorial_notes = "PRIVATE-SOURCE-NOTE"


class ExcerptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Excerpt

    source = factory.SubFactory(SourceFactory)
    text = "On the same day, Loshak boarded a plane for Tbilisi."


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    slug = "media"
    name = "Media and journalism"


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    display_name = factory.Sequence(lambda n: f"Person Number{n}")
    description = "Investigative journalist"
    wave = Profile.Wave.WAR_2022
    biography = "Left Russia in March 2022."
    editorial_notes = "PRIVATE-PROFILE-NOTE"


class TimelineEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimelineEntry

    profile = factory.SubFactory(ProfileFactory)
    kind = TimelineEntry.Kind.LEFT_RUSSIA
    date = datetime.date(2022, 3, 4)
    date_precision = "day"
    country = "GE"
    city = "Tbilisi"
    location_disclosure = "city"
    text = "Flew to Tbilisi."


def cite(entry, excerpt, order=0):
    return Citation.objects.create(entry=entry, excerpt=excerpt, order=order)


def published_figure(*, excerpt=None, **fields) -> AggregateFigure:
    """A figure an editor published (with its quote and source), through the shared-object review."""
    from profiles.workflow.shared import approve, publish_shared

    excerpt = excerpt or ExcerptFactory()
    approve(excerpt.source, actor=None)
    approve(excerpt, actor=None)
    figure = AggregateFigure.objects.create(excerpt=excerpt, **fields)
    publish_shared(figure, actor=None)
    figure.refresh_from_db()
    return figure
