"""The intake screens on real articles: add an article (pasted, uploaded, or fetched where allowed),
confirm what was read, see whom, where and when it mentions, cite a sentence and propose a fact —
and nothing reaches the public before an editor's review."""

import functools
import http.server
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import Q
from django.test import Client

from profiles.admin import intake as intake_screens
from profiles.intake.fetch import fetch_url
from profiles.models import Profile, PublicExcerpt, PublicProfile, PublicSource, SourceMention, TimelineEntry
from sources.models import Excerpt, Source
from tests import factories
from tests.intake.conftest import read_page

INTAKE = "/admin/sources/source/intake/"
EN_PAGE = "en-exiled-artists.html"
RU_PAGE = "ru-iz-tbilisi-v-rigu.html"


@pytest.fixture
def carol(db_with_corpus):
    client = Client()
    client.force_login(factories.contributor())
    return client


def upload(client, name: str, **extra):
    page = SimpleUploadedFile(name, read_page(name), content_type="text/html")
    return client.post(INTAKE, {"page": page, "text": "", "url": "", **extra})


def confirm(client, response, **corrections):
    """Post the confirmation form as the screen pre-filled it, with the editor's corrections."""
    form = response.context["form"]
    data = {name: "" if value is None else value for name, value in form.initial.items()}
    data.update(step="confirm", kind=data.get("kind") or "article", published_year=data.get("published_year") or "")
    data.update(corrections)
    return client.post(INTAKE, data)


def saved(client, name: str) -> Source:
    response = confirm(client, upload(client, name))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Source.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-2]))


# Bringing the article in ----------------------------------------------------------------------


def test_an_uploaded_page_is_read_for_the_editor_to_confirm_and_nothing_is_saved_yet(carol):
    before = Source.objects.count()
    response = upload(carol, EN_PAGE)
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert initial["title"] == "Nine months on: where Russia’s exiled artists are now"
    assert initial["outlet_name"] == "Baltic Ledger"
    assert initial["authors"] == "Marta Lindqvist, Pavel Ostrov"
    assert str(initial["published_on"]) == "2022-11-15" and initial["language"] == "en"
    assert initial["url"] == "https://balticledger.example/culture/2022/11/15/exiled-artists-nine-months-on/"
    assert "reader comments" not in initial["full_text"].lower() and "Alla Pugacheva" not in initial["full_text"]
    assert Source.objects.count() == before


def test_confirming_saves_a_private_source_and_shows_what_it_mentions(carol):
    source = saved(carol, EN_PAGE)
    assert source.outlet.name == "Baltic Ledger" and source.full_text.startswith("Nine months on")
    assert source.approved is None and list(source.pending_authors.values_list("username", flat=True)) == ["carol"]
    assert not PublicSource.objects.filter(pk=source.pk).exists()
    assert source.title not in Client().get("/sources/").content.decode()
    page = carol.get(f"/admin/sources/source/{source.pk}/mentions/").content.decode()
    for name in ("Lyudmila Ulitskaya", "Kirill Serebrennikov", "Dmitry Glukhovsky", "Anton Dolin", "Pussy Riot"):
        assert f">{name}</a></h3>" in page, name
    assert "<mark>Ludmila Ulitska</mark>" in page  # another spelling, marked in its sentence
    assert "Berlin, Germany" in page and "by March 2022 (the source&#x27;s year)" in page
    assert "Irina Voskresenskaya" in page.split("<h2>New profile?</h2>")[1]
    mentioned = set(SourceMention.objects.filter(source=source).values_list("profile__slug", flat=True))
    assert {"lyudmila-ulitskaya", "kirill-serebrennikov", "anton-dolin"} <= mentioned


@pytest.mark.parametrize(
    "title_start",
    ["The biggest escape", "Essay by Monika", "Analysis by Andrei", "Leaving Russia", "Analysis of the OK Russians"],
)
def test_the_screen_lists_every_profile_a_corpus_article_is_cited_for(carol, title_start):
    source = Source.objects.get(title__startswith=title_start)
    cited = Profile.objects.filter(
        Q(timeline__citation_links__excerpt__source=source) | Q(quotes__source=source)
    ).distinct()
    assert cited
    page = carol.get(f"/admin/sources/source/{source.pk}/mentions/").content.decode()
    for profile in cited:
        assert f'id="profile-{profile.pk}"' in page, profile.display_name
    assert "✔ Already cited by this profile" in page


def test_a_pasted_russian_article_finds_inflected_names_places_and_dates(carol, russian_article):
    response = carol.post(INTAKE, {"text": russian_article.text, "url": "https://example.org/ru/riga"})
    assert response.status_code == 200
    assert response.context["form"].initial["language"] == "ru"
    # Pasted text carries no date: the editor gives the year, and dates without one take it.
    source = Source.objects.get(pk=int(confirm(carol, response, published_year=2022)["Location"].split("/")[-3]))
    page = carol.get(f"/admin/sources/source/{source.pk}/mentions/").content.decode()
    for written in ("Антона Долина", "Улицкой", "Глуховского", "Хаматовой"):
        assert f"<mark>{written}</mark>" in page, written
    assert "Riga, Latvia" in page and "early March 2022" in page


def test_a_duplicate_address_leads_to_the_existing_source(carol):
    existing = factories.SourceFactory(
        url="https://balticledger.example/culture/2022/11/15/exiled-artists-nine-months-on"
    )
    response = carol.post(
        INTAKE,
        {
            "text": "A different copy of the article, pasted.",
            "url": "http://www.balticledger.example/culture/2022/11/15/exiled-artists-nine-months-on/?utm_source=x",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/admin/sources/source/{existing.pk}/mentions/"
    assert "already a source (the same address)" in response.content.decode()
    assert Source.objects.filter(title__startswith="A different copy").count() == 0


def test_a_near_identical_text_leads_to_the_existing_source(carol):
    corpus_source = Source.objects.get(title__startswith="The biggest escape")
    text = corpus_source.full_text.replace("\n\n", "\n\n\n") + "\n\nShare this article."
    response = carol.post(INTAKE, {"text": text, "url": ""}, follow=True)
    assert response.redirect_chain[-1][0] == f"/admin/sources/source/{corpus_source.pk}/mentions/"
    assert "already a source (a near-identical text" in response.content.decode()


def test_an_empty_or_doubled_submission_is_explained_on_the_form(carol):
    response = carol.post(INTAKE, {"text": "", "url": ""})
    assert response.status_code == 400
    assert "Paste the article&#x27;s text, upload the saved page, or give its address." in response.content.decode()
    page = SimpleUploadedFile("a.pdf", b"%PDF", content_type="application/pdf")
    response = carol.post(INTAKE, {"page": page, "text": "", "url": ""})
    assert "Upload the page saved as .html" in response.content.decode()


# Fetching an address ----------------------------------------------------------------------------


@pytest.fixture
def article_server():
    body = read_page(EN_PAGE)

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/culture/exiled-artists"
    server.shutdown()
    server.server_close()


def test_an_address_alone_is_refused_where_fetching_is_off(carol, settings, article_server):
    settings.INTAKE_URL_FETCH = False
    response = carol.post(INTAKE, {"text": "", "url": article_server})
    assert response.status_code == 400
    assert "Fetching pages on the server is turned off here" in response.content.decode()


def test_an_address_on_a_private_network_is_refused_with_a_message(carol, settings, article_server):
    settings.INTAKE_URL_FETCH = True
    for url in (article_server, "http://169.254.169.254/latest/meta-data/", "http://10.0.0.5/admin"):
        response = carol.post(INTAKE, {"text": "", "url": url}, follow=True)
        assert response.status_code == 400
        messages = [str(m) for m in response.context["messages"]]
        assert any("not a public address" in m or "private" in m.lower() for m in messages), (url, messages)
    assert not Source.objects.filter(title__startswith="Nine months on").exists()


def test_an_allowed_address_is_fetched_and_read(carol, settings, article_server, monkeypatch):
    settings.INTAKE_URL_FETCH = True
    # Only code can open the test server's address to the fetcher; the admin never does.
    monkeypatch.setattr(intake_screens, "fetch_url", functools.partial(fetch_url, allow_addresses={"127.0.0.1"}))
    response = carol.post(INTAKE, {"text": "", "url": article_server})
    assert response.status_code == 200
    assert response.context["form"].initial["title"] == "Nine months on: where Russia’s exiled artists are now"


# From sentence to fact ---------------------------------------------------------------------------


def _row(page: str, profile: Profile, words: str) -> str:
    section = page.split(f'id="profile-{profile.pk}"', 1)[1].split("</section>", 1)[0]
    return next(row for row in section.split("<tr") if words in row)


def _value(row: str, name: str) -> int:
    return int(row.split(f'name="{name}" value="', 1)[1].split('"', 1)[0])


def test_cite_makes_an_excerpt_of_the_sentence_that_verifies_and_is_not_public(carol):
    source = saved(carol, EN_PAGE)
    glukhovsky = Profile.objects.get(slug="dmitry-glukhovsky")
    page = carol.get(f"/admin/sources/source/{source.pk}/mentions/").content.decode()
    row = _row(page, glukhovsky, "foreign agent")
    response = carol.post(
        f"/admin/sources/source/{source.pk}/mentions/cite/",
        {"start": _value(row, "start"), "end": _value(row, "end"), "profile": glukhovsky.pk},
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#profile-{glukhovsky.pk}")
    excerpt = Excerpt.objects.get(source=source)
    assert excerpt.text == "In October the Justice Ministry also declared Glukhovsky a foreign agent."
    assert excerpt.is_verified and excerpt.approved is None
    assert not PublicExcerpt.objects.filter(pk=excerpt.pk).exists()
    assert "Already an excerpt of this source" in _row(
        carol.get(f"/admin/sources/source/{source.pk}/mentions/").content.decode(), glukhovsky, "foreign agent"
    )


def test_propose_a_fact_prefills_kind_date_and_disclosure_and_adds_a_cited_draft_entry(carol):
    source = saved(carol, EN_PAGE)
    dolin = Profile.objects.get(slug="anton-dolin")
    live_before = dolin.live_version.snapshot
    page = carol.get(f"/admin/sources/source/{source.pk}/mentions/").content.decode()
    row = _row(page, dolin, "left for Latvia")
    link = row.split('class="button" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    response = carol.get(link)  # click one: the proposal
    form = response.context["form"]
    assert (form.initial["kind"], form.initial["date_precision"], form.initial["date_qualifier"]) == (
        "left_russia",
        "month",
        "early",
    )
    assert (form.initial["country"], form.initial["location_disclosure"]) == ("LV", "country")
    assert "<li>Kind: “left for”.</li>" in response.content.decode()  # where each guess came from
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data["profile"] = dolin.pk
    response = carol.post(f"/admin/sources/source/{source.pk}/mentions/propose/", data)  # click two
    assert response.status_code == 302
    entry = TimelineEntry.objects.get(profile=dolin, citation_links__excerpt__source=source)
    assert (entry.kind, entry.date.isoformat(), entry.date_precision, entry.date_qualifier) == (
        "left_russia",
        "2022-03-01",
        "month",
        "early",
    )
    assert (entry.country.code, entry.location_disclosure) == ("LV", "country")
    assert entry.citations.get().is_verified
    dolin.refresh_from_db()
    assert dolin.status == "draft" and dolin.live_version.snapshot == live_before  # readers see no change
    assert PublicProfile.objects.get(profile=dolin).version_id == dolin.live_version_id


def test_a_reworded_quote_is_refused_on_its_field_and_nothing_is_created(carol):
    source = saved(carol, EN_PAGE)
    dolin = Profile.objects.get(slug="anton-dolin")
    response = carol.post(
        f"/admin/sources/source/{source.pk}/mentions/propose/",
        {
            "profile": dolin.pk,
            "quote": "Anton Dolin fled to Latvia.",
            "near": 0,
            "kind": "left_russia",
            "date": "2022-03-01",
            "date_precision": "month",
            "date_qualifier": "early",
            "country": "LV",
            "city": "",
            "location_disclosure": "country",
            "text": "Left Russia for Latvia.",
        },
    )
    assert response.status_code == 400
    assert "These words are not in the source&#x27;s text" in response.content.decode()
    assert not Excerpt.objects.filter(source=source).exists()
    assert not TimelineEntry.objects.filter(citation_links__excerpt__source=source).exists()


def test_a_profile_page_lists_the_articles_that_mention_it_until_it_cites_them(carol):
    source = saved(carol, EN_PAGE)
    serebrennikov = Profile.objects.get(slug="kirill-serebrennikov")
    page = carol.get(f"/admin/profiles/profile/{serebrennikov.pk}/change/").content.decode()
    assert "1 article mentions this person but is not cited yet" in page
    assert f"/admin/sources/source/{source.pk}/mentions/#profile-{serebrennikov.pk}" in page
    text = source.full_text
    start = text.index("The director Kirill Serebrennikov")
    carol.post(
        f"/admin/sources/source/{source.pk}/mentions/propose/",
        {
            "profile": serebrennikov.pk,
            "quote": text[start : text.index(".", start) + 1],
            "near": start,
            "kind": "moved_on",
            "date": "2022-03-29",
            "date_precision": "day",
            "date_qualifier": "",
            "country": "DE",
            "city": "Berlin",
            "location_disclosure": "country",
            "text": "Moved on to Germany.",
        },
    )
    page = carol.get(f"/admin/profiles/profile/{serebrennikov.pk}/change/").content.decode()
    assert "mentions this person but" not in page


def test_a_name_without_a_profile_is_offered_with_the_similar_profiles(carol):
    similar = factories.ProfileFactory(display_name="Irina Voskresenskaja")
    source = saved(carol, EN_PAGE)
    page = carol.get(f"/admin/sources/source/{source.pk}/mentions/").content.decode()
    new = page.split("<h2>New profile?</h2>", 1)[1].split("<h2>", 1)[0]
    row = next(r for r in new.split("<tr") if "Oleg Marchenko" in r)
    assert "create a profile" in row and "display_name=Oleg%20Marchenko" in row
    row = next(r for r in new.split("<tr") if "Irina Voskresenskaya" in r)
    assert f'href="/admin/profiles/profile/{similar.pk}/change/">Irina Voskresenskaja</a>' in row
    assert "if this is a different person" in row


def test_index_mentions_finds_the_profiles_every_source_names(db_with_corpus, capsys):
    SourceMention.objects.all().delete()
    call_command("index_mentions")
    assert "5 source(s) read" in capsys.readouterr().out
    biggest = Source.objects.get(title__startswith="The biggest escape")
    assert SourceMention.objects.filter(source=biggest, profile__slug="andrei-loshak").get().count >= 3


def test_only_newsroom_roles_reach_the_intake_screens(db_with_corpus):
    source = Source.objects.first()
    nobody = Client()
    nobody.force_login(factories.UserFactory(username="norole"))
    for url in (INTAKE, f"/admin/sources/source/{source.pk}/mentions/"):
        response = nobody.get(url)
        assert response.status_code == 403 and 'id="user-tools"' in response.content.decode(), url
        assert Client().get(url).status_code == 302
