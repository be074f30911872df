"""A synthetic corpus at scale, for load tests and query-count checks (`bench/generate.py`).

The people are invented: Russian-like names in Cyrillic and Latin script, departures in the three
waves, places at mixed disclosure. The published side is real: every profile gets a version built
by the one public projection (`profiles.projection.build.project_profiles`), its withheld places
registered, and public index rows written by the same functions `index_version` uses
(tests/bench checks the result against `publish_profile`).

Two ways to publish:
- "bulk" (default): working rows, versions and index rows are written with bulk_create, batch by
  batch, from the same snapshot functions. About 10,000 profiles in a few minutes on two cores.
- "publish": each profile through `publish_profile`, one transaction per batch. Exactly the real
  path, but it costs ~100 queries per profile and scans the index for orphans each time, so it
  is only practical for small sizes.

Long: the planner and the bulk publisher share the plans and batches, and the bulk path is read
against profiles.workflow.indexing, which tests/bench prove it equal to; nothing in the
application imports it (tests/test_architecture.py).
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.db import transaction
from django.utils import timezone

from profiles.models import (
    Category,
    ChangeEvent,
    Citation,
    Profile,
    ProfileVersion,
    PublicCitation,
    PublicExcerpt,
    PublicFigure,
    PublicPlace,
    PublicProfile,
    PublicSource,
    SharedEvent,
    SlugHistory,
    TimelineEntry,
    WorkflowEvent,
)
from profiles.names import make_slug, transliterate
from profiles.placenames.withheld import profile_withheld
from profiles.places import Disclosure, country_name, public_place, region_for
from profiles.projection.build import load_profiles, ordered_entries, project_profiles
from profiles.projection.working_copy import serialize_working_copy
from profiles.workflow import baking
from profiles.workflow.cache import purge_public_cache
from profiles.workflow.indexing import public_places, public_profile_fields, sync_shared
from profiles.workflow.withholding import register_first_publications
from sources.dates import DatePrecision, format_date, truncate
from sources.models import AggregateFigure, Excerpt, Outlet, Source

CHANGE_NOTE = "First published"
Kind = TimelineEntry.Kind

# Names -----------------------------------------------------------------------------------------

MALE_FIRST = (
    "Александр Алексей Андрей Антон Аркадий Артём Борис Вадим Валерий Василий Виктор Виталий Владимир "
    "Владислав Вячеслав Георгий Глеб Григорий Дмитрий Евгений Егор Иван Игорь Илья Кирилл Константин "
    "Лев Леонид Максим Михаил Никита Николай Олег Павел Пётр Роман Семён Сергей Станислав Степан "
    "Тимофей Фёдор Юрий Ярослав"
).split()
FEMALE_FIRST = (
    "Алёна Алиса Алла Анастасия Анна Антонина Валентина Валерия Вера Вероника Дарья Евгения Екатерина "
    "Елена Елизавета Зинаида Зоя Ирина Карина Ксения Лариса Любовь Людмила Маргарита Марина Мария "
    "Надежда Наталья Нина Оксана Ольга Полина Светлана Софья Таисия Татьяна Ульяна Юлия Яна"
).split()
# Masculine forms; feminine ones are derived (Иванов -> Иванова, Белый -> Белая, Шевчук stays).
SURNAMES = (
    "Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов Волков "
    "Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров Никитин "
    "Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов Воробьёв Сергеев Кузьмин Фролов "
    "Александров Дмитриев Королёв Гусев Киселёв Ильин Максимов Поляков Сорокин Виноградов Ковалёв "
    "Белов Медведев Антонов Тарасов Жуков Баранов Филиппов Комаров Давыдов Беляев Герасимов Богданов "
    "Осипов Сидоров Матвеев Титов Марков Миронов Крылов Куликов Карпов Власов Мельников Денисов "
    "Гаврилов Тихонов Казаков Афанасьев Данилов Савельев Тимофеев Фомин Чернов Абрамов Мартынов "
    "Ефимов Федотов Щербаков Назаров Калинин Исаев Чернышёв Быков Маслов Родионов Коновалов Лазарев "
    "Воронин Климов Филатов Пономарёв Голубев Кудрявцев Прохоров Наумов Потапов Журавлёв Овчинников "
    "Трофимов Леонов Соболев Ермаков Колесников Гончаров Емельянов Никифоров Грачёв Котов Гришин "
    "Ефремов Архипов Громов Кириллов Малышев Панов Моисеев Румянцев Акимов Кондратьев Бирюков "
    "Горбунов Анисимов Ерёмин Тихомиров Галкин Лукьянов Михеев Скворцов Юдин Белоусов Нестеров "
    "Симонов Прокофьев Харитонов Князев Цветков Левин Митрофанов Воронов Аксёнов Софронов Мальцев "
    "Логинов Горшков Савин Краснов Майоров Демидов Елисеев Рыбаков Сафонов Плотников Дёмин Хохлов "
    "Жданов Носков Гордеев Шестаков Ершов Дорофеев Рябов Игнатьев Глушков Зуев Мухин Бобров "
    "Высоцкий Островский Вишневский Ковальский Полонский Бельский Соколовский Загорский Троицкий "
    "Успенский Покровский Рождественский Вознесенский Богословский Шевчук Ковальчук Бондаренко "
    "Шевченко Ткаченко Кравченко Коваленко Савченко Лысенко Гребенщиков Черных Седых Белых Толстой "
    "Трубецкой Долгорукий Белый Чёрный Рыжий Крутой"
).split()
GROUP_WORDS = [
    ("Свободный", "театр"),
    ("Северный", "оркестр"),
    ("Новый", "хор"),
    ("Открытый", "университет"),
    ("Вольный", "ансамбль"),
    ("Независимый", "фонд"),
    ("Молодой", "театр"),
    ("Белый", "квартет"),
]


def feminine(surname: str) -> str:
    for masculine, fem in (("ский", "ская"), ("цкий", "цкая"), ("ой", "ая"), ("ый", "ая"), ("ий", "ая")):
        if surname.endswith(masculine):
            return surname[: -len(masculine)] + fem
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    return surname  # Шевчук, Бондаренко, Черных: the same for women


def alternative_spelling(latin: str) -> str:
    """Another transliteration readers may type (Yulia / Iulia, Kharitonov / Haritonov)."""
    for a, b in (("ya", "ia"), ("yu", "iu"), ("kh", "h"), ("yo", "e"), ("y ", "i "), ("iy", "y")):
        if a in latin.lower():
            return latin.replace(a, b).replace(a.capitalize(), b.capitalize())
    return ""


# Places ----------------------------------------------------------------------------------------

CITIES = {
    "GE": ["Tbilisi", "Batumi", "Kutaisi"],
    "AM": ["Yerevan", "Gyumri"],
    "TR": ["Istanbul", "Antalya", "Izmir"],
    "KZ": ["Almaty", "Astana"],
    "KG": ["Bishkek"],
    "UZ": ["Tashkent", "Samarkand"],
    "RS": ["Belgrade", "Novi Sad"],
    "ME": ["Podgorica", "Budva"],
    "DE": ["Berlin", "Munich", "Hamburg", "Leipzig"],
    "IL": ["Tel Aviv", "Haifa", "Jerusalem"],
    "LV": ["Riga"],
    "LT": ["Vilnius"],
    "EE": ["Tallinn"],
    "FI": ["Helsinki"],
    "PL": ["Warsaw", "Krakow"],
    "CZ": ["Prague", "Brno"],
    "FR": ["Paris", "Nice"],
    "GB": ["London"],
    "NL": ["Amsterdam"],
    "ES": ["Barcelona", "Valencia"],
    "PT": ["Lisbon", "Porto"],
    "CY": ["Limassol"],
    "AE": ["Dubai"],
    "TH": ["Bangkok", "Phuket"],
    "ID": ["Denpasar"],
    "US": ["New York", "Los Angeles", "San Francisco"],
    "CA": ["Toronto", "Vancouver"],
    "AR": ["Buenos Aires"],
}
# Roughly where people went in 2022 (the seed articles: Georgia, Armenia, Turkey, Kazakhstan first).
WEIGHTS_2022 = {"GE": 14, "AM": 11, "TR": 10, "KZ": 8, "RS": 7, "DE": 7, "IL": 6, "ME": 4, "KG": 3, "UZ": 3}
OLD_DESTINATIONS = {
    "1917": ["FR", "DE", "CZ", "RS", "TR", "US"],
    "soviet": ["DE", "IL", "US", "FR", "GB", "CA"],
}
# How precisely places may be published; most people at city or country level, some withheld.
DISCLOSURE_WEIGHTS = {
    Disclosure.CITY: 40,
    Disclosure.COUNTRY: 38,
    Disclosure.REGION: 14,
    Disclosure.UNDISCLOSED: 8,
}

# Roles -----------------------------------------------------------------------------------------

ROLES = {
    "it": ["Software engineer", "Founder of a tech start-up", "Data scientist", "Game developer"],
    "media": ["Journalist", "Editor", "TV presenter", "Video blogger", "Investigative reporter"],
    "activism": ["Human-rights defender", "Anti-war activist", "NGO coordinator", "Lawyer and activist"],
    "academia": ["Historian", "Physicist", "Sociologist", "Philosopher", "Mathematician"],
    "business": ["Entrepreneur", "Investor", "Restaurateur", "Bank executive"],
    "arts": ["Writer", "Poet", "Rock musician", "Film director", "Actor", "Painter", "Theatre director"],
}
QUOTES = [
    "I could not stay in a country that is killing its neighbours.",
    "We left with two suitcases and a cat.",
    "Every week I think about going back, and every week it is less possible.",
    "Here I can at least say what I think.",
    "My students still write to me from Moscow.",
    "I did not leave Russia; Russia left me.",
    "We thought it would be a few weeks.",
    "The hardest part was leaving my parents behind.",
]
STATEMENTS = [
    "{name} spoke out against the war in an interview.",
    "{name} signed an open letter against the invasion.",
    "{name} launched a project for others who had left.",
    "{name} said in a video address that they would not return while the war goes on.",
    "{name} described the first months abroad in a long essay.",
]


@dataclass
class Plan:
    """One profile's rows, planned before anything is written."""

    index: int
    kind: str
    display_name: str
    native_name: str
    aliases: str
    description: str
    biography: str
    wave: str
    categories: list[str]
    entries: list[dict] = field(default_factory=list)
    excerpts: list[dict] = field(default_factory=list)  # {"text", "source", "quote"}


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _place_text(place: dict | None) -> str:
    if place is None:
        return "a country the editors do not disclose"
    return place["label"]


class CorpusPlanner:
    def __init__(self, *, seed: int, entries_per_profile: int, excerpts_per_profile: int, sources: int):
        self.rng = random.Random(seed)
        self.entries_per_profile = entries_per_profile
        self.excerpts_per_profile = excerpts_per_profile
        self.sources = sources

    def name(self):
        rng = self.rng
        if rng.random() < 0.04:
            adjective, noun = rng.choice(GROUP_WORDS)
            native = f"{adjective} {noun}"
            return Profile.Kind.GROUP, transliterate(native), native
        female = rng.random() < 0.45
        first = rng.choice(FEMALE_FIRST if female else MALE_FIRST)
        surname = rng.choice(SURNAMES)
        surname = feminine(surname) if female else surname
        native = f"{first} {surname}"
        return Profile.Kind.PERSON, transliterate(native), native

    def plan(self, index: int) -> Plan:
        rng = self.rng
        kind, display, native = self.name()
        roll = rng.random()
        wave = (
            Profile.Wave.WAR_2022 if roll < 0.8 else (Profile.Wave.SOVIET if roll < 0.92 else Profile.Wave.REVOLUTION)
        )
        categories = rng.sample(sorted(ROLES), k=1 if rng.random() < 0.7 else 2)
        role = rng.choice(ROLES[categories[0]])
        alias = alternative_spelling(display) if rng.random() < 0.3 else ""
        plan = Plan(
            index=index,
            kind=kind,
            display_name=display,
            native_name=native,
            aliases=alias,
            description=role if kind == Profile.Kind.PERSON else "Collective",
            biography="",
            wave=wave,
            categories=categories,
        )
        self._timeline(plan)
        self._excerpts(plan)
        return plan

    def _date(self, start: datetime.date, end: datetime.date) -> datetime.date:
        return start + datetime.timedelta(days=self.rng.randrange(max(1, (end - start).days)))

    def _precision(self, wave: str) -> tuple[str, str]:
        rng = self.rng
        if wave == Profile.Wave.REVOLUTION:
            return DatePrecision.YEAR, rng.choice(["", "", "circa"])
        if wave == Profile.Wave.SOVIET:
            return rng.choice([DatePrecision.YEAR, DatePrecision.MONTH]), ""
        precision = rng.choices([DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR], weights=[6, 3, 1])[0]
        qualifier = (
            rng.choice(["early", "mid", "late"]) if precision == DatePrecision.MONTH and rng.random() < 0.4 else ""
        )
        return precision, qualifier

    def _location_entry(self, kind, date, country, disclosure, name, wave):
        precision, qualifier = self._precision(wave)
        city = self.rng.choice(CITIES[country])
        region = region_for(country)
        place = public_place(country=country, city=city, region="", disclosure=disclosure)
        where = _place_text(place)
        text = {
            Kind.LEFT_RUSSIA: f"{name} left Russia for {where}.",
            Kind.ARRIVED: f"{name} arrived in {where}.",
            Kind.MOVED_ON: f"{name} moved on to {where}.",
        }[kind]
        return {
            "kind": kind,
            "date": date,
            "date_precision": precision,
            "date_qualifier": qualifier,
            "country": country,
            "city": city,
            "region": region if disclosure == Disclosure.REGION else "",
            "location_disclosure": disclosure,
            "text": text,
            "place": place,
            "is_current": False,
        }

    def _timeline(self, plan: Plan) -> None:
        rng = self.rng
        name = plan.display_name.split()[-1] if plan.kind == Profile.Kind.PERSON else plan.display_name
        disclosure = _weighted(rng, DISCLOSURE_WEIGHTS)
        wave = plan.wave
        if wave == Profile.Wave.WAR_2022:
            first = _weighted(rng, WEIGHTS_2022) if rng.random() < 0.75 else rng.choice(sorted(CITIES))
            left = self._date(datetime.date(2022, 2, 24), datetime.date(2022, 11, 30))
            later_until = datetime.date(2025, 6, 30)
        else:
            first = rng.choice(OLD_DESTINATIONS[wave])
            start = datetime.date(1918, 1, 1) if wave == Profile.Wave.REVOLUTION else datetime.date(1970, 1, 1)
            left = self._date(start, start + datetime.timedelta(days=365 * (6 if wave == "1917" else 19)))
            later_until = left + datetime.timedelta(days=365 * 15)
        entries = [
            self._location_entry(Kind.LEFT_RUSSIA, left, first, disclosure, name, wave),
            self._location_entry(
                Kind.ARRIVED, left + datetime.timedelta(days=rng.randrange(1, 20)), first, disclosure, name, wave
            ),
        ]
        country, when = first, left
        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            country = rng.choice([c for c in CITIES if c != country])
            when = self._date(when + datetime.timedelta(days=60), max(later_until, when + datetime.timedelta(days=120)))
            entries.append(self._location_entry(Kind.MOVED_ON, when, country, disclosure, name, wave))
        target = max(3, self.entries_per_profile + rng.randint(-3, 3))
        events = [Kind.STATEMENT, Kind.STATEMENT, Kind.STATEMENT, Kind.OTHER]
        if wave == Profile.Wave.WAR_2022:
            events += [Kind.FOREIGN_AGENT, Kind.CRIMINAL_CASE, Kind.WANTED, Kind.CANCELLED]
        while len(entries) < target:
            kind = rng.choice(events)
            precision, qualifier = self._precision(wave)
            if rng.random() < 0.03:
                precision, qualifier = DatePrecision.UNKNOWN, ""
            text = {
                Kind.FOREIGN_AGENT: f"The Ministry of Justice designated {name} a foreign agent.",
                Kind.CRIMINAL_CASE: f"A criminal case was opened against {name} for 'fakes' about the army.",
                Kind.WANTED: f"{name} was put on the interior ministry's wanted list.",
                Kind.CANCELLED: f"Work by {name} was withdrawn from Russian theatres and shops.",
                Kind.OTHER: f"{name} took part in a forum of Russians abroad.",
            }.get(kind) or rng.choice(STATEMENTS).format(name=name)
            # Designations are an authority's claim, named where the invented text names it.
            claim = kind in TimelineEntry.CLAIM_KINDS
            entries.append(
                {
                    "kind": kind,
                    "attribution": TimelineEntry.Attribution.AUTHORITY if claim else TimelineEntry.Attribution.SOURCE,
                    "authority": {
                        Kind.FOREIGN_AGENT: "the Ministry of Justice",
                        Kind.WANTED: "the interior ministry",
                    }.get(kind, ""),
                    "date": self._date(left, later_until),
                    "date_precision": precision,
                    "date_qualifier": qualifier,
                    "country": "",
                    "city": "",
                    "region": "",
                    "location_disclosure": Disclosure.COUNTRY,
                    "text": text,
                    "place": None,
                    "is_current": False,
                }
            )
        if rng.random() < 0.05:
            entries[1]["is_current"] = True  # sources disagree; the editors chose the first arrival
        for entry in entries:
            entry["date"] = truncate(entry["date"], entry["date_precision"])
        plan.entries = entries
        departure = format_date(entries[0]["date"], entries[0]["date_precision"], entries[0]["date_qualifier"])
        where = _place_text(entries[0]["place"])
        role = plan.description.lower() if plan.kind == Profile.Kind.PERSON else "collective"
        plan.biography = (
            f"{plan.display_name} ({plan.native_name}) is a {role}. "
            f"{name} left Russia ({departure}) for {where}.\n\n"
            f"Before leaving, {name} worked in {plan.categories[0]}; the sources below tell the story."
        )

    def _excerpts(self, plan: Plan) -> None:
        rng = self.rng
        name = plan.display_name
        sources = rng.sample(range(self.sources), k=min(self.sources, rng.randint(1, 3)))
        first = plan.entries[0]
        where = _place_text(first["place"])
        templates = [
            f"{name}, a {plan.description.lower()}, left Russia for {where}.",
            f"Among those who left was {name}; friends say the decision took one night.",
            f"{name} now works remotely and helps others settle.",
            f"“It was the only honest choice,” {name} told us of the departure.",
            f"Colleagues of {name} confirmed the move and the criminal case that followed.",
        ]
        for n in range(self.excerpts_per_profile):
            quote = n % 5 == 4 and plan.kind == Profile.Kind.PERSON
            text = f"“{rng.choice(QUOTES)}” said {name}." if quote else templates[n % len(templates)]
            if n >= len(templates):
                text = f"{text} ({n // len(templates) + 1})"
            plan.excerpts.append({"text": text, "source": sources[n % len(sources)], "quote": quote})
        # Each entry cites one or two of the profile's excerpts; every excerpt is cited at least once.
        count = len(plan.excerpts)
        for n, entry in enumerate(plan.entries):
            cited = [n % count]
            if rng.random() < 0.3 and count > 1:
                cited.append((n + 1) % count)
            entry["citations"] = cited


# Writing ---------------------------------------------------------------------------------------

OUTLET_WORDS = (["Baltic", "Caucasus", "Free", "Independent", "Northern", "Eastern", "New"], [
    "Courier", "Herald", "Review", "Gazette", "Dispatch", "Observer"])  # fmt: skip


def flush_exodus_data() -> None:
    """Delete profiles, sources and everything published from them (categories, roles and users stay)."""
    with transaction.atomic():
        for model in (
            PublicCitation,
            PublicExcerpt,
            PublicPlace,
            PublicProfile,
            PublicSource,
            PublicFigure,
            ChangeEvent,
            SharedEvent,
        ):
            model.objects.all().delete()
        WorkflowEvent.objects.all().delete()
        Profile.objects.update(live_version=None)
        ProfileVersion.objects.all().delete()
        Citation.objects.all().delete()
        TimelineEntry.objects.all().delete()
        AggregateFigure.objects.all().delete()
        Excerpt.objects.all().delete()
        SlugHistory.objects.all().delete()
        Profile.objects.all().delete()
        Source.objects.all().delete()
        Outlet.objects.all().delete()
    baking.remove_orphan_files()
    purge_public_cache()


def default_source_count(profiles: int) -> int:
    """One source per 33 profiles, at every size: a newsroom with more profiles reads more
    articles. (With a fixed number of sources every source would be cited by more and more
    profiles, and masking a source's title for every profile it concerns grows with the corpus.)"""
    return max(3, profiles // 33)


def generate(
    *,
    profiles: int = 10_000,
    entries_per_profile: int = 10,
    excerpts_per_profile: int = 5,
    sources: int | None = None,
    seed: int = 2022,
    batch_size: int = 500,
    method: str = "bulk",
    progress: Callable[[str], None] | None = None,
    now: datetime.datetime | None = None,
    bake: bool = True,
) -> dict[str, int]:
    """Write and publish `profiles` synthetic profiles; returns counts of what exists afterwards."""
    if method not in {"bulk", "publish"}:
        raise ValueError(f"method must be 'bulk' or 'publish', got {method!r}")
    say = progress or (lambda message: None)
    sources = sources or default_source_count(profiles)
    now = now or timezone.now()
    planner = CorpusPlanner(
        seed=seed, entries_per_profile=entries_per_profile, excerpts_per_profile=excerpts_per_profile, sources=sources
    )
    plans = [planner.plan(n) for n in range(profiles)]
    say(f"planned {profiles} profiles")

    source_rows = _write_sources(plans, sources, planner.rng)
    say(f"wrote {len(source_rows)} sources")
    categories = {c.slug: c for c in Category.objects.all()}
    missing = {slug for plan in plans for slug in plan.categories} - set(categories)
    if missing:
        raise ValueError(f"Categories missing (run migrate first): {sorted(missing)}")

    # Published one minute apart, oldest first, so the feed and "latest updates" look like a history.
    start = now - datetime.timedelta(minutes=profiles)
    taken = taken_slugs()
    for offset in range(0, profiles, batch_size):
        batch = plans[offset : offset + batch_size]
        with transaction.atomic():
            ids = _write_working_rows(batch, source_rows, categories, taken)
            times = {pk: start + datetime.timedelta(minutes=plan.index) for pk, plan in zip(ids, batch, strict=True)}
            if method == "bulk":
                publish_in_bulk(ids, times=times, bake=bake)
            else:
                from profiles.workflow import publish_profile

                for pk in ids:
                    publish_profile(Profile(pk=pk), actor=None, change_note=CHANGE_NOTE, now=times[pk])
        say(f"published {min(offset + batch_size, profiles)}/{profiles}")
    purge_public_cache()
    return {
        "profiles": Profile.objects.count(),
        "published": PublicProfile.objects.count(),
        "entries": TimelineEntry.objects.count(),
        "excerpts": Excerpt.objects.count(),
        "sources": Source.objects.count(),
    }


def _write_sources(plans: list[Plan], count: int, rng: random.Random) -> list[Source]:
    """Sources whose private full text contains every excerpt quoted from it (so each is verified)."""
    adjectives, nouns = OUTLET_WORDS
    outlets = Outlet.objects.bulk_create(
        Outlet(name=f"The {a} {n}", url=f"https://{a.lower()}-{n.lower()}.example.org")
        for a in adjectives
        for n in nouns
    )
    texts: list[list[str]] = [[] for _ in range(count)]
    lengths = [0] * count
    for plan in plans:
        for excerpt in plan.excerpts:
            index = excerpt["source"]
            excerpt["position"] = lengths[index]
            texts[index].append(excerpt["text"])
            lengths[index] += len(excerpt["text"]) + 2  # "\n\n" between quotes
    rows = []
    for n in range(count):
        country = rng.choice(sorted(CITIES))
        published = datetime.date(2022, 3, 1) + datetime.timedelta(days=rng.randrange(1200))
        rows.append(
            Source(
                title=f"Leaving Russia: {n + 1} stories from {country_name(country)}",
                outlet=rng.choice(outlets),
                authors=", ".join(
                    transliterate(f"{rng.choice(FEMALE_FIRST + MALE_FIRST)} {rng.choice(SURNAMES)}")
                    for _ in range(rng.randint(1, 2))
                ),
                url=f"https://news.example.org/leaving-russia/{n + 1}",
                published_on=published,
                language=rng.choice(["en", "en", "ru", "de"]),
                kind=rng.choice([Source.Kind.ARTICLE, Source.Kind.ARTICLE, Source.Kind.INTERVIEW, Source.Kind.ESSAY]),
                full_text="\n\n".join(texts[n]),
                editorial_notes="Synthetic source for load tests.",
            )
        )
    rows = Source.objects.bulk_create(rows, batch_size=500)
    return _approved(Source, rows)


def _approved(model, rows: list) -> list:
    """Synthetic sources and quotes count as reviewed: their public fields are the approved ones."""
    for row in rows:
        row.approved = row.public_fields()
    model.objects.bulk_update(rows, ["approved"], batch_size=1000)
    return rows


def taken_slugs() -> set[str]:
    return set(Profile.objects.values_list("slug", flat=True)) | set(SlugHistory.objects.values_list("slug", flat=True))


def _unique_slugs(names: list[str], taken: set[str]) -> list[str]:
    """What Profile.save would pick (base, base-2, …), without two queries per profile."""
    bases = [make_slug(name) for name in names]
    slugs = []
    for base in bases:
        slug, n = base, 2
        while slug in taken:
            slug = f"{base}-{n}"
            n += 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


def _write_working_rows(batch: list[Plan], sources: list[Source], categories: dict, taken: set[str]) -> list[int]:
    slugs = _unique_slugs([plan.display_name for plan in batch], taken)
    profiles = Profile.objects.bulk_create(
        Profile(
            kind=plan.kind,
            display_name=plan.display_name,
            native_name=plan.native_name,
            aliases=plan.aliases,
            slug=slug,
            description=plan.description,
            biography=plan.biography,
            wave=plan.wave,
            editorial_notes="Synthetic profile for load tests.",
        )
        for plan, slug in zip(batch, slugs, strict=True)
    )
    Through = Profile.categories.through
    Through.objects.bulk_create(
        Through(profile_id=profile.pk, category_id=categories[slug].pk)
        for profile, plan in zip(profiles, batch, strict=True)
        for slug in plan.categories
    )
    excerpts = Excerpt.objects.bulk_create(
        Excerpt(
            source=sources[item["source"]],
            text=item["text"],
            position=item["position"],
            is_verified=True,  # the source's full text was built from these very quotes
            language="en",
            speaker_id=profile.pk if item["quote"] else None,
        )
        for profile, plan in zip(profiles, batch, strict=True)
        for item in plan.excerpts
    )
    _approved(Excerpt, excerpts)
    entries = TimelineEntry.objects.bulk_create(
        TimelineEntry(
            profile_id=profile.pk,
            **{k: v for k, v in item.items() if k not in {"place", "citations"}},
        )
        for profile, plan in zip(profiles, batch, strict=True)
        for item in plan.entries
    )
    citations = []
    excerpt_iter, entry_iter = iter(excerpts), iter(entries)
    for plan in batch:
        own = [next(excerpt_iter) for _ in plan.excerpts]
        for item in plan.entries:
            entry = next(entry_iter)
            citations.extend(
                Citation(entry=entry, excerpt=own[n], order=order) for order, n in enumerate(item["citations"])
            )
    Citation.objects.bulk_create(citations, batch_size=2000)
    return [profile.pk for profile in profiles]


# Publishing in bulk ----------------------------------------------------------------------------


def _public_profile_fields(version: ProfileVersion) -> dict:
    """The PublicProfile columns `index_version` derives, for a first publication."""
    return {
        **public_profile_fields(version),
        "profile_id": version.profile_id,
        "first_published_at": version.published_at,
    }


def publish_in_bulk(ids: list[int], *, times: dict[int, datetime.datetime], bake: bool = True) -> list[ProfileVersion]:
    """First publication of never-published profiles `ids`, as `publish_profile` would do it one by
    one (register of withheld places, version from the one projection, live pointer, status, public
    index, change feed, audit log), in a few queries per table. Call inside a transaction. Without
    `bake`, pages and payloads are left for `manage.py bake` (which renders them in parallel)."""
    loaded = load_profiles(ids)
    if any(profile.live_version_id for profile in loaded):
        raise ValueError("publish_in_bulk is for first publications only")
    register_first_publications({p: profile_withheld(ordered_entries(p), {}) for p in loaded})
    snapshots = project_profiles(loaded)
    versions = ProfileVersion.objects.bulk_create(
        ProfileVersion(
            profile=profile,
            number=1,
            snapshot=snapshot,
            working_copy=serialize_working_copy(profile),
            change_note=CHANGE_NOTE,
            published_at=times[profile.pk],
        )
        for profile, snapshot in zip(loaded, snapshots, strict=True)
    )
    Carried = ProfileVersion.cited_excerpts.through
    Carried.objects.bulk_create(
        (Carried(profileversion_id=v.pk, excerpt_id=e["id"]) for v in versions for e in v.snapshot["excerpts"]),
        batch_size=5000,
    )
    for profile, version in zip(loaded, versions, strict=True):
        profile.live_version = version
        profile.status = Profile.Status.PUBLISHED
    Profile.objects.bulk_update(loaded, ["live_version", "status"], batch_size=1000)
    publics = PublicProfile.objects.bulk_create(PublicProfile(**_public_profile_fields(v)) for v in versions)
    Through = PublicProfile.categories.through
    category_ids = dict(Category.objects.values_list("slug", "pk"))
    Through.objects.bulk_create(
        Through(publicprofile_id=public.pk, category_id=category_ids[c["slug"]])
        for public, version in zip(publics, versions, strict=True)
        for c in version.snapshot["categories"]
        if c["slug"] in category_ids
    )
    PublicPlace.objects.bulk_create(
        (
            place
            for public, version in zip(publics, versions, strict=True)
            for place in public_places(public, version.snapshot)
        ),
        batch_size=2000,
    )
    cited = {e["id"] for v in versions for e in v.snapshot["excerpts"]}
    sync_shared(excerpt_ids=cited, keep=cited)
    public_excerpts = dict(PublicExcerpt.objects.filter(excerpt_id__in=cited).values_list("excerpt_id", "pk"))
    excerpt_sources = dict(PublicExcerpt.objects.filter(excerpt_id__in=cited).values_list("excerpt_id", "source_id"))
    PublicCitation.objects.bulk_create(
        (
            PublicCitation(
                public_profile=public, excerpt_id=public_excerpts[e["id"]], source_id=excerpt_sources[e["id"]]
            )
            for public, version in zip(publics, versions, strict=True)
            for e in version.snapshot["excerpts"]
        ),
        batch_size=2000,
    )
    # Quotes by these profiles that profiles published earlier already cite now link to them
    # (what index_version does one profile at a time, for the batch in two queries).
    public_of = {public.profile_id: public.pk for public in publics}
    unlinked = list(
        PublicExcerpt.objects.filter(excerpt__speaker_id__in=public_of, speaker__isnull=True).values_list(
            "pk", "excerpt__speaker_id"
        )
    )
    PublicExcerpt.objects.bulk_update(
        [PublicExcerpt(pk=pk, speaker_id=public_of[speaker]) for pk, speaker in unlinked], ["speaker"], batch_size=2000
    )
    ChangeEvent.objects.bulk_create(
        ChangeEvent(
            profile_id=v.profile_id,
            slug=v.snapshot["slug"],
            action=ChangeEvent.Action.PUBLISHED,
            version=v,
            at=v.published_at,
        )
        for v in versions
    )
    WorkflowEvent.objects.bulk_create(
        WorkflowEvent(
            profile_id=v.profile_id,
            action=WorkflowEvent.Action.PUBLISH,
            from_status=Profile.Status.DRAFT,
            to_status=Profile.Status.PUBLISHED,
            comment=CHANGE_NOTE,
            version=v,
        )
        for v in versions
    )
    # Their pages, payloads and export lines, rendered once like publish_profile does (files after commit).
    if bake:
        baking.store(publics)
        transaction.on_commit(partial(baking.write_files, [p.profile_id for p in publics]))
    transaction.on_commit(purge_public_cache)
    return versions


__all__ = ["flush_exodus_data", "generate", "publish_in_bulk"]
