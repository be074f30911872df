"""Template helpers for the public pages: responsive images and structured data."""

import json
import re

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from sources.models import Source

register = template.Library()

# The same escapes Django's json_script uses: no "</script>" or "<!--" can end the block early.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data: dict):
    """A schema.org block; `json_script` cannot set type="application/ld+json", so escape the same way."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


@register.filter
def srcset(renditions: list[dict]) -> str:
    """'url 320w, url 640w' from a snapshot's portrait renditions."""
    return ", ".join(f"{r['url']} {int(r['width'])}w" for r in renditions or [])


@register.filter
def smallest_src(renditions: list[dict]) -> str:
    if not renditions:
        return ""
    return min(renditions, key=lambda r: int(r["width"]))["url"]


@register.filter
def source_kind(value: str) -> str:
    try:
        return Source.Kind(value).label
    except ValueError:
        return value


@register.filter
def lang_code(value: str) -> str:
    """A usable HTML lang attribute value; 'other' is not a language tag."""
    return "" if not value or value == "other" else value


_QUOTE_MARKS = "\"'“”„«»‘’‚"


@register.filter
def quoted(text: str) -> str:
    """Wrap in quotation marks unless the excerpt already begins with its own (" “ « „ …): an
    excerpt that opens with the speaker's words is not wrapped in a second pair."""
    text = (text or "").strip()
    if text[:1] in _QUOTE_MARKS:
        return text
    return f"“{text}”"


@register.filter(needs_autoescape=True)
def link_names(text: str, related: list[dict], autoescape=True) -> str:
    """The text, escaped, with the first mention of each related profile linked to its profile
    (`related` comes from the public index: only live profiles are there). A mention is the public
    name, or for a person another first name before their surname ("Nadia Tolokonnikova" for
    Nadezhda Tolokonnikova): the surname must be whole, and at least four letters long."""
    esc = conditional_escape if autoescape else (lambda x: x)
    people = [item for item in related or [] if item["profile"].get("name")]
    if not text or not people:
        return esc(text or "")
    parts = []
    for n, item in enumerate(people):
        name = item["profile"]["name"]
        part = re.escape(name)
        words = name.split()
        if item["profile"].get("kind") == "person" and len(words) >= 2 and len(words[-1]) >= 4:
            part += r"|[A-ZÀ-ÖØ-ÞА-ЯЁ][\w’'-]+ " + re.escape(words[-1])
        parts.append(f"(?P<p{n}>{part})")
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")
    out, position, linked = [], 0, set()
    for match in pattern.finditer(text):
        n = int(match.lastgroup[1:])
        if n in linked:
            continue
        linked.add(n)
        out.append(esc(text[position : match.start()]))
        out.append(format_html('<a href="{}">{}</a>', people[n]["url"], match.group()))
        position = match.end()
    out.append(esc(text[position:]))
    return mark_safe("".join(str(part) for part in out))


def _field(obj, name: str, default=None):
    return obj.get(name, default) if isinstance(obj, dict) else getattr(obj, name, default)


@register.filter
def published_label(source) -> str:
    """A source's publication date at its precision ("2022", "March 2022", "4 March 2022"), from a
    snapshot's copy or a PublicSource row; older copies without `published` fall back to the year."""
    from sources.dates import format_iso_at

    published = _field(source, "published", "")
    if published:
        return format_iso_at(published)
    day = _field(source, "published_on")
    if day:
        return format_iso_at(day if isinstance(day, str) else day.isoformat())
    year = _field(source, "year")
    return str(year) if year else ""


@register.filter
def written_after_label(source) -> str:
    """'Written no earlier than 7 June 2022', for a source that carries no date of its own."""
    from sources.dates import format_iso_at

    written_after = _field(source, "written_after", "")
    return f"Written no earlier than {format_iso_at(written_after)}" if written_after else ""


@register.filter
def iso_label(value: str) -> str:
    """'2022-03' → 'March 2022'."""
    from sources.dates import format_iso_at

    return format_iso_at(value or "")
