"""The corpus files themselves: every quote is in its source, every key resolves, every fact is cited.

These read the TOML and text files directly (no database), so a bad edit to the data fails here
with the key named, before anything is loaded.
"""

import re
import tomllib

import pytest

from profiles.corpus import CORPUS_DIR
from profiles.models import Profile, TimelineEntry
from profiles.places import Disclosure, Region
from sources.dates import parse_iso_at
from sources.models import AggregateFigure, Source
from sources.quotes import find_quote

CATEGORIES = {"it", "media", "activism", "academia", "business", "arts"}


def _read(name: str) -> dict:
    return tomllib.loads((CORPUS_DIR / name).read_text(encoding="utf-8"))


SOURCES = _read("sources.toml")["source"]
EXCERPTS = _read("excerpts.toml")["excerpt"]
PROFILES = _read("profiles.toml")["profile"]
DATASETS = _read("figures.toml")["dataset"]
TEXTS = {s["key"]: (CORPUS_DIR / s["text_file"]).read_text(encoding="utf-8") for s in SOURCES}
EXCERPT_KEYS = {e["key"] for e in EXCERPTS}
SLUGS = {p["slug"] for p in PROFILES}


def test_keys_and_slugs_are_unique():
    assert len(EXCERPT_KEYS) == len(EXCERPTS)
    assert len(SLUGS) == len(PROFILES)
    assert len({s["key"] for s in SOURCES}) == len(SOURCES)
    assert len({s["title"] for s in SOURCES}) == len(SOURCES)


@pytest.mark.parametrize("excerpt", EXCERPTS, ids=[e["key"] for e in EXCERPTS])
def test_every_excerpt_occurs_word_for_word_in_its_source_text(excerpt):
    assert find_quote(excerpt["text"], TEXTS[excerpt["source"]]) is not None


def test_every_speaker_is_a_profile_of_the_corpus():
    assert {e["speaker"] for e in EXCERPTS if e.get("speaker")} <= SLUGS


def test_every_timeline_entry_cites_known_excerpts():
    for profile in PROFILES:
        for number, entry in enumerate(profile["timeline"], start=1):
            assert entry.get("cites"), f"{profile['slug']} entry {number} cites nothing"
            assert set(entry["cites"]) <= EXCERPT_KEYS, f"{profile['slug']} entry {number}"


def test_every_figure_cites_a_known_excerpt_that_states_its_number():
    for dataset in DATASETS:
        assert dataset["unit"] in AggregateFigure.Unit.values
        labels = [figure["label"] for figure in dataset["figures"]]
        assert len(set(labels)) == len(labels), dataset["name"]  # the loader's natural key
        assert len(dataset["name"]) <= 200 and len(dataset.get("period", "")) <= 100
        for figure in dataset["figures"]:
            assert figure["excerpt"] in EXCERPT_KEYS, figure["label"]
            assert len(figure["label"]) <= 200 and len(figure.get("period", "")) <= 100, figure["label"]
            text = next(e["text"] for e in EXCERPTS if e["key"] == figure["excerpt"])
            if "as_written" in figure:
                # The source gives the figure in words: they are in the quote, and readers see them
                # instead of the number, so it never reads as more precise than that.
                assert figure["as_written"] in text, f"{figure['label']}: {figure['as_written']!r} not in its quote"
            else:
                value = float(figure["value"])
                written = {f"{value:,.0f}", f"{value:g}"}
                assert any(w in text for w in written), f"{figure['label']}: {figure['value']} not in its quote"
            assert figure.get("bound", "") in {"", "lower", "upper"}, figure["label"]


def test_a_lower_bound_says_at_least_and_is_the_least_the_words_can_mean():
    least = {"hundreds of thousands": 200_000, "several hundred thousand": 200_000, "tens of thousands": 20_000}
    for dataset in DATASETS:
        for figure in dataset["figures"]:
            if figure.get("bound") != "lower":
                continue
            words = figure["as_written"].lower()
            if words in least:
                assert float(figure["value"]) == least[words], figure["label"]


def test_fact_check_f1_f2_f3_figure_labels_and_periods():
    by_name = {d["name"]: d for d in DATASETS}
    groups = by_name["Who left, by group"]
    assert "two months" not in groups["period"]  # F1: includes a list compiled after 7 June 2022
    assert all(figure.get("period") for figure in groups["figures"])
    (central_asia,) = [f for f in DATASETS[0]["figures"] if "Uzbekistan" in f["label"]]
    assert "each or together" in central_asia["label"]  # F2
    (ngo,) = [f for f in groups["figures"] if "NGO" in f["label"]]
    assert ngo["as_written"] == "probably not much more than 1,000"  # F3: readers see the words


def test_the_headline_estimates_and_survey_results_are_all_there():
    """§3 of the fact-check: the figures the articles give, each cited."""
    figures = [(d["name"], f) for d in DATASETS for f in d["figures"]]
    assert len(figures) == 28 + 36  # the 28 the fact-check found correct, and the ones it found missing
    assert {
        "Where new migrants settled (OK Russians survey)",
        "Arrivals reported in the first weeks of the war",
        "Daily arrivals reported",
        "Who left, by group",
        "What new migrants plan (OK Russians survey)",
        "How many left: estimates the sources give",
        "What employed new migrants worked in (OK Russians survey)",
    } <= {name for name, _ in figures}
    cited = {f["excerpt"] for _, f in figures}
    assert {
        "escape-weeks-estimates",
        "soldatov-initial-weeks",
        "survey-hundreds-of-thousands",
        "survey-tens-of-thousands",
        "survey-random-choice",
        "survey-voting",
        "survey-activism",
        "survey-fears",
        "survey-outlook",
        "survey-money-work",
        "survey-prosecution-risk",
        "philosophers-ships-lenin",
    } <= cited


def test_profiles_use_known_categories_waves_and_kinds():
    for profile in PROFILES:
        assert profile["categories"] and set(profile["categories"]) <= CATEGORIES, profile["slug"]
        assert profile["wave"] in Profile.Wave.values, profile["slug"]
        assert profile.get("kind", "person") in Profile.Kind.values, profile["slug"]
        assert profile["description"] and profile["biography"], profile["slug"]
        for entry in profile["timeline"]:
            assert entry["kind"] in TimelineEntry.Kind.values, profile["slug"]
            assert entry.get("disclosure", "country") in Disclosure.values, profile["slug"]
            assert entry.get("region", "") in {"", *Region.values}, profile["slug"]


def test_the_corpus_covers_every_wave_and_both_kinds():
    assert {p["wave"] for p in PROFILES} == set(Profile.Wave.values)
    assert {p.get("kind", "person") for p in PROFILES} == set(Profile.Kind.values)


def test_sources_have_the_metadata_the_text_gives():
    by_key = {s["key"]: s for s in SOURCES}
    assert by_key["escape-1917"]["authors"] == "Anastasia Butsko"
    assert by_key["zgustova"]["outlet"] == "CounterPunch"
    assert by_key["soldatov"]["authors"] == "Andrei Soldatov, Irina Borogan"
    assert by_key["smyslov"]["authors"] == "Vadim Smyslov"
    for source in SOURCES:
        assert source["kind"] in Source.Kind.values


def test_sources_record_their_date_at_the_precision_the_text_gives_and_nothing_more():
    """`published` is as precise as the copy shows: none of the five carries a dateline, so each is
    the year. `written_after` is a lower bound the text itself gives, quoted by an excerpt of that
    source, and it occurs in that excerpt (a day as "June 7", a month by its name)."""
    excerpts = {e["key"]: e for e in EXCERPTS}
    for source in SOURCES:
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", source["published"]), source["key"]
        assert source["published"] == "2022", f"{source['key']}: no copy shows more than the year"
        basis = excerpts[source["written_after_basis"]]
        assert basis["source"] == source["key"], source["key"]
        assert source["written_after"].startswith("2022-"), source["key"]
        date, precision = parse_iso_at(source["written_after"])
        assert f"{date:%B}" in basis["text"], source["key"]
        if precision == "day":
            assert f"{date:%B} {date.day}" in basis["text"], source["key"]


def test_no_source_shows_a_placeholder_title_or_an_invented_address():
    for source in SOURCES:
        assert not source["title"].startswith("["), f"{source['key']}: placeholder title in brackets"
        # None of the copies came with an address: the page says so rather than linking a guess.
        assert source.get("url", "") == "", source["key"]
    headlines = {"escape-1917", "smyslov"}  # the only copies that carry their headline
    for source in SOURCES:
        assert source.get("title_is_descriptive", False) == (source["key"] not in headlines), source["key"]
        if source.get("title_is_descriptive"):
            assert "no headline" in source["notes"], source["key"]


def test_the_essay_is_noted_as_a_scheerpost_republication_of_counterpunch():
    zgustova = next(s for s in SOURCES if s["key"] == "zgustova")
    assert zgustova["outlet"] == "CounterPunch"
    assert "ScheerPost republication" in zgustova["notes"]


@pytest.mark.parametrize(
    "furniture",
    [
        "Articles You May Like",  # links under the Tbilisi account
        "Glen Powell",
        "Rabbitpunch",  # the reader comment thread under the CounterPunch essay
        "Vlad the NAZI IMPALER",
        "Scheer’s credit",
        "Previous post",  # previous/next links under the first article
        "Next post",
        "Image may contain",  # image captions and credits
        "CC BY-SA 4.0",
    ],
)
def test_reader_comments_and_page_furniture_are_left_out_of_the_texts(furniture):
    assert not any(furniture in text for text in TEXTS.values())


def test_the_article_text_around_the_furniture_is_kept_whole():
    assert TEXTS["escape-1917"].rstrip().endswith("Author: Anastasia Butsko")
    assert TEXTS["zgustova"].rstrip().endswith("(Other Press 2020)")
    assert TEXTS["smyslov"].rstrip().endswith("is a freelance writer based in Tbilisi.")
