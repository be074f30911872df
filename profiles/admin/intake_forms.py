"""The forms of "Add an article" and of "Propose a fact"."""

from django import forms

from profiles.intake.facts import FactProposal
from profiles.intake.fetch import MAX_BYTES, fetch_enabled
from profiles.models import TimelineEntry
from profiles.places import Disclosure
from sources.dates import DatePrecision, DateQualifier
from sources.models import LANGUAGES, Outlet, Source


class ArticleForm(forms.Form):
    """Step one: the article as text, a saved page, or (where the newsroom allows it) its address."""

    required_css_class = "required"

    text = forms.CharField(
        required=False,
        label="Paste the article's text",
        widget=forms.Textarea(attrs={"rows": 10, "cols": 90}),
        help_text="As published: quotes are checked against it, word for word.",
    )
    page = forms.FileField(
        required=False,
        label="Or upload the saved page (.html)",
        help_text="In the browser: File → Save page as → “Web page, HTML only”.",
        widget=forms.ClearableFileInput(attrs={"accept": ".html,.htm,text/html"}),
    )
    url = forms.URLField(
        required=False,
        label="Address (URL)",
        assume_scheme="https",
        max_length=Source._meta.get_field("url").max_length,
        widget=forms.URLInput(attrs={"size": 90}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["url"].help_text = (
            "Give only the address to have the server fetch the page (public http(s) sites only)."
            if fetch_enabled()
            else "Where the article is published. This server does not fetch pages: paste the text or upload the "
            "saved page as well."
        )

    def clean_page(self):
        page = self.cleaned_data.get("page")
        if page is None:
            return None
        if not page.name.lower().endswith((".html", ".htm")):
            raise forms.ValidationError("Upload the page saved as .html (or paste its text).")
        if page.size > MAX_BYTES:
            raise forms.ValidationError(f"The file is over {MAX_BYTES // (1024 * 1024)} MB; paste the text instead.")
        return page

    def clean(self):
        cleaned = super().clean()
        text, page, url = cleaned.get("text", "").strip(), cleaned.get("page"), cleaned.get("url", "")
        if text and page:
            raise forms.ValidationError("Paste the text or upload the page, not both.")
        if not (text or page or url) and not self.errors:
            raise forms.ValidationError("Paste the article's text, upload the saved page, or give its address.")
        if url and not (text or page) and not fetch_enabled():
            raise forms.ValidationError(
                "Fetching pages on the server is turned off here (setting INTAKE_URL_FETCH): paste the text or upload "
                "the saved page, with the address."
            )
        return cleaned

    @property
    def fetch_only(self) -> bool:
        data = self.cleaned_data
        return bool(data.get("url")) and not (data.get("text", "").strip() or data.get("page"))


class ConfirmSourceForm(forms.ModelForm):
    """Step two: what was read from the article, for the editor to confirm or correct. The full
    text stays private: readers only ever see the excerpts an editor publishes."""

    required_css_class = "required"

    outlet_name = forms.CharField(
        required=False, max_length=200, label="Outlet", help_text="A new outlet is added to the list."
    )

    class Meta:
        model = Source
        fields = ["title", "authors", "kind", "language", "url", "published_on", "published_year", "full_text"]
        widgets = {
            "title": forms.TextInput(attrs={"size": 90}),
            "authors": forms.TextInput(attrs={"size": 90}),
            "url": forms.URLInput(attrs={"size": 90}),
            "published_on": forms.DateInput(attrs={"type": "date"}),
            "full_text": forms.Textarea(attrs={"rows": 16, "cols": 90}),
        }
        labels = {"full_text": "Full text (private)", "url": "Address (URL)"}

    field_order = ["title", "outlet_name", "authors", "kind", "language", "url", "published_on", "published_year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_text"].required = True
        self.fields["full_text"].error_messages["required"] = "A source added here needs its text, to cite from."
        self.fields["language"].choices = LANGUAGES

    def save(self, commit=True):
        source = super().save(commit=False)
        name = self.cleaned_data.get("outlet_name", "").strip()
        if name:
            source.outlet = Outlet.objects.filter(name__iexact=name).first() or Outlet.objects.create(name=name)
        if commit:
            source.save()
        return source


def _entry_field(name: str, **kwargs):
    return TimelineEntry._meta.get_field(name).formfield(**kwargs)


class ProposeFactForm(forms.Form):
    """A sentence of the source, cut to the words to cite, and the timeline entry it supports,
    pre-filled by `facts.suggest_fact` for the editor to confirm."""

    required_css_class = "required"

    quote = forms.CharField(
        label="Words to cite",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 90}),
        help_text="The sentence as the source has it; you may shorten it, not reword it.",
    )
    near = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    kind = forms.ChoiceField(label="What happened", choices=TimelineEntry.Kind.choices)
    date = forms.DateField(
        required=False,
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The first day of the period the text gives; the precision says how much of it is known.",
    )
    date_precision = forms.ChoiceField(label="Date precision", choices=DatePrecision.choices)
    date_qualifier = forms.ChoiceField(label="Qualifier", choices=DateQualifier.choices, required=False)
    country = _entry_field("country", required=False)
    city = forms.CharField(required=False, max_length=100, label="City")
    location_disclosure = forms.ChoiceField(
        label="Publish the place as",
        choices=Disclosure.choices,
        help_text="Defaults to the strictest level this profile already uses there (country only for a new place).",
    )
    attribution = _entry_field("attribution", required=False)
    authority = _entry_field("authority", required=False)
    text = forms.CharField(
        label="Entry text for readers",
        max_length=TimelineEntry._meta.get_field("text").max_length,
        widget=forms.TextInput(attrs={"size": 90}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date") is None and cleaned.get("date_precision") not in (None, DatePrecision.UNKNOWN):
            self.add_error("date", "Give the date, or set the precision to “Unknown”.")
        return cleaned

    def proposal(self) -> FactProposal:
        data = self.cleaned_data
        return FactProposal(
            kind=data["kind"],
            date=data["date"],
            date_precision=data["date_precision"],
            date_qualifier=data["date_qualifier"] or DateQualifier.NONE,
            country=str(data["country"] or ""),
            city=data["city"].strip(),
            location_disclosure=data["location_disclosure"],
            text=data["text"].strip(),
            attribution=data["attribution"] or TimelineEntry.Attribution.SOURCE,
            authority=data["authority"].strip(),
        )

    @staticmethod
    def initial_from(proposal: FactProposal, *, quote: str, near: int) -> dict:
        return {
            "quote": quote,
            "near": near,
            "kind": proposal.kind,
            "date": proposal.date,
            "date_precision": proposal.date_precision,
            "date_qualifier": proposal.date_qualifier,
            "country": proposal.country,
            "city": proposal.city,
            "location_disclosure": proposal.location_disclosure,
            "text": proposal.text,
            "attribution": proposal.attribution,
            "authority": proposal.authority,
        }
