"""A phrasebook: many known phrases (name or place forms) found in a text in one pass.

The phrases go into an Aho–Corasick automaton (pyahocorasick) once; a text is read as its words
joined by single spaces, so one scan finds every phrase however long the list. A hit counts only
on whole words, and never across punctuation or a paragraph break ("…met Anton. Dolin said" names
nobody); where hits overlap, the longest wins ("Kirill Serebrennikov" over "Serebrennikov").
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

import ahocorasick

from profiles.intake.text import Token

V = TypeVar("V")
# Between two words of one phrase: spaces, a line break, or an English possessive ("Navalny’s
# organization"). Anything else (punctuation, a blank line) ends the phrase.
_JOINABLE = re.compile(r"\A(?:['’]s?)?[ \t\u00a0\u2009\u202f]*\n?[ \t\u00a0\u2009\u202f]*\Z")
_BREAK = " | "


@dataclass(frozen=True)
class Hit(Generic[V]):
    value: V
    key: str
    first: int
    last: int
    """Indices of the first and last token of the phrase."""
    start: int
    end: int
    """Positions in the original text."""


class Reading:
    """A text's words joined for matching, built once and scanned by every phrasebook."""

    def __init__(self, text: str, words: list[Token]):
        self.text = text
        self.tokens = words
        parts: list[str] = []
        self.token_at: dict[int, int] = {}
        self.token_ending_at: dict[int, int] = {}
        # Whether token i continues a phrase with token i - 1 (no punctuation or paragraph between).
        self.joins_previous: list[bool] = []
        position = 0
        for index, token in enumerate(words):
            if index:
                gap = text[words[index - 1].end : token.start]
                separator = " " if _JOINABLE.match(gap) else _BREAK
                self.joins_previous.append(separator == " ")
                parts.append(separator)
                position += len(separator)
            else:
                self.joins_previous.append(False)
            self.token_at[position] = index
            parts.append(token.word)
            position += len(token.word)
            self.token_ending_at[position] = index
        self.joined = "".join(parts)

    def capitalised(self, index: int) -> bool:
        return self.text[self.tokens[index].start].isupper()


class Phrasebook(Generic[V]):
    def __init__(self, entries: Iterable[tuple[str, V]]):
        self.automaton = ahocorasick.Automaton()
        self.size = 0
        for key, value in entries:
            if key:
                self.automaton.add_word(key, (key, value))
                self.size += 1
        if self.size:
            self.automaton.make_automaton()

    def find(self, reading: Reading, *, accept: Callable[[V, Reading, int, int], V | None] | None = None) -> list[Hit]:
        """Whole-word hits, the longest where they overlap. `accept(value, reading, first, last)`
        may refuse a hit (None) or narrow its value; it runs before overlaps are settled, so a
        refused long phrase does not hide a shorter good one."""
        if not self.size:
            return []
        candidates: list[Hit] = []
        for end_index, (key, value) in self.automaton.iter(reading.joined):
            start = end_index - len(key) + 1
            first = reading.token_at.get(start)
            last = reading.token_ending_at.get(end_index + 1)
            if first is None or last is None:
                continue  # inside a word
            if accept is not None:
                value = accept(value, reading, first, last)
                if value is None:
                    continue
            tokens = reading.tokens
            candidates.append(
                Hit(value=value, key=key, first=first, last=last, start=tokens[first].start, end=tokens[last].end)
            )
        candidates.sort(key=lambda hit: (hit.first, -(hit.last - hit.first)))
        chosen: list[Hit] = []
        taken_until = -1
        for hit in candidates:
            if hit.first > taken_until:
                chosen.append(hit)
                taken_until = hit.last
        return chosen
