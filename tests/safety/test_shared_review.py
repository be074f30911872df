"""Shared objects enter review: editing a quote, a source's public metadata or a figure changes
nothing public until an editor who did not make the change publishes it, and a profile's review
shows the changes to the quotes it cites."""

import pytest
from django.core.exceptions import PermissionDenied

from profiles.models import PublicFigure, SharedEvent
from profiles.workflow import approve_and_publish, publish_profile, record_edit, submit_for_review
from profiles.workflow.cache import public_generation
from profiles.workflow.shared import WorkflowError, publish_shared, record_shared_edit, withdraw_figure
from sources.models import AggregateFigure
from tests import factories

pytestmark = pytest.mark.django_db

SURVEY = "About 23 percent of respondents moved to Georgia. The rest went elsewhere."


@pytest.fixture
def figure(db):
    excerpt = factories.ExcerptFactory(
        source=factories.SourceFactory(title="Survey of new migrants", full_text=SURVEY),
        text="About 23 percent of respondents moved to Georgia.",
    )
    return factories.published_figure(
        dataset="Respondents by country", label="Georgia", country="GE", value=23, unit="percent", excerpt=excerpt
    )


def destinations(client) -> str:
    from django.core.cache import cache

    cache.clear()
    return client.get("/destinations/").content.decode()


def test_a_contributor_cannot_publish_a_figure(contributor, client):
    excerpt = factories.ExcerptFactory()
    figure = AggregateFigure.objects.create(
        dataset="Drafted dataset", label="Armenia", value=5, unit="percent", excerpt=excerpt
    )
    with pytest.raises(PermissionDenied):
        publish_shared(figure, actor=contributor)
    client.force_login(contributor)
    client.post(f"/admin/sources/aggregatefigure/{figure.pk}/publish/")
    # The admin offers no way to tick it live either.
    form = client.get(f"/admin/sources/aggregatefigure/{figure.pk}/change/").content.decode()
    assert 'name="is_published"' not in form
    assert not AggregateFigure.objects.get(pk=figure.pk).is_published
    assert "Drafted dataset" not in destinations(client)


def test_a_figure_goes_live_only_when_an_editor_publishes_it_and_that_is_recorded(
    editor, client, django_capture_on_commit_callbacks
):
    excerpt = factories.ExcerptFactory()
    figure = AggregateFigure.objects.create(
        dataset="Border counts", label="Upper Lars", value=6000, unit="people", excerpt=excerpt
    )
    assert "Border counts" not in destinations(client)
    with pytest.raises(WorkflowError, match="quote and its source"):
        publish_shared(figure, actor=editor)  # its quote was never approved
    publish_shared(excerpt.source, actor=editor)
    publish_shared(excerpt, actor=editor)
    generation = public_generation()
    with django_capture_on_commit_callbacks(execute=True):
        publish_shared(figure, actor=editor)
    assert public_generation() > generation  # the cache was purged
    assert "Border counts" in destinations(client)
    event = SharedEvent.objects.filter(kind="figure", object_id=figure.pk).first()
    assert (event.action, event.actor) == ("publish", editor)


def test_withdrawing_a_figure_is_recorded_and_takes_it_off_the_site(figure, editor, client):
    with pytest.raises(WorkflowError, match="Say why"):
        withdraw_figure(figure, actor=editor, reason="")
    withdraw_figure(figure, actor=editor, reason="The survey was retracted")
    assert not PublicFigure.objects.exists()
    assert "Respondents by country" not in destinations(client)
    assert SharedEvent.objects.filter(kind="figure", action="withdraw", comment="The survey was retracted").exists()


def test_editing_the_quote_behind_a_published_figure_waits_for_another_editor(figure, editor, second_editor, client):
    excerpt = figure.excerpt
    excerpt.text = "About 23 percent of respondents moved to Georgia. The rest went elsewhere."
    excerpt.save()
    record_shared_edit(excerpt, actor=editor)
    assert "The rest went elsewhere" not in destinations(client)
    with pytest.raises(PermissionDenied, match="Four-eyes"):
        publish_shared(excerpt, actor=editor)
    publish_shared(excerpt, actor=second_editor)
    assert "The rest went elsewhere" in destinations(client)


def test_editing_a_source_title_changes_nothing_public_until_published(editor, second_editor, client):
    profile = factories.ProfileFactory(display_name="Anna Example")
    excerpt = factories.ExcerptFactory(source__title="Original headline")
    factories.cite(factories.TimelineEntryFactory(profile=profile), excerpt)
    publish_profile(profile, actor=editor, change_note="First published")
    source = excerpt.source
    source.title = "Rewritten headline"
    source.save()
    record_shared_edit(source, actor=editor)
    page = client.get(f"/profiles/{profile.slug}/").content.decode()
    assert "Original headline" in page and "Rewritten headline" not in page
    publish_shared(source, actor=second_editor)
    from django.core.cache import cache

    cache.clear()
    page = client.get(f"/profiles/{profile.slug}/").content.decode()
    assert "Rewritten headline" in page and "Original headline" not in page


def test_an_editor_who_rewrote_a_cited_quote_cannot_approve_the_profile_himself(
    editor, second_editor, contributor, client
):
    profile = factories.ProfileFactory(display_name="Boris Example")
    excerpt = factories.ExcerptFactory()
    factories.cite(factories.TimelineEntryFactory(profile=profile), excerpt)
    publish_profile(profile, actor=second_editor, change_note="First published")
    profile.description = "Reporter"
    profile.save()
    record_edit(profile, actor=contributor)
    submit_for_review(profile, actor=contributor)
    # The editor quietly rewrites the quote the profile cites, then reviews the profile.
    excerpt.text = "On the same day, Loshak boarded a plane"
    excerpt.save()
    record_shared_edit(excerpt, actor=editor)
    client.force_login(editor)
    review = client.get(f"/admin/profiles/profile/{profile.pk}/review/").content.decode()
    assert "Quote changed" in review and "On the same day, Loshak boarded a plane" in review
    with pytest.raises(PermissionDenied, match="Four-eyes"):
        approve_and_publish(profile, actor=editor, change_note="Described")
    approve_and_publish(profile, actor=second_editor, change_note="Described")
    assert profile.live_version.snapshot["excerpts"][0]["text"] == "On the same day, Loshak boarded a plane"


def test_an_unverified_quote_needs_an_editors_recorded_reason(editor, contributor, second_editor, client):
    profile = factories.ProfileFactory(display_name="Vera Example")
    made_up = factories.ExcerptFactory(text="Words the source never printed.")
    factories.cite(factories.TimelineEntryFactory(profile=profile), made_up)
    submit_for_review(profile, actor=contributor)
    client.force_login(editor)
    review = client.get(f"/admin/profiles/profile/{profile.pk}/review/").content.decode()
    assert "do not occur in their source" in review and "Words the source never printed." in review
    with pytest.raises(WorkflowError, match="do not occur"):
        approve_and_publish(profile, actor=editor, change_note="First published")
    assert profile.live_version_id is None
    approve_and_publish(profile, actor=editor, change_note="First published", unverified_reason="Print edition")
    event = profile.workflow_events.get(action="approve")
    assert event.unverified_reason == "Print edition"


def test_the_citation_picker_marks_unverified_quotes(editor, client):
    factories.ExcerptFactory(text="Words the source never printed.")
    factories.ExcerptFactory()
    client.force_login(editor)
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "profiles", "model_name": "timelineentry", "field_name": "citations", "term": "Words"},
    )
    labels = [r["text"] for r in response.json()["results"]]
    assert labels and all(label.startswith("⚠ UNVERIFIED") for label in labels)


def test_the_version_admin_never_shows_the_stored_working_copy(contributor, editor, client):
    profile = factories.ProfileFactory(display_name="Gleb Example")
    factories.cite(
        factories.TimelineEntryFactory(profile=profile, country="GE", city="Batumi", location_disclosure="country"),
        factories.ExcerptFactory(),
    )
    version = publish_profile(profile, actor=editor, change_note="First published")
    assert "Batumi" in str(version.working_copy)  # the private copy keeps it, for revert
    for user in (contributor, editor):
        client.force_login(user)
        page = client.get(f"/admin/profiles/profileversion/{version.pk}/change/").content.decode()
        assert "Batumi" not in page and "working_copy" not in page
