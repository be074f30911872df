"""A profile page's Citations and "In their own words": citations grouped by source, the person's
own words shown once, and no excerpt wrapped in a second pair of quotation marks."""

import re

import pytest

from public.templatetags.public_site import quoted
from tests import factories
from tests.public.builders import build_profile, publish

pytestmark = pytest.mark.django_db

DIRECT = (
    "“I found myself among colleagues. One has the feeling that the whole guild has emigrated,” said the journalist."
)
REPORTED = "When later reached by phone, she told me that she had only managed to pack two pairs of trousers."


def page_of(client, profile) -> str:
    return client.get(f"/profiles/{profile.slug}/").content.decode()


def section(page: str, title_id: str) -> str:
    start = page.index(f'id="{title_id}"')
    end = page.find("</section>", start)
    return page[start:end]


def test_citations_name_each_source_once_with_its_quotes_beneath(client, editor):
    source = factories.SourceFactory(title="The biggest escape since 1917")
    other = factories.SourceFactory(title="Nine months on")
    profile = build_profile(name="Andrei Loshak", entries=3, source=source)
    entry = profile.timeline.order_by("date").last()
    factories.cite(entry, factories.ExcerptFactory(source=other, text="Loshak boarded a plane."), order=5)
    publish(profile, editor)

    citations = section(page_of(client, profile), "refs-title")
    assert citations.count("The biggest escape since 1917") == 1
    assert citations.count("Nine months on") == 1
    groups = re.findall(r'<li class="citation-source">(.*?)</ol>', citations, re.S)
    assert len(groups) == 2
    assert re.findall(r'id="ref-(\d)"', groups[0]) == ["1", "2", "3"]
    assert re.findall(r'id="ref-(\d)"', groups[1]) == ["4"]
    assert "The biggest escape since 1917" in groups[0] and "Nine months on" in groups[1]


def test_a_quote_shown_in_their_own_words_is_not_repeated_under_citations(client, editor):
    profile = build_profile(name="Andrei Loshak")
    quote = factories.ExcerptFactory(text=DIRECT, speaker=profile, source__full_text=DIRECT)
    factories.cite(profile.timeline.get(), quote, order=5)
    publish(profile, editor)

    page = page_of(client, profile)
    assert f'id="quote-{quote.pk}"' in section(page, "quotes-title")
    citations = section(page, "refs-title")
    assert "whole guild has emigrated" not in citations
    # Its number still resolves: to the quote above.
    assert re.search(rf'id="ref-2" value="2">\s*<a href="#quote-{quote.pk}">', citations)
    assert page.count("whole guild has emigrated") == 1


def test_their_own_words_hold_their_words_not_the_reporters_framing(client, editor):
    profile = build_profile(name="Lyudmila Ulitskaya")
    direct = factories.ExcerptFactory(text=DIRECT, speaker=profile)
    reported = factories.ExcerptFactory(text=REPORTED, speaker=profile)
    written = factories.ExcerptFactory(
        text="It was the beginning of March.", speaker=profile, source__authors="Lyudmila Ulitskaya, A. Editor"
    )
    publish(profile, editor)

    own = section(page_of(client, profile), "quotes-title")
    assert f'id="quote-{direct.pk}"' in own  # their words in quotation marks
    assert f'id="quote-{written.pk}"' in own  # a piece they wrote themselves
    assert f'id="quote-{reported.pk}"' not in own and "told me that" not in own  # the reporter's account


def test_reported_speech_that_a_claim_cites_stays_a_citation(client, editor):
    profile = build_profile(name="Lyudmila Ulitskaya")
    reported = factories.ExcerptFactory(text=REPORTED, speaker=profile)
    factories.cite(profile.timeline.get(), reported, order=5)
    publish(profile, editor)

    page = page_of(client, profile)
    assert 'id="quotes-title"' not in page
    assert f"“{REPORTED}”" in section(page, "refs-title")


@pytest.mark.parametrize("mark", ['"', "“", "«", "„"])
def test_an_excerpt_that_begins_with_a_quotation_mark_is_not_wrapped_again(mark):
    text = f"{mark}Every fiber of my soul is against this war,{mark} Smirnova said as she left"
    assert quoted(text) == text
    assert quoted("the whole guild has emigrated") == "“the whole guild has emigrated”"


def test_no_citation_on_the_page_has_two_pairs_of_quotation_marks(client, editor):
    profile = build_profile(name="Olga Smirnova")
    text = "“Every fiber of my soul is against this war,” Smirnova said as she left Russia!"
    factories.cite(profile.timeline.get(), factories.ExcerptFactory(text=text), order=5)
    publish(profile, editor)

    page = page_of(client, profile)
    assert text in page
    assert "““" not in page and "“&quot;" not in page
