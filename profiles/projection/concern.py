"""Which withheld places a piece of public text must not show.

The rule: **public text never shows a place withheld by a published profile it concerns.** A text
concerns the profile it belongs to (a biography, an entry, a change note); a shared text (a
quote, a source's title, outlet and address, a figure's label) concerns every profile that cites
it, its speaker, and — for every text — every profile it names. So when Serebrennikov withholds
Paris, the quote "… are in Paris, where … Serebrennikov was also spotted" loses "Paris" on the
pages of Zemfira and Litvinova too, whoever cites it.

`PublicMasks` answers that for a batch of texts with a fixed number of queries: the register
(`WithheldPlace`) for the profiles involved, and `NameForm` for the word sequences the texts
contain. A projection of a working copy passes its own, not yet registered, withheld places as
`own`.
"""

import functools
from collections.abc import Iterable

from profiles.models import Citation, NameForm, PublicCitation, RelationCitation, WithheldPlace
from profiles.placenames.gazetteer import words
from profiles.placenames.masking import Forms, mask_value
from sources.models import Excerpt

MAX_NAME_WORDS = 4
_CHUNK = 900


@functools.lru_cache(maxsize=65536)
def word_sequences(text: str) -> frozenset[str]:
    """Every run of one to MAX_NAME_WORDS words, as NameForm stores names (cached: source titles
    and quotes are read again for every profile that cites them)."""
    tokens = words(text)
    return frozenset(
        " ".join(tokens[start : start + n])
        for n in range(1, MAX_NAME_WORDS + 1)
        for start in range(0, len(tokens) - n + 1)
    )


def strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in strings_in(item)]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings_in(item)]
    return []


class PublicMasks:
    def __init__(self, *, own: dict[int, frozenset[str]] | None = None):
        # Each profile's withheld forms as Forms (one group per place; see masking.Forms).
        self._own = {pk: forms if isinstance(forms, Forms) else Forms([forms]) for pk, forms in (own or {}).items()}
        self._register: dict[int, Forms] = {}
        self._named: dict[str, set[int]] = {}
        self._looked_up: set[str] = set()
        self._texts: set[str] = set()
        self._unions: dict[frozenset[int], Forms] = {}

    def prepare(self, texts: Iterable[str] = (), profile_ids: Iterable[int] = ()) -> None:
        """Load, in a few queries, what masking `texts` for `profile_ids` will need."""
        sequences = set()
        for text in texts:
            if text not in self._texts:  # a shared quote or title is prepared once per batch
                self._texts.add(text)
                sequences |= word_sequences(text)
        new = sorted(sequences - self._looked_up)
        self._looked_up |= set(new)
        found: set[int] = set()
        for start in range(0, len(new), _CHUNK):
            for form, profile_id in NameForm.objects.filter(form__in=new[start : start + _CHUNK]).values_list(
                "form", "profile_id"
            ):
                self._named.setdefault(form, set()).add(profile_id)
                found.add(profile_id)
        self._load_register(found | set(profile_ids))

    def _load_register(self, profile_ids: set[int]) -> None:
        missing = {pk for pk in profile_ids if pk not in self._register and pk not in self._own}
        if not missing:
            return
        places: dict[int, list[frozenset[str]]] = {pk: [] for pk in missing}
        for profile_id, place_forms in WithheldPlace.objects.filter(profile_id__in=missing).values_list(
            "profile_id", "forms"
        ):
            places[profile_id].append(frozenset(place_forms))
        self._register.update({pk: Forms(groups) for pk, groups in places.items()})

    def named_in(self, texts: Iterable[str]) -> set[int]:
        texts = list(texts)
        self.prepare(texts)
        return {pk for text in texts for seq in word_sequences(text) for pk in self._named.get(seq, ())}

    def forms_for(self, profile_ids: Iterable[int]) -> Forms:
        profile_ids = frozenset(profile_ids)
        # A profile's forms never change once loaded, so the union for a set of profiles is kept:
        # a batch masks thousands of texts for the same few sets, each union thousands of forms.
        if profile_ids not in self._unions:
            self._load_register(profile_ids)
            empty = Forms(())
            self._unions[profile_ids] = Forms(
                group for pk in profile_ids for group in self._own.get(pk, self._register.get(pk, empty)).groups
            )
        return self._unions[profile_ids]

    def forms_concerning(self, value, *, concerning: Iterable[int]) -> frozenset[str]:
        """The withheld forms for a text (or a JSON-like object read as one text)."""
        return self.forms_for(set(concerning) | self.named_in(strings_in(value)))

    def mask(self, value, *, concerning: Iterable[int]):
        """`value` (a string, or a dict or list of them) with every place it may not show masked."""
        return mask_value(value, self.forms_concerning(value, concerning=concerning))


def _gather(ids: set[int], pairs) -> dict[int, set[int]]:
    """{id: profile ids} from querysets of (id, profile id) pairs, read as distinct pairs (a source
    may be cited by many entries of one profile)."""
    concerns: dict[int, set[int]] = {pk: set() for pk in ids}
    for queryset in pairs if ids else ():
        for key, profile_id in queryset.order_by().distinct():
            concerns[key].add(profile_id)
    return concerns


def excerpt_concerns(excerpt_ids: Iterable[int]) -> dict[int, set[int]]:
    """Profiles each excerpt concerns by citation or speech: whoever cites it in a working copy or
    a live version, and its speaker. (Profiles it names are found from its words.)"""
    ids = set(excerpt_ids)
    return _gather(
        ids,
        [
            Citation.objects.filter(excerpt_id__in=ids).values_list("excerpt_id", "entry__profile_id"),
            PublicCitation.objects.filter(excerpt__excerpt_id__in=ids).values_list(
                "excerpt__excerpt_id", "public_profile__profile_id"
            ),
            # A relation's quote concerns both profiles: it is cited for the relation both pages show.
            RelationCitation.objects.filter(excerpt_id__in=ids).values_list("excerpt_id", "relation__profile_id"),
            RelationCitation.objects.filter(excerpt_id__in=ids).values_list(
                "excerpt_id", "relation__related_profile_id"
            ),
            Excerpt.objects.filter(pk__in=ids, speaker__isnull=False).values_list("pk", "speaker_id"),
        ],
    )


def source_concerns(source_ids: Iterable[int]) -> dict[int, set[int]]:
    """Profiles each source concerns: those its excerpts concern by citation or speech."""
    ids = set(source_ids)
    return _gather(
        ids,
        [
            Citation.objects.filter(excerpt__source_id__in=ids).values_list("excerpt__source_id", "entry__profile_id"),
            PublicCitation.objects.filter(source__source_id__in=ids).values_list(
                "source__source_id", "public_profile__profile_id"
            ),
            RelationCitation.objects.filter(excerpt__source_id__in=ids).values_list(
                "excerpt__source_id", "relation__profile_id"
            ),
            RelationCitation.objects.filter(excerpt__source_id__in=ids).values_list(
                "excerpt__source_id", "relation__related_profile_id"
            ),
            Excerpt.objects.filter(source_id__in=ids, speaker__isnull=False).values_list("source_id", "speaker_id"),
        ],
    )
