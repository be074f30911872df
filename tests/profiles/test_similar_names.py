"""The similar-name check answers exactly as comparing every name with every profile would, and
sees a profile added or renamed a moment ago."""

import pytest

from profiles.models import Profile
from profiles.names import SIMILAR_NAME_THRESHOLD, similarity
from profiles.similar_names import find_similar_profiles
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

NAMES = [
    ("Lyudmila Ulitskaya", "Людмила Улицкая", "Ludmila Ulitska"),
    ("Kirill Serebrennikov", "Кирилл Серебренников", "Kiril Serebrennikov"),
    ("Nadezhda Tolokonnikova", "Надежда Толоконникова", "Nadya Tolokonnikova\nNadia"),
    ("Zemfira", "Земфира", "Zemfira Ramazanova"),
    ("Dmitry Glukhovsky", "Дмитрий Глуховский", "Dmitri Glukhovsky"),
    ("Yuri Dud", "Юрий Дудь", ""),
    ("Anton Dolin", "Антон Долин", ""),
    ("Chulpan Khamatova", "Чулпан Хаматова", ""),
]
ASKED = [
    "Ludmila Ulitskaya",
    "Kiril Serebrenikov",
    "Nadya Tolokonikova",
    "Земфира",
    "Dmitrii Gluhovskii",
    "Yury Dud",
    "Anton Dolinin",
    "Chulpan Hamatova",
    "Ivan Urgant",
    "Zemfira R.",
]


def exhaustive(names: list[str], limit: int = 5) -> list[Profile]:
    """The check as it was: every name against every profile's every name."""
    scored = []
    for profile in Profile.objects.all():
        best = max(similarity(a, b) for a in names for b in profile.all_names())
        if best >= SIMILAR_NAME_THRESHOLD:
            scored.append((best, profile))
    scored.sort(key=lambda item: -item[0])
    return [profile for _, profile in scored[:limit]]


def test_the_answers_are_those_of_comparing_every_pair():
    for display, native, aliases in NAMES:
        ProfileFactory(display_name=display, native_name=native, aliases=aliases)
    for name in ASKED:
        assert find_similar_profiles([name]) == exhaustive([name]), name
    assert find_similar_profiles(["Kiril Serebrenikov", "Чулпан Хаматова"]) == exhaustive(
        ["Kiril Serebrenikov", "Чулпан Хаматова"]
    )


def test_a_profile_added_or_renamed_a_moment_ago_is_seen():
    assert find_similar_profiles(["Yury Dud"]) == []
    dud = ProfileFactory(display_name="Yuri Dud")
    assert find_similar_profiles(["Yury Dud"]) == [dud]
    dud.display_name = "Someone Else"
    dud.save()
    assert find_similar_profiles(["Yury Dud"]) == []
