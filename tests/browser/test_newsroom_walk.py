"""The newsroom's daily loop in a real browser, as a contributor then an editor: add an article,
see whom it mentions, cite a sentence, propose a fact, submit; an editor previews the public page
and approves; the public page shows the new fact with its citation. Screenshots of every screen go
to test-artifacts/newsroom-*.png."""

import re

import pytest

from profiles.intake.mentions import clear_matcher_cache
from profiles.models import Profile
from sources.models import Excerpt
from tests.browser.conftest import ARTIFACTS
from tests.intake.conftest import PAGES
from tests.public.builders import published_profile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SENTENCE = "In October the Justice Ministry also declared Glukhovsky a foreign agent."


@pytest.fixture
def glukhovsky(editor):
    clear_matcher_cache()  # the finder's names from earlier tests must not linger
    profile = published_profile(
        editor, name="Dmitry Glukhovsky", native_name="Дмитрий Глуховский", country="DE", city="", disclosure="region"
    )
    yield profile
    clear_matcher_cache()


def start(browser, live_server, username: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.violations = []
    tab.on("console", lambda m: "Content Security Policy" in m.text and tab.violations.append(m.text))
    tab.goto(live_server.url + "/admin/login/")
    tab.get_by_label("Username").fill(username)
    tab.get_by_label("Password").fill("pw-for-tests-123")
    tab.get_by_role("button", name="Log in").click()
    tab.wait_for_url(live_server.url + "/admin/")
    return context, tab


def shot(tab, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"newsroom-{name}.png"), full_page=True)


def test_an_article_becomes_a_cited_public_fact_through_review(browser, live_server, contributor, editor, glukhovsky):
    # The contributor brings the article in.
    context, tab = start(browser, live_server, contributor.username)
    tab.goto(live_server.url + "/admin/profiles/profile/dashboard/")
    shot(tab, "01-contributor-dashboard")
    tab.get_by_role("link", name="Add an article").first.click()
    tab.get_by_label("Or upload the saved page (.html)").set_input_files(str(PAGES / "en-exiled-artists.html"))
    shot(tab, "02-add-an-article")
    tab.get_by_role("button", name="Read the article").click()
    assert tab.get_by_label("Title").input_value() == "Nine months on: where Russia’s exiled artists are now"
    assert tab.get_by_label("Outlet").input_value() == "Baltic Ledger"
    shot(tab, "03-confirm")
    tab.get_by_role("button", name="Save the source and find mentions").click()

    # Its mentions: the known profile, the sentence, the date the sentence gives.
    section = tab.locator(f"#profile-{glukhovsky.pk}")
    row = section.locator("tr", has_text=SENTENCE)
    assert row.get_by_text("October 2022 (the source's year)").is_visible()
    shot(tab, "04-mentions")

    # Cite the sentence, then propose the fact it reports.
    row.get_by_role("button", name="Cite").click()
    assert "Cited as an excerpt, verified against the text" in tab.locator(".messagelist").inner_text()
    excerpt = Excerpt.objects.get(text=SENTENCE)
    assert excerpt.is_verified and excerpt.approved is None
    tab.locator(f"#profile-{glukhovsky.pk} tr", has_text=SENTENCE).get_by_role("link", name="Propose a fact").click()
    assert tab.get_by_label("What happened").input_value() == "foreign_agent"
    assert tab.get_by_label("Date precision").input_value() == "month"
    shot(tab, "05-propose")
    tab.get_by_role("button", name="Cite and add to the draft").click()
    assert "Added to the working copy of Dmitry Glukhovsky" in tab.locator(".messagelist").inner_text()

    # Submit it for review; nothing is public yet.
    tab.locator(f"#profile-{glukhovsky.pk}").get_by_role("link", name="Review & submit").click()
    assert tab.get_by_text(
        re.compile(r"Timeline entry added: Designated a “foreign agent” by the Justice Ministry, October 2022")
    ).is_visible()
    tab.get_by_label("Note to the reviewer").fill("A new article: foreign agent in October 2022.")
    tab.get_by_role("button", name="Submit for review").click()
    assert tab.get_by_text("Waiting for an editor").is_visible()
    assert tab.get_by_role("button", name="Approve and publish").count() == 0
    shot(tab, "06-submitted")
    public = tab.context.new_page()
    public.goto(live_server.url + f"/profiles/{glukhovsky.slug}/")
    assert "foreign agent" not in public.content()
    public.close()
    assert tab.violations == []
    context.close()

    # The editor previews the public page and approves.
    context, tab = start(browser, live_server, editor.username)
    tab.goto(live_server.url + "/admin/profiles/profile/dashboard/")
    tab.get_by_role("link", name="Dmitry Glukhovsky").first.click()
    shot(tab, "07-editor-review")
    tab.get_by_role("link", name="Preview the public page").click()
    assert tab.get_by_text("Preview — not public.").is_visible()
    assert tab.locator(".timeline").get_by_text("Designated a foreign agent.").is_visible()
    assert tab.locator(".references").get_by_text(SENTENCE).is_visible()
    shot(tab, "08-preview")
    tab.get_by_role("link", name="Back to the review").click()
    approve = tab.locator("form", has=tab.get_by_role("button", name="Approve and publish"))
    approve.get_by_label("Public change note").fill("Added: declared a foreign agent, October 2022")
    approve.get_by_role("button", name="Approve and publish").click()
    assert "Published as version 2." in tab.locator(".messagelist").inner_text()
    shot(tab, "09-published")
    assert tab.violations == []

    # Readers see the new fact, cited.
    tab.goto(live_server.url + f"/profiles/{glukhovsky.slug}/")
    assert tab.locator(".timeline").get_by_text("Designated a foreign agent.").is_visible()
    assert tab.locator(".references").get_by_text(SENTENCE).is_visible()
    assert tab.locator(".source-list").get_by_text("Nine months on: where Russia’s exiled artists are now").is_visible()
    shot(tab, "10-public-page")
    assert Profile.objects.get(pk=glukhovsky.pk).live_version.number == 2
    assert tab.violations == []
    context.close()
