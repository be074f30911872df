"""Every public page, read anonymously: happy paths, what it shows, and its error answers."""

import json
import re

import pytest
from django.urls import reverse

from profiles.models import PublicSource, SlugHistory
from profiles.workflow import withdraw_profile
from sources.models import AggregateFigure
from tests import factories
from tests.public.builders import build_profile, publish, published_profile

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return response.content.decode()


# --- home --------------------------------------------------------------------------------------


def test_home_explains_exodus_and_lists_latest_updates(client, ulitskaya, editor):
    ulitskaya.description = "Novelist"
    ulitskaya.save()
    publish(ulitskaya, editor, note="Fixed her description", is_correction=True)

    page = text_of(client.get("/"))

    assert "largest emigration from Russia since 1917" in page
    assert "Fixed her description" in page
    assert "Correction" in page
    assert f'href="/profiles/{ulitskaya.slug}/"' in page
    assert 'role="search"' in page


def test_home_shows_numbers_and_browse_links(client, ulitskaya):
    page = text_of(client.get("/"))
    assert re.search(r"<strong>1</strong> published profile", page)
    assert 'href="/profiles/?category=media"' in page


def test_home_with_nothing_published_still_works(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "Nothing has been published yet." in text_of(response)


def test_public_pages_refuse_post(client, ulitskaya):
    assert client.post("/profiles/").status_code == 405


# --- a profile page ----------------------------------------------------------------------------


def test_profile_page_shows_the_public_facts(client, ulitskaya):
    page = text_of(client.get(f"/profiles/{ulitskaya.slug}/"))
    assert "<h1" in page and "Lyudmila Ulitskaya</h1>" in page
    assert "Людмила Улицкая" in page
    assert "Berlin, Germany" in page
    assert "Media and journalism" in page
    assert "Last updated" in page
    assert "First published" in page


def test_dates_are_shown_at_their_precision(client, ulitskaya):
    page = text_of(client.get(f"/profiles/{ulitskaya.slug}/"))
    assert '<time datetime="2022-03">early March 2022</time>' in page
    assert "1 March 2022" not in page


def test_each_claim_links_its_numbered_citation_to_the_excerpt_on_its_source_page(client, ulitskaya):
    page = text_of(client.get(f"/profiles/{ulitskaya.slug}/"))
    excerpt = ulitskaya.timeline.get().citations.get()
    link = f"/sources/{excerpt.source_id}/#excerpt-{excerpt.pk}"
    assert f'<a href="{link}" aria-label="Source 1: {excerpt.source.title}">[1]</a>' in page

    source_page = text_of(client.get(link.split("#")[0]))
    assert f'id="excerpt-{excerpt.pk}"' in source_page
    assert excerpt.text in source_page


def test_numbers_follow_first_citation_and_repeat_for_a_reused_excerpt(client, editor):
    profile = build_profile(name="Kirill Serebrennikov", entries=2)
    first_excerpt = profile.timeline.order_by("date").first().citations.get()
    factories.cite(profile.timeline.order_by("date").last(), first_excerpt, order=5)
    publish(profile, editor)
    page = text_of(client.get(f"/profiles/{profile.slug}/"))
    assert re.findall(r">\[(\d)\]</a>", page) == ["1", "2", "1"]


def test_the_persons_own_quotes_are_shown_with_their_source(client, editor):
    profile = build_profile(name="Andrei Loshak")
    # Their words in quotation marks: direct speech (tests/public/test_citations.py has the rule).
    quote = factories.ExcerptFactory(
        text="“One has the feeling that the whole guild has emigrated,” said the journalist.",
        speaker=profile,
        language="en",
    )
    publish(profile, editor)
    page = text_of(client.get(f"/profiles/{profile.slug}/"))
    assert "In their own words" in page
    assert "One has the feeling that the whole guild has emigrated" in page
    assert f"/sources/{quote.source_id}/#excerpt-{quote.pk}" in page


def test_change_history_marks_corrections(client, ulitskaya, editor):
    ulitskaya.description = "Novelist"
    ulitskaya.save()
    publish(ulitskaya, editor, note="Description corrected", is_correction=True)
    page = text_of(client.get(f"/profiles/{ulitskaya.slug}/"))
    history = page.split('id="history-title"')[1]
    assert re.search(r"Correction</span>\s*Description corrected", history)
    assert history.index("Description corrected") < history.index("First published")


def test_profile_page_has_canonical_url_opengraph_and_json_ld(client, ulitskaya, settings):
    settings.SITE_URL = "https://exodus.example"
    page = text_of(client.get(f"/profiles/{ulitskaya.slug}/", HTTP_HOST="localhost"))
    url = f"https://exodus.example/profiles/{ulitskaya.slug}/"
    assert f'<link rel="canonical" href="{url}">' in page
    assert f'<meta property="og:url" content="{url}">' in page
    assert '<meta property="og:title" content="Lyudmila Ulitskaya">' in page
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["@type"] == "Person"
    assert data["name"] == "Lyudmila Ulitskaya"
    assert data["alternateName"] == ["Людмила Улицкая", "Ludmila Ulitska"]
    assert data["homeLocation"]["name"] == "Berlin, Germany"


def test_a_group_is_an_organization_in_json_ld(client, editor):
    group = published_profile(editor, name="IC3PEAK", kind="group")
    page = text_of(client.get(f"/profiles/{group.slug}/"))
    assert '"@type": "Organization"' in page


def test_json_ld_cannot_be_broken_out_of_by_profile_text(client, editor):
    profile = published_profile(editor, name="Script Person", description="</script><script>alert(1)</script>")
    page = text_of(client.get(f"/profiles/{profile.slug}/"))
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert "\\u003C/script\\u003E" in block
    assert json.loads(block)["description"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in page


def test_portrait_has_responsive_renditions_and_alt_text(client, editor, settings):
    from django.core.files.base import ContentFile

    from profiles.imaging import make_renditions
    from tests.profiles.test_portraits import _image

    profile = build_profile(name="Portrait Person", portrait_alt="Smiling at a Berlin reading")
    profile.portrait.save("p.png", ContentFile(_image(1200, 1500).read()), save=False)
    profile.portrait_renditions = make_renditions(_image(1200, 1500))
    profile.save()
    publish(profile, editor)
    page = text_of(client.get(f"/profiles/{profile.slug}/"))
    img = re.search(r"<img [^>]+>", page, re.S).group(0)
    assert 'alt="Smiling at a Berlin reading"' in img
    assert re.search(r'srcset="\S+-320\.jpg 320w, \S+-640\.jpg 640w, \S+-1024\.jpg 1024w"', img)
    assert "sizes=" in img
    assert re.search(r'<meta property="og:image" content="http://[^"]+-1024\.jpg">', page)


def test_old_slug_redirects_permanently_to_the_current_one(client, ulitskaya, editor):
    old = ulitskaya.slug
    ulitskaya.slug = "ludmila-ulitskaya"
    ulitskaya.save()
    SlugHistory.objects.create(profile=ulitskaya, slug=old)
    publish(ulitskaya, editor, note="Renamed")

    response = client.get(f"/profiles/{old}/")
    assert response.status_code == 301
    assert response["Location"] == "/profiles/ludmila-ulitskaya/"


def test_an_unpublished_rename_does_not_redirect_or_reveal_the_new_slug(client, ulitskaya):
    old = ulitskaya.slug
    ulitskaya.slug = "secret-new-slug"
    ulitskaya.save()
    SlugHistory.objects.create(profile=ulitskaya, slug=old)

    assert client.get(f"/profiles/{old}/").status_code == 200
    assert client.get("/profiles/secret-new-slug/").status_code == 404


def test_withdrawn_profile_is_gone(client, ulitskaya, editor):
    withdraw_profile(ulitskaya, actor=editor, reason="Safety")
    response = client.get(f"/profiles/{ulitskaya.slug}/")
    assert response.status_code == 410
    page = text_of(response)
    assert "This profile has been withdrawn" in page
    assert "Ulitskaya" not in page
    assert "Safety" not in page


def test_old_slug_of_a_withdrawn_profile_is_gone_too(client, ulitskaya, editor):
    SlugHistory.objects.create(profile=ulitskaya, slug="ludmila-old")
    withdraw_profile(ulitskaya, actor=editor, reason="Safety")
    assert client.get("/profiles/ludmila-old/").status_code == 410


def test_unknown_profile_is_not_found(client, db):
    response = client.get("/profiles/nobody-here/")
    assert response.status_code == 404
    assert "Page not found" in text_of(response)


def test_a_draft_profile_is_not_found(client, db):
    draft = build_profile(name="Draft Person")
    assert client.get(f"/profiles/{draft.slug}/").status_code == 404


# --- sources -----------------------------------------------------------------------------------


def test_sources_index_lists_cited_sources_with_counts(client, ulitskaya, editor):
    source = ulitskaya.timeline.get().citations.get().source
    published_profile(editor, name="Second Citer", source=source)
    page = text_of(client.get("/sources/"))
    assert f'href="/sources/{source.pk}/"' in page
    assert "2 cited excerpts, cited by 2 profiles" in page


def test_source_page_shows_excerpts_and_the_profiles_citing_them(client, ulitskaya):
    source = PublicSource.objects.get()
    page = text_of(client.get(f"/sources/{source.source_id}/"))
    assert source.title in page
    assert "Outlet" in page
    assert f'href="/profiles/{ulitskaya.slug}/">Lyudmila Ulitskaya</a>' in page


def test_unknown_or_uncited_source_is_not_found(client, ulitskaya):
    uncited = factories.SourceFactory(title="Nobody cites me")
    assert client.get(f"/sources/{uncited.pk}/").status_code == 404
    assert client.get("/sources/999999/").status_code == 404
    assert client.get("/sources/abc/").status_code == 404


# --- destinations ------------------------------------------------------------------------------


def test_destinations_draws_a_bar_per_country_and_shows_cited_figures(client, index_corpus):
    excerpt = factories.ExcerptFactory(text="Writer Ludmila Ulitska is giving interviews")
    factories.published_figure(
        dataset="Survey of new migrants", label="Georgia", country="GE", value=23, unit="percent", excerpt=excerpt,
    )  # fmt: skip
    AggregateFigure.objects.create(
        dataset="Unpublished survey", label="Armenia", value=5, unit="percent", excerpt=excerpt, is_published=False
    )
    page = text_of(client.get("/destinations/"))
    assert "<svg" in page
    assert len(re.findall(r'<rect class="chart-bar"', page)) == 3
    assert '<a href="/profiles/?country=DE">' in page
    assert "Survey of new migrants" in page and "23%" in page
    assert excerpt.source.title in page
    assert "Unpublished survey" not in page


def test_destinations_with_nothing_published(client, db):
    response = client.get("/destinations/")
    assert response.status_code == 200
    assert "No published profile has a disclosed country yet." in text_of(response)


# --- feed, sitemap, robots ---------------------------------------------------------------------


def test_feed_is_atom_with_one_entry_per_published_version(client, ulitskaya, editor, settings):
    settings.SITE_URL = "https://exodus.example"
    publish(ulitskaya, editor, note="Moved on", is_correction=True)
    response = client.get("/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = text_of(response)
    assert feed.count("<entry>") == 2
    assert "<title>Correction: Lyudmila Ulitskaya</title>" in feed
    assert f"https://exodus.example/profiles/{ulitskaya.slug}/#version-2" in feed


def test_sitemap_lists_profiles_sources_and_pages_on_the_site_url(client, ulitskaya, settings):
    settings.SITE_URL = "https://exodus.example"
    sitemap = text_of(client.get("/sitemap.xml"))
    source = PublicSource.objects.get()
    assert f"<loc>https://exodus.example/profiles/{ulitskaya.slug}/</loc>" in sitemap
    assert f"<loc>https://exodus.example/sources/{source.source_id}/</loc>" in sitemap
    assert "<loc>https://exodus.example/destinations/</loc>" in sitemap
    assert "<lastmod>" in sitemap


def test_robots_txt_points_to_the_sitemap(client, settings):
    settings.SITE_URL = "https://exodus.example"
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: https://exodus.example/sitemap.xml" in text_of(response)
    assert "Disallow: /admin/" in text_of(response)


def test_reverse_names_used_by_other_parts_exist(db):
    assert reverse("profiles:detail", kwargs={"slug": "x"}) == "/profiles/x/"
    assert reverse("sources:detail", kwargs={"pk": 3}) == "/sources/3/"
    assert reverse("feed") == "/feed/"
