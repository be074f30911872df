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
