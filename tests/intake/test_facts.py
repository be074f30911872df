"""From a sentence to a cited draft fact: the kind, the date at the text's precision, the place at
the profile's disclosure level; cite and propose change only the working copy."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from profiles.intake.facts import FactError, cite_sentence, guess_kind, propose_fact, suggest_fact
from profiles.intake.mentions import find_mentions
from profiles.models import Profile, PublicExcerpt, PublicProfile, TimelineEntry, WorkflowEvent
from profiles.places import Disclosure
from sources.dates import DatePrecision, DateQualifier
from sources.models import Source
from tests import factories

Kind = TimelineEntry.Kind


def _profile(slug: str) -> Profile:
    return Profile.objects.get(slug=slug)


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("On June 7, Glukhovsky was added to Russia’s federal wanted list for discrediting the army.", Kind.WANTED),
        ("Дмитрия Глуховского 7 июня объявили в федеральный розыск за посты о войне.", Kind.WANTED),
        ("Six months later Zakharov was declared a foreign agent.", Kind.FOREIGN_AGENT),
        ("Журналиста признали иностранным агентом.", Kind.FOREIGN_AGENT),
        ("Serebrennikov has been under investigation in Russia for fabricated charges.", Kind.CRIMINAL_CASE),
        ("Против режиссёра возбудили уголовное дело.", Kind.CRIMINAL_CASE),
        ("The Bolshoi Theater removed Serebrennikov’s production Nureyev from their program.", Kind.CANCELLED),
        ("В мае Большой театр снял с репертуара балет «Нуреев».", Kind.CANCELLED),
        ("On the same day, Loshak boarded a plane for Tbilisi.", Kind.LEFT_RUSSIA),
        ("Антон Долин уехал с семьёй в Латвию.", Kind.LEFT_RUSSIA),
        ("YouTube vlogger Yuri Dud has moved to Istanbul.", Kind.ARRIVED),
        ("Фотограф прилетела в Ереван.", Kind.ARRIVED),
        ("Later he moved on to Berlin.", Kind.MOVED_ON),
        ("“This is the biggest brain drain in recent history,” said Andrei Loshak.", Kind.STATEMENT),
        ("Он заявил, что не вернётся.", Kind.STATEMENT),
        ("Her novels are still sold in Moscow bookshops.", Kind.OTHER),
    ],
)
def test_the_kind_is_guessed_from_the_sentence(sentence, kind):
    assert guess_kind(sentence)[0] == kind


def test_a_departure_gets_its_day_and_the_city_disclosed_as_the_profile_already_does(db_with_corpus):
    sentence = (
        "The director Kirill Serebrennikov, who was spotted in Paris in early March, left Russia for Berlin on "
        "March 29, a day after the fraud case against him was closed."
    )
    proposal = suggest_fact(sentence, _profile("kirill-serebrennikov"), reference_year=2022)
    assert proposal.kind == Kind.LEFT_RUSSIA
    # Of the two dates, the one the departure has (not the "early March" of the sighting).
    assert (proposal.date, proposal.date_precision, proposal.date_qualifier) == (
        datetime.date(2022, 3, 29),
        DatePrecision.DAY,
        DateQualifier.NONE,
    )
    assert (proposal.country, proposal.city) == ("DE", "Berlin")
    assert proposal.location_disclosure == Disclosure.CITY  # his Berlin entry is published at city level
    assert proposal.text == "Left Russia for Berlin, Germany."


def test_by_the_end_of_march_stays_a_month_and_the_strictest_level_for_the_country_wins(db_with_corpus):
    sentence = "By the end of March, the novelist Lyudmila Ulitskaya had settled in Berlin."
    proposal = suggest_fact(sentence, _profile("lyudmila-ulitskaya"), reference_year=2022)
    assert proposal.kind == Kind.ARRIVED
    assert (proposal.date, proposal.date_precision, proposal.date_qualifier) == (
        datetime.date(2022, 3, 1),
        DatePrecision.MONTH,
        DateQualifier.BEFORE,
    )
    # She has a Berlin entry at city level and a Germany entry at country level: the stricter one.
    assert (proposal.country, proposal.city, proposal.location_disclosure) == ("DE", "Berlin", Disclosure.COUNTRY)
    assert "Berlin" not in proposal.text


def test_an_inflected_russian_sentence_gives_an_early_month_and_a_country_level_place(db_with_corpus):
    proposal = suggest_fact(
        "Кинокритик Антон Долин в начале марта уехал с семьёй в Латвию.", _profile("anton-dolin"), reference_year=2022
    )
    assert proposal.kind == Kind.LEFT_RUSSIA
    assert (proposal.date, proposal.date_precision, proposal.date_qualifier) == (
        datetime.date(2022, 3, 1),
        DatePrecision.MONTH,
        DateQualifier.EARLY,
    )
    assert (proposal.country, proposal.city, proposal.location_disclosure) == ("LV", "", Disclosure.COUNTRY)


def test_a_city_the_profile_never_disclosed_is_proposed_at_country_level(db_with_corpus):
    proposal = suggest_fact(
        "The film critic Anton Dolin left for Latvia with his family in early March and now records his podcast "
        "in Riga.",
        _profile("anton-dolin"),
        reference_year=2022,
    )
    assert (proposal.country, proposal.city, proposal.location_disclosure) == ("LV", "Riga", Disclosure.COUNTRY)
    assert proposal.text == "Left Russia for Latvia."


def test_a_new_place_is_country_only(db_with_corpus):
    proposal = suggest_fact("Zemfira has moved to Vilnius.", _profile("zemfira"), reference_year=2022)
    assert (proposal.kind, proposal.country, proposal.city) == (Kind.ARRIVED, "LT", "Vilnius")
    assert proposal.location_disclosure == Disclosure.COUNTRY


def test_someone_placed_only_in_a_region_keeps_a_new_country_there_at_region_level(db_with_corpus):
    proposal = suggest_fact("Glukhovsky has moved to Spain.", _profile("dmitry-glukhovsky"), reference_year=2022)
    assert (proposal.country, proposal.location_disclosure) == ("ES", Disclosure.REGION)
    assert "Spain" not in proposal.text


def test_an_undisclosed_place_stays_undisclosed(db):
    entry = factories.TimelineEntryFactory(location_disclosure=Disclosure.UNDISCLOSED, country="GE", city="Tbilisi")
    proposal = suggest_fact("She arrived in Batumi on 3 April 2022.", entry.profile)
    assert (proposal.country, proposal.city, proposal.location_disclosure) == ("GE", "Batumi", Disclosure.UNDISCLOSED)
    assert proposal.text == "Reported abroad."


def test_events_that_place_nobody_get_no_place_and_a_day_or_month_as_written(db_with_corpus):
    glukhovsky = _profile("dmitry-glukhovsky")
    wanted = suggest_fact(
        "On June 7, Dmitry Glukhovsky was put on Russia’s federal wanted list for his posts about the war.",
        glukhovsky,
        reference_year=2022,
    )
    assert (wanted.kind, wanted.date, wanted.date_precision, wanted.country) == (
        Kind.WANTED,
        datetime.date(2022, 6, 7),
        DatePrecision.DAY,
        "",
    )
    agent = suggest_fact(
        "In October the Justice Ministry also declared Glukhovsky a foreign agent.", glukhovsky, reference_year=2022
    )
    assert (agent.kind, agent.date, agent.date_precision) == (Kind.FOREIGN_AGENT, datetime.date(2022, 10, 1), "month")
    zakharov = suggest_fact(
        "Журналиста Андрея Захарова ещё в 2021 году признали иностранным агентом; в 2022 году он уехал из России.",
        _profile("andrey-zakharov"),
        reference_year=2022,
    )
    assert (zakharov.kind, zakharov.date, zakharov.date_precision) == (
        Kind.FOREIGN_AGENT,
        datetime.date(2021, 1, 1),
        DatePrecision.YEAR,
    )


def test_a_sentence_without_a_date_proposes_none(db_with_corpus):
    proposal = suggest_fact(
        "Чулпан Хаматова тоже уехала в Латвию в первые дни войны.", _profile("chulpan-khamatova"), reference_year=2022
    )
    assert (proposal.kind, proposal.date, proposal.date_precision) == (Kind.LEFT_RUSSIA, None, DatePrecision.UNKNOWN)
    assert proposal.country == "LV"


# Cite and propose -----------------------------------------------------------------------------


@pytest.fixture
def russian_source(db_with_corpus, russian_article):
    return Source.objects.create(**russian_article.source_fields())


def test_a_cited_sentence_is_an_excerpt_that_verifies_and_waits_for_review(russian_source, contributor):
    report = find_mentions(russian_source.full_text, reference_year=2022, check_similar=False)
    sentence = next(m for m in report.mentions if m.text == "Антона Долина").sentence
    excerpt = cite_sentence(russian_source, sentence.start, sentence.end, actor=contributor)
    assert excerpt.text == "Подкаст Антона Долина теперь записывается в Риге."
    assert excerpt.is_verified
    assert excerpt.language == "ru"
    assert excerpt.location_hint == "Paragraph 8"
    assert excerpt.created_by == contributor
    assert excerpt.approved is None  # not public until an editor publishes it
    assert list(excerpt.pending_authors.all()) == [contributor]
    assert not PublicExcerpt.objects.filter(pk=excerpt.pk).exists()
    # Citing the same words again gives the same excerpt.
    assert cite_sentence(russian_source, sentence.start - 1, sentence.end, actor=contributor) == excerpt


def test_a_span_the_editor_adjusts_is_trimmed_and_a_span_outside_the_text_refused(russian_source, contributor):
    text = russian_source.full_text
    start = text.index("Чулпан Хаматова тоже уехала")
    excerpt = cite_sentence(
        russian_source, start - 1, start + len("Чулпан Хаматова тоже уехала в Латвию "), actor=contributor
    )
    assert excerpt.text == "Чулпан Хаматова тоже уехала в Латвию"
    with pytest.raises(FactError):
        cite_sentence(russian_source, 10, len(text) + 5, actor=contributor)
    with pytest.raises(FactError):
        cite_sentence(russian_source, text.index("\n\n"), text.index("\n\n") + 2, actor=contributor)


def test_someone_without_the_editing_role_cannot_cite_or_propose(russian_source, contributor):
    outsider = factories.UserFactory(username="visitor")
    with pytest.raises(PermissionDenied):
        cite_sentence(russian_source, 0, 10, actor=outsider)
    excerpt = cite_sentence(russian_source, 0, 10, actor=contributor)
    dolin = _profile("anton-dolin")
    with pytest.raises(PermissionDenied):
        propose_fact(dolin, excerpt, suggest_fact("Anton Dolin left for Latvia.", dolin), actor=outsider)
    assert not TimelineEntry.objects.filter(citation_links__excerpt=excerpt).exists()


def test_a_proposed_fact_is_a_cited_draft_entry_and_the_public_page_does_not_change(russian_source, contributor):
    dolin = _profile("anton-dolin")
    public_before = PublicProfile.objects.get(profile=dolin)
    snapshot_before = dolin.live_version.snapshot
    text = russian_source.full_text
    start = text.index("Кинокритик Антон Долин")
    end = text.index(".", start) + 1
    excerpt = cite_sentence(russian_source, start, end, actor=contributor)
    proposal = suggest_fact(excerpt.text, dolin, reference_year=russian_source.year)

    entry = propose_fact(dolin, excerpt, proposal, actor=contributor)

    assert (entry.kind, entry.date, entry.date_precision, entry.date_qualifier) == (
        Kind.LEFT_RUSSIA,
        datetime.date(2022, 3, 1),
        DatePrecision.MONTH,
        DateQualifier.EARLY,
    )
    assert (entry.country.code, entry.location_disclosure) == ("LV", Disclosure.COUNTRY)
    assert list(entry.citations.all()) == [excerpt]
    dolin.refresh_from_db()
    assert dolin.status == Profile.Status.DRAFT  # back through the workflow
    assert contributor in dolin.pending_authors.all()
    assert WorkflowEvent.objects.filter(profile=dolin, action=WorkflowEvent.Action.EDIT, actor=contributor).exists()
    # The public side is exactly as it was.
    assert dolin.live_version.snapshot == snapshot_before
    public_after = PublicProfile.objects.get(profile=dolin)
    assert (public_after.version_id, public_after.published_at, public_after.current_country) == (
        public_before.version_id,
        public_before.published_at,
        public_before.current_country,
    )
    assert not PublicExcerpt.objects.filter(pk=excerpt.pk).exists()


def test_a_proposal_that_names_a_withheld_city_in_its_text_is_refused(russian_source, contributor):
    dolin = _profile("anton-dolin")
    excerpt = cite_sentence(russian_source, 0, 20, actor=contributor)
    proposal = suggest_fact("Anton Dolin arrived in Riga.", dolin, reference_year=2022)
    assert proposal.location_disclosure == Disclosure.COUNTRY
    proposal.text = "Arrived in Riga."  # an editor's edit naming the city the entry withholds
    with pytest.raises(Exception, match="rewrite it without the place"):
        propose_fact(dolin, excerpt, proposal, actor=contributor)


@pytest.mark.parametrize(
    ("sentence", "attribution", "authority"),
    [
        (
            "In October the Justice Ministry also declared Glukhovsky a foreign agent.",
            "authority",
            "the Justice Ministry",
        ),
        ("A criminal case was opened against him.", "authority", ""),
        ("Минюст признал его иностранным агентом.", "authority", "Минюст"),
        ("“It is all over,” Glukhovsky says of the film.", "person", ""),
        ("She signed an open letter against the war.", "source", ""),
    ],
)
def test_who_says_so_is_proposed_with_the_authority_as_the_source_names_it(sentence, attribution, authority, db):
    proposal = suggest_fact(sentence, factories.ProfileFactory(display_name="Dmitry Glukhovsky"))
    assert (proposal.attribution, proposal.authority) == (attribution, authority)
