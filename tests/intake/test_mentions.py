"""The mention finder on the five seed articles and the two test articles: whom each names, in
which sentence, whether the profile cites it already, and the places, dates and new people."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profiles.intake import mentions as finder
from profiles.intake.matcher import build_matcher
from profiles.intake.mentions import analyse, current_matcher, find_mentions, mentions_in_source
from profiles.models import ChangeEvent, Citation, Profile, ProfileVersion, PublicExcerpt, PublicProfile
from profiles.process_cache import profiles_stamp
from sources.dates import DatePrecision, DateQualifier
from sources.models import Excerpt, Source
from tests import factories


def _slugs(report) -> set[str]:
    return {report.profiles[pk].slug for pk in report.profile_ids()}


def _mention(report, text: str):
    found = [m for m in report.mentions if m.text == text]
    assert found, f"no mention written {text!r}; found {[m.text for m in report.mentions]}"
    return found[0]


@pytest.mark.parametrize(
    "title_start",
    ["The biggest escape", "Essay by Monika", "Analysis by Andrei", "Leaving Russia", "Analysis of the OK Russians"],
)
def test_every_profile_a_seed_article_is_cited_for_is_found_in_it(db_with_corpus, title_start):
    source = Source.objects.get(title__startswith=title_start)
    cited_from_it = set(
        Citation.objects.filter(excerpt__source=source).values_list("entry__profile__slug", flat=True)
    ) | set(Excerpt.objects.filter(source=source, speaker__isnull=False).values_list("speaker__slug", flat=True))
    assert cited_from_it
    report = mentions_in_source(source, check_similar=False)
    assert cited_from_it <= _slugs(report)


def test_spellings_the_articles_use_are_found_by_display_name_alias_and_surname(db_with_corpus):
    report = mentions_in_source(Source.objects.get(title__startswith="The biggest escape"), check_similar=False)
    by_text = {m.text: (report.profiles[m.profile_id].slug, m.by) for m in report.mentions}
    assert by_text["Ludmila Ulitska"] == ("lyudmila-ulitskaya", "name")
    assert by_text["Kiril Serebrennikov"] == ("kirill-serebrennikov", "name")
    assert by_text["Loshak"] == ("andrei-loshak", "surname")
    assert by_text["Yuzefovich"] == ("galina-yuzefovich", "surname")
    assert by_text["Dozhd TV"] == ("dozhd-tv", "name")


def test_the_english_test_article_names_are_all_found_and_its_reader_comments_are_not_read(
    db_with_corpus, english_article
):
    report = find_mentions(english_article.text, reference_year=2022, check_similar=False)
    assert _slugs(report) == {
        "lyudmila-ulitskaya",  # "Lyudmila Ulitskaya" and the alias "Ludmila Ulitska"
        "kirill-serebrennikov",  # and "Serebrennikov’s production"
        "rudolf-nureyev",  # the production is named after him: the editor decides
        "dmitry-glukhovsky",
        "zemfira",
        "renata-litvinova",
        "anton-dolin",
        "chulpan-khamatova",
        "nadezhda-tolokonnikova",  # the alias "Nadia Tolokonnikova"
        "pussy-riot",
        "ic3peak",  # the alias "Icepeak"
    }
    assert _mention(report, "Serebrennikov").by == "surname"
    assert _mention(report, "Khamatova").by == "surname"


def test_inflected_russian_forms_are_found(db_with_corpus, russian_article):
    report = find_mentions(russian_article.text, reference_year=2022, check_similar=False)
    expected = {
        "Людмила Улицкая": "lyudmila-ulitskaya",
        "Улицкой": "lyudmila-ulitskaya",
        "Дмитрия Глуховского": "dmitry-glukhovsky",
        "Глуховского": "dmitry-glukhovsky",
        "Кирилл Серебренников": "kirill-serebrennikov",
        "Серебренникова": "kirill-serebrennikov",
        "Земфиры": "zemfira",
        "Антон Долин": "anton-dolin",
        "Антона Долина": "anton-dolin",
        "Чулпан Хаматова": "chulpan-khamatova",
        "Хаматовой": "chulpan-khamatova",
        "Андрей Лошак": "andrei-loshak",
        "Андрея Захарова": "andrey-zakharov",
        "Рената Литвинова": "renata-litvinova",
        "Дождя": "dozhd-tv",
    }
    for written, slug in expected.items():
        assert report.profiles[_mention(report, written).profile_id].slug == slug, written
    assert "alla-pugacheva" not in _slugs(report)  # named only in a reader comment


def test_each_mention_points_at_its_words_and_its_sentence_in_the_text(db_with_corpus, russian_article):
    text = russian_article.text
    report = find_mentions(text, reference_year=2022, check_similar=False)
    for mention in report.mentions:
        assert text[mention.start : mention.end] == mention.text
        sentence = mention.sentence
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.start <= mention.start < mention.end <= sentence.end
    assert _mention(report, "Улицкой").sentence.text == (
        "По словам Улицкой, она успела взять с собой только два свитера и компьютер."
    )


def test_a_surname_shared_by_two_profiles_is_not_taken_alone(db_with_corpus):
    factories.ProfileFactory(display_name="Ivan Smirnov", native_name="Иван Смирнов")
    text = "Olga Smirnova left for Amsterdam. Smirnova never looked back. Ольга Смирнова уехала. Смирновой нет."
    report = find_mentions(text, check_similar=False)
    assert [m.text for m in report.mentions] == ["Olga Smirnova", "Ольга Смирнова"]


def test_a_surname_that_is_an_ordinary_word_is_not_taken_alone(db_with_corpus):
    text = "Среди горных долин. Долина реки. Лошак тянул телегу. Dolin left for Latvia."
    report = find_mentions(text, check_similar=False)
    assert [(m.text, report.profiles[m.profile_id].slug) for m in report.mentions] == [("Dolin", "anton-dolin")]


def test_a_surname_alone_counts_only_capitalised_and_a_name_never_across_punctuation(db_with_corpus):
    report = find_mentions("He met a loshak. They sang with Pussy. Riot police came.", check_similar=False)
    assert report.mentions == []


def test_two_profiles_with_one_name_are_both_offered(db_with_corpus):
    factories.ProfileFactory(display_name="Anton Dolin", description="Another Anton Dolin")
    report = find_mentions("Anton Dolin left for Latvia.", check_similar=False)
    assert len(report.mentions) == 2
    assert all(m.shared for m in report.mentions)


def test_sentences_the_profile_already_cites_are_marked(db_with_corpus, english_article):
    report = mentions_in_source(Source.objects.get(title__startswith="The biggest escape"), check_similar=False)
    assert _mention(report, "Loshak").cited  # "On the same day, Loshak boarded a plane for Tbilisi."
    # A new article repeating a cited quote inside a longer sentence.
    report = find_mentions(english_article.text, reference_year=2022, check_similar=False)
    assert _mention(report, "Ludmila Ulitska").cited
    assert not _mention(report, "Lyudmila Ulitskaya").cited


def test_each_sentence_lists_the_places_and_dates_it_names(db_with_corpus, russian_article, english_article):
    report = find_mentions(russian_article.text, reference_year=2022, check_similar=False)
    sentence = _mention(report, "Антона Долина").sentence
    assert [(p.text, p.place.country, p.place.city) for p in sentence.places] == [("Риге", "LV", "Riga")]
    sentence = _mention(report, "Андрей Лошак").sentence
    assert [(p.text, p.place.city) for p in sentence.places] == [("Москвы", "Moscow"), ("Тбилиси", "Tbilisi")]
    assert [(d.text, d.date, d.precision) for d in sentence.dates] == [
        ("4 марта", datetime.date(2022, 3, 4), DatePrecision.DAY)
    ]
    (early,) = _mention(report, "Людмила Улицкая").sentence.dates
    assert (early.text, early.precision, early.qualifier) == (
        "В начале марта",
        DatePrecision.MONTH,
        DateQualifier.EARLY,
    )
    report = find_mentions(english_article.text, reference_year=2022, check_similar=False)
    (by_end,) = _mention(report, "Lyudmila Ulitskaya").sentence.dates
    # "By the end of March" is a month with "by", not 31 March.
    assert (by_end.date, by_end.precision, by_end.qualifier) == (
        datetime.date(2022, 3, 1),
        DatePrecision.MONTH,
        DateQualifier.BEFORE,
    )
    assert by_end.year_assumed


def test_people_without_a_profile_are_offered_with_the_similar_name_check(db_with_corpus, english_article):
    lookalike = factories.ProfileFactory(display_name="Oleg Martchenko")
    report = find_mentions(english_article.text, reference_year=2022)
    candidates = {c.name: c for c in report.candidates}
    assert set(candidates) == {"Irina Voskresenskaya", "Oleg Marchenko"}
    assert candidates["Oleg Marchenko"].similar == [lookalike]
    assert candidates["Irina Voskresenskaya"].similar == []
    assert candidates["Oleg Marchenko"].sentence.text.startswith("The sound engineer Oleg Marchenko")


def test_russian_names_without_a_profile_are_offered(db_with_corpus, russian_article):
    report = find_mentions(russian_article.text, reference_year=2022)
    assert [c.name for c in report.candidates] == ["Ирина Воскресенская"]


def test_the_matcher_is_built_once_and_rebuilt_when_a_profile_changes(db_with_corpus, django_assert_num_queries):
    first = current_matcher()
    with django_assert_num_queries(1):  # only the stamp of the profiles table
        assert current_matcher() is first
    profile = Profile.objects.get(slug="anton-dolin")
    profile.aliases = "Antoine Doline"
    profile.save()
    rebuilt = current_matcher()
    assert rebuilt is not first
    report = find_mentions("Antoine Doline est parti.", check_similar=False)
    assert [report.profiles[m.profile_id].slug for m in report.mentions] == ["anton-dolin"]
    profile.delete()
    assert current_matcher() is not rebuilt
    assert find_mentions("Anton Dolin left.", check_similar=False).mentions == []


def test_the_finder_writes_nothing_and_publishes_nothing(db_with_corpus, english_article):
    public = (
        PublicProfile.objects.count(),
        PublicExcerpt.objects.count(),
        ProfileVersion.objects.count(),
        ChangeEvent.objects.count(),
    )
    with CaptureQueriesContext(connection) as queries:
        find_mentions(english_article.text, reference_year=2022)
        mentions_in_source(Source.objects.first())
    writes = [q["sql"] for q in queries if q["sql"].lstrip().split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
    assert writes == []
    assert public == (
        PublicProfile.objects.count(),
        PublicExcerpt.objects.count(),
        ProfileVersion.objects.count(),
        ChangeEvent.objects.count(),
    )


def test_the_finder_needs_no_database_when_given_a_matcher_built_from_name_lists():
    matcher = build_matcher([(1, ["Anton Dolin", "Антон Долин"]), (2, ["Pussy Riot"], False)])
    report = analyse("Подкаст Антона Долина записывается в Риге. Pussy Riot toured.", matcher=matcher)
    assert [(m.profile_id, m.text) for m in report.mentions] == [(1, "Антона Долина"), (2, "Pussy Riot")]
    assert [p.place.city for s in report.sentences for p in s.places] == ["Riga"]


def test_a_cached_matcher_for_other_profiles_is_not_reused(db_with_corpus):
    current_matcher()
    stamp = finder._matcher.cached[0]
    Profile.objects.create(display_name="Marta Lindqvist")
    assert profiles_stamp() != stamp
