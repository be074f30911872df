import pytest

from sources.quotes import find_quote, normalise_quote
from tests.factories import ExcerptFactory, SourceFactory


def test_quote_with_straight_quotes_and_hyphen_matches_curly_quotes_and_dash():
    text = "He said: “We’ve all lost our lives” – and left."
    assert find_quote("We've all lost our lives\" - and", text) is not None


def test_whitespace_and_line_breaks_are_normalised():
    assert normalise_quote("one\n  two\tthree") == "one two three"
    assert find_quote("the whole\nguild", "feeling that the whole   guild has emigrated") is not None


def test_changed_word_does_not_match():
    assert find_quote("the whole guild has left", "the whole guild has emigrated") is None


@pytest.mark.django_db
def test_excerpt_that_occurs_in_source_is_verified_with_its_position():
    excerpt = ExcerptFactory(text="On the same day, Loshak boarded a plane for Tbilisi.")
    assert excerpt.is_verified
    assert excerpt.position == excerpt.source.full_text.index("On the same day")


@pytest.mark.django_db
def test_excerpt_not_in_source_is_flagged_unverified():
    excerpt = ExcerptFactory(text="Loshak boarded a train for Yerevan.")
    assert not excerpt.is_verified


@pytest.mark.django_db
def test_excerpt_of_source_without_full_text_is_unverified():
    excerpt = ExcerptFactory(source=SourceFactory(full_text=""), text="Anything at all.")
    assert not excerpt.is_verified


@pytest.mark.django_db
def test_unverified_flag_is_visible_in_admin_list(admin_client):
    ExcerptFactory(text="Words that are nowhere in the source.")
    response = admin_client.get("/admin/sources/excerpt/?verified=no")
    assert response.status_code == 200
    assert "Words that are nowhere in the source." in response.content.decode()
    assert 'alt="False"' in response.content.decode()


@pytest.mark.django_db
def test_unverified_warning_on_excerpt_change_page(admin_client):
    excerpt = ExcerptFactory(text="Words that are nowhere in the source.")
    response = admin_client.get(f"/admin/sources/excerpt/{excerpt.pk}/change/")
    assert "Unverified: this text does not occur" in response.content.decode()


@pytest.mark.django_db
def test_editing_source_text_reverifies_its_excerpts(admin_client):
    excerpt = ExcerptFactory(text="A sentence added later.")
    assert not excerpt.is_verified
    source = excerpt.source
    data = {
        "title": source.title,
        "outlet": source.outlet_id,
        "authors": source.authors,
        "kind": source.kind,
        "language": source.language,
        "url": source.url,
        "archived_url": "",
        "published_on": "2022-03-20",
        "published_year": "",
        "written_after_precision": "day",
        "full_text": source.full_text + " A sentence added later.",
        "editorial_notes": "",
        "excerpts-TOTAL_FORMS": "0",
        "excerpts-INITIAL_FORMS": "0",
    }
    response = admin_client.post(f"/admin/sources/source/{source.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    excerpt.refresh_from_db()
    assert excerpt.is_verified
