"""The editors' dashboard: my drafts, awaiting review, changes requested, scheduled, recently published."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from profiles.workflow import (
    publish_profile,
    record_edit,
    request_changes,
    schedule_publication,
    submit_for_review,
)
from tests.factories import ProfileFactory, UserFactory

URL = "/admin/profiles/profile/dashboard/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def section(page: str, title: str) -> str:
    titles = ["My drafts", "Awaiting review", "Changes requested", "Scheduled", "Recently published"]
    rest = page.split(f"<h2>{title}</h2>", 1)[1]
    following = [t for t in titles[titles.index(title) + 1 :]]
    return rest.split(f"<h2>{following[0]}</h2>", 1)[0] if following else rest


def one_in_each_state(contributor, editor, n: int = 0) -> None:
    mine = ProfileFactory(display_name=f"Mydraft Person{n}")
    record_edit(mine, actor=contributor)
    other = ProfileFactory(display_name=f"Otherdraft Person{n}")
    record_edit(other, actor=editor)
    waiting = ProfileFactory(display_name=f"Waiting Person{n}")
    submit_for_review(waiting, actor=contributor)
    bounced = ProfileFactory(display_name=f"Bounced Person{n}")
    submit_for_review(bounced, actor=contributor)
    request_changes(bounced, actor=editor, comment="Needs a second source")
    later = ProfileFactory(display_name=f"Embargoed Person{n}")
    submit_for_review(later, actor=contributor)
    schedule_publication(
        later, actor=editor, publish_at=timezone.now() + datetime.timedelta(days=1), change_note="Embargo lifted"
    )
    publish_profile(ProfileFactory(display_name=f"Public Person{n}"), actor=editor, change_note=f"Note {n}")


@pytest.mark.django_db
def test_dashboard_sorts_work_into_its_sections(contributor, editor):
    one_in_each_state(contributor, editor)
    page = client_for(contributor).get(URL).content.decode()
    assert "Mydraft Person0" in section(page, "My drafts")
    assert "Otherdraft Person0" not in section(page, "My drafts")  # someone else's draft
    assert "Waiting Person0" in section(page, "Awaiting review")
    assert "Bounced Person0" in section(page, "Changes requested")
    scheduled = section(page, "Scheduled")
    assert "Embargoed Person0" in scheduled and "Embargo lifted" in scheduled
    assert "Public Person0 v1" in section(page, "Recently published")


@pytest.mark.django_db
def test_dashboard_is_linked_from_the_admin_home(editor):
    assert URL in client_for(editor).get("/admin/").content.decode()


@pytest.mark.django_db
def test_dashboard_needs_login_and_a_newsroom_role(db):
    response = Client().get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert client_for(UserFactory(username="norole")).get(URL).status_code == 403


@pytest.mark.django_db
def test_dashboard_queries_do_not_grow_with_the_number_of_profiles(contributor, editor):
    client = client_for(editor)
    one_in_each_state(contributor, editor, 0)
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).status_code == 200
    for n in range(1, 4):
        one_in_each_state(contributor, editor, n)
    with CaptureQueriesContext(connection) as large:
        page = client.get(URL).content.decode()
    assert "Public Person3 v1" in page
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.django_db
def test_editors_see_everything_awaiting_review_and_others_drafts_contributors_their_own(contributor, editor):
    one_in_each_state(contributor, editor)
    other = UserFactory(username="olga", role="Contributor")
    theirs = ProfileFactory(display_name="Theirs Person")
    submit_for_review(theirs, actor=other)
    editor_page = client_for(editor).get(URL).content.decode()
    assert "Theirs Person" in section(editor_page, "Awaiting review")
    drafts_by_others = editor_page.split("<h2>Drafts by others</h2>", 1)[1].split("</table>", 1)[0]
    assert "Mydraft Person0" in drafts_by_others and "Otherdraft Person0" not in drafts_by_others  # eve's own
    contributor_page = client_for(contributor).get(URL).content.decode()
    assert "Theirs Person" not in contributor_page and "Drafts by others" not in contributor_page
    assert "Waiting Person0" in section(contributor_page, "Awaiting review")
    assert "waiting for an editor" in section(contributor_page, "Awaiting review")


@pytest.mark.django_db
def test_dashboard_offers_new_profile_and_add_an_article(contributor):
    page = client_for(contributor).get(URL).content.decode()
    assert 'href="/admin/profiles/profile/add/"' in page and ">New profile</a>" in page
    assert 'href="/admin/sources/source/intake/"' in page and ">Add an article</a>" in page


@pytest.mark.django_db
def test_dashboard_shows_new_articles_mentioning_the_profiles_i_work_on_until_they_are_cited(contributor, editor):
    from profiles.intake.index import index_source
    from profiles.intake.mentions import clear_matcher_cache
    from tests.factories import ExcerptFactory, SourceFactory, TimelineEntryFactory, cite

    clear_matcher_cache()
    mine = ProfileFactory(display_name="Andrei Loshak")
    record_edit(mine, actor=contributor)
    ProfileFactory(display_name="Lyudmila Ulitskaya")  # named too, but nobody here works on her
    source = SourceFactory(title="A new report")
    index_source(source)
    page = client_for(contributor).get(URL).content.decode()
    mentions = page.split("<h2>New articles mentioning your profiles</h2>", 1)[1].split("</table>", 1)[0]
    assert "Andrei Loshak" in mentions and "A new report" in mentions and "(2×)" in mentions
    assert "Ulitskaya" not in mentions
    assert f"/admin/sources/source/{source.pk}/mentions/#profile-{mine.pk}" in mentions
    cite(TimelineEntryFactory(profile=mine), ExcerptFactory(source=source))
    page = client_for(contributor).get(URL).content.decode()
    assert "A new report" not in page.split("<h2>New articles mentioning your profiles</h2>", 1)[1].split("</table>")[0]
    clear_matcher_cache()


@pytest.mark.django_db
def test_dashboard_queries_do_not_grow_with_mentions_and_comments(contributor, editor):
    from profiles.intake.index import index_source
    from profiles.intake.mentions import clear_matcher_cache
    from tests.factories import SourceFactory

    clear_matcher_cache()
    client = client_for(contributor)
    record_edit(ProfileFactory(display_name="Andrei Loshak"), actor=contributor)
    index_source(SourceFactory())
    one_in_each_state(contributor, editor, 0)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    for n in range(1, 4):
        one_in_each_state(contributor, editor, n)
        index_source(SourceFactory())
    with CaptureQueriesContext(connection) as large:
        page = client.get(URL).content.decode()
    assert page.count("Needs a second source") == 4  # every reviewer's comment, from one query
    assert len(large.captured_queries) == len(small.captured_queries)
    clear_matcher_cache()
