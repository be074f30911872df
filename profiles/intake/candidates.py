"""People an article names who have no profile yet: offered to the editor as "new profile?".

A heuristic, meant to be read by an editor, not trusted blindly:
- English: two to four capitalised words in a row ("Irina Voskresenskaya", "Pete Seeger"), after
  dropping a leading title, role or nationality ("Russian President Vladimir Putin" offers
  "Vladimir Putin"); a run with a word of an institution or an event ("Bolshoi Theatre", "Cannes
  Film Festival") or a month is no one.
- Russian: a first name pymorphy3 knows (Name), followed by one or two capitalised words that are
  not places or organisations ("Ирина Воскресенская", "Андрея Захарова"). The name is offered as
  the text writes it, in whatever case: we never lemmatise a surname.
Runs that are a known profile's mention or a place are not offered.
"""

from dataclasses import dataclass

from profiles.intake.phrases import Reading
from profiles.placenames.gazetteer import is_cyrillic, morph

_SKIP_LEADING = frozenset(
    """
    the a an and but or nor on in at by for from to of with as when while after before since during then
    there here this that these those his her their our my its it he she they we i you not no all every each
    some many most few both also even only just yet so if what where who how why which once later earlier
    one two three four five six seven eight nine ten twenty hundred thousand first second third last next
    mr mrs ms miss dr prof sir madam saint st president prime minister director actress actor writer
    novelist author poet singer rapper musician composer journalist reporter critic editor artist sculptor
    photographer filmmaker producer historian professor scientist biologist blogger vlogger star general
    colonel judge lawyer mayor governor senator deputy chairman ceo founder colleague friend husband wife
    russian ukrainian belarusian georgian armenian german french british english american israeli latvian
    lithuanian estonian polish czech turkish kazakh serbian soviet european western eastern northern southern
    swiss white red black green new old great little goodbye hello dear
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    """.split()
)
_NOT_A_PERSON = frozenset(
    """
    theatre theater center centre university institute academy ministry museum festival awards award prize
    revolution federation union party forum tv radio news times post journal gazette magazine review square
    street avenue prospekt airport station plant power nuclear cathedral church film films code court office
    bank group company fund foundation council committee army navy police service agency channel online media
    press records studio studios ballet opera orchestra club school college hospital bridge river lake sea
    ocean mountains island islands war world cup games olympics day month year week internet instagram
    telegram facebook twitter youtube google visa mastercard national international state republic kingdom
    empire europe asia africa america regime regard literature gone flowers embassy affairs curtain archipelago
    communication resistance abroad living heil russians ukrainians belarusians georgians armenians europeans
    january february march april may june july august september october november december
    """.split()
)
_MAX_WORDS = 4


@dataclass(frozen=True)
class NameCandidate:
    name: str
    """As the text writes it."""
    start: int
    end: int


def find_candidates(reading: Reading, *, taken: list[tuple[int, int]]) -> list[NameCandidate]:
    """Candidate names, in order; `taken` are spans already explained (mentions, places)."""
    found = []
    for run in _capitalised_runs(reading):
        words = [reading.text[reading.tokens[i].start : reading.tokens[i].end] for i in run]
        if is_cyrillic(words[0]):
            kept = _russian_name(run, words)
        else:
            possessive = [reading.text[reading.tokens[i].end : reading.tokens[i].end + 2] in {"'s", "’s"} for i in run]
            kept = _english_name(run, words, possessive)
        if not kept:
            continue
        start, end = reading.tokens[kept[0]].start, reading.tokens[kept[-1]].end
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        found.append(NameCandidate(name=reading.text[start:end], start=start, end=end))
    return found


def _capitalised_runs(reading: Reading) -> list[list[int]]:
    runs: list[list[int]] = []
    current: list[int] = []
    for index, token in enumerate(reading.tokens):
        written = reading.text[token.start : token.end]
        capitalised = written[:1].isupper() and not (len(written) > 1 and written.isupper()) and written[:1].isalpha()
        same_script = not current or is_cyrillic(written) == is_cyrillic(
            reading.text[reading.tokens[current[-1]].start : reading.tokens[current[-1]].end]
        )
        if capitalised and current and reading.joins_previous[index] and same_script:
            current.append(index)
            continue
        if len(current) >= 2:
            runs.append(current)
        current = [index] if capitalised else []
    if len(current) >= 2:
        runs.append(current)
    return runs


def _english_name(run: list[int], words: list[str], possessive: list[bool]) -> list[int]:
    lowered = [w.lower().replace("’", "'") for w in words]
    # A possessive ends a name ("Pete Seeger’s song"); inside a run it makes a title ("Putin’s
    # Witnesses"), and a word with an apostrophe of its own ("Don’t Shoot") is no name.
    if any(possessive[:-1]) or any("'" in w for w in lowered):
        return []
    start = 0
    while start < len(run) and lowered[start] in _SKIP_LEADING:
        start += 1
    run, lowered = run[start:], lowered[start:]
    if not 2 <= len(run) <= _MAX_WORDS:
        return []
    if any(w in _NOT_A_PERSON or w in _SKIP_LEADING for w in lowered):
        return []
    return run


def _russian_name(run: list[int], words: list[str]) -> list[int]:
    analyzer = morph()
    start = 0
    # A first name in the singular: "Романы Глуховского" (his novels) names no Roman.
    while start < len(run) and not any({"Name", "sing"} <= p.tag.grammemes for p in analyzer.parse(words[start])):
        start += 1
    kept = [run[start]] if start < len(run) else []
    for index, word in zip(run[start + 1 :], words[start + 1 :], strict=True):
        best = analyzer.parse(word)[0]
        if {"Geox", "Orgn"} & best.tag.grammemes or len(kept) >= 3:
            break
        kept.append(index)
    return kept if len(kept) >= 2 else []
