"""The intake screens, on the sources' admin: "Add an article", the mention finder's results for a
source, and "Cite" / "Propose a fact" from one of its sentences.

They call the plain functions of `profiles.intake` and publish nothing: a new source, a cited
excerpt and a proposed timeline entry are working copies that wait for an editor's review like any
other edit. The source's full text stays private (it is shown to staff here, never to readers).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from profiles.admin.intake_forms import ArticleForm, ConfirmSourceForm, ProposeFactForm
from profiles.admin.mention_report import mention_report
from profiles.intake.duplicates import find_duplicate
from profiles.intake.extract import extract_from_html, extract_from_page, extract_from_text
from profiles.intake.facts import FactError, cite_sentence, propose_fact, suggest_fact
from profiles.intake.fetch import FetchError, fetch_url
from profiles.intake.index import index_source
from profiles.models import Profile
from profiles.workflow.shared import record_shared_edit
from sources.models import Source


class IntakeAdminMixin:
    """URLs and views of the intake screens, for the sources' admin."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("intake/", view(self.intake_view), name="sources_source_intake"),
            path("<int:pk>/mentions/", view(self.mentions_view), name="sources_source_mentions"),
            path("<int:pk>/mentions/cite/", view(self.cite_view), name="sources_source_cite"),
            path("<int:pk>/mentions/propose/", view(self.propose_view), name="sources_source_propose"),
            *super().get_urls(),
        ]

    def _page(self, request, template: str, title: str, status: int = 200, **context):
        context = {**self.admin_site.each_context(request), "opts": Source._meta, "title": title, **context}
        return TemplateResponse(request, f"admin/sources/source/{template}", context, status=status)

    def _source_or_403(self, request, pk: int) -> Source:
        source = get_object_or_404(Source.objects.select_related("outlet"), pk=pk)
        if not self.has_view_permission(request, source):
            raise PermissionDenied
        return source

    # Add an article ----------------------------------------------------------------------------

    def intake_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied("Your role cannot add sources.")
        if request.method == "POST" and request.POST.get("step") == "confirm":
            return self._confirm(request)
        if request.method == "POST":
            form = ArticleForm(request.POST, request.FILES)
            if form.is_valid():
                article = self._read(request, form)
                if article is not None:
                    return self._read_article(request, article)
            return self._page(request, "intake.html", "Add an article", status=400, form=form)
        return self._page(request, "intake.html", "Add an article", form=ArticleForm())

    def _read(self, request, form: ArticleForm):
        """The article the editor gave, read; None (with a message) when the fetch failed."""
        data = form.cleaned_data
        if form.fetch_only:
            try:
                return extract_from_page(fetch_url(data["url"]))
            except FetchError as exc:
                messages.error(request, str(exc))
                return None
        if data.get("page"):
            article = extract_from_html(data["page"].read(), url=data.get("url", ""))
        else:
            article = extract_from_text(data["text"])
        article.url = article.url or data.get("url", "")
        return article

    def _read_article(self, request, article):
        fields = article.source_fields()
        duplicate = find_duplicate(url=fields["url"] or article.url, text=article.text)
        if duplicate is not None:
            return self._to_existing(request, duplicate)
        form = ConfirmSourceForm(initial={**fields, "outlet_name": article.outlet})
        return self._page(
            request, "intake_confirm.html", "Add an article: check what was read", form=form, article=article
        )

    def _to_existing(self, request, duplicate):
        why = "the same address" if duplicate.reason == "url" else f"a near-identical text ({duplicate.similarity:.0%})"
        messages.warning(
            request, f"This article is already a source ({why}): “{duplicate.source}”. Here is what it mentions."
        )
        return redirect("admin:sources_source_mentions", duplicate.source.pk)

    def _confirm(self, request):
        form = ConfirmSourceForm(request.POST)
        if form.is_valid():
            duplicate = find_duplicate(url=form.cleaned_data["url"], text=form.cleaned_data["full_text"])
            if duplicate is not None:
                return self._to_existing(request, duplicate)
            with transaction.atomic():
                source = form.save()
                record_shared_edit(source, actor=request.user)  # its author, for the four-eyes rule
                found = index_source(source)
            messages.success(
                request,
                f"Added “{source}”. It is not public until an editor publishes it; it names {found} known "
                f"profile{'s' if found != 1 else ''}.",
            )
            return redirect("admin:sources_source_mentions", source.pk)
        return self._page(
            request, "intake_confirm.html", "Add an article: check what was read", status=400, form=form, article=None
        )

    # What a source mentions --------------------------------------------------------------------

    def mentions_view(self, request, pk: int):
        source = self._source_or_403(request, pk)
        report = mention_report(source)
        return self._page(request, "mentions.html", f"What “{source}” mentions", source=source, report=report)

    def cite_view(self, request, pk: int):
        """ "Cite": one click turns a sentence into an excerpt of the source (verified by construction)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        source = self._source_or_403(request, pk)
        try:
            start, end = int(request.POST["start"]), int(request.POST["end"])
            excerpt = cite_sentence(source, start, end, actor=request.user)
        except (KeyError, ValueError, FactError) as exc:
            messages.error(request, str(exc) if isinstance(exc, FactError) else "Choose a sentence to cite.")
            return redirect("admin:sources_source_mentions", source.pk)
        messages.success(
            request,
            f"Cited as an excerpt, verified against the text: “{excerpt.text[:80]}”. "
            "It is public only once an editor publishes a profile citing it.",
        )
        anchor = request.POST.get("profile", "")
        return redirect(
            reverse("admin:sources_source_mentions", args=[source.pk])
            + (f"#profile-{anchor}" if anchor.isdigit() else "")
        )

    def propose_view(self, request, pk: int):
        """ "Propose a fact": the sentence and the entry it supports, pre-filled; one more click adds
        both to the profile's working copy."""
        source = self._source_or_403(request, pk)
        params = request.POST if request.method == "POST" else request.GET
        profile = get_object_or_404(Profile, pk=params.get("profile") or 0)
        if request.method == "POST":
            form = ProposeFactForm(request.POST)
            if form.is_valid():
                entry = self._propose(request, source, profile, form)
                if entry is not None:
                    messages.success(
                        request,
                        f"Added to the working copy of {profile}: “{entry.text}” ({entry.date_label}), citing the "
                        "sentence. Submit the profile for review when it is ready.",
                    )
                    return redirect(
                        reverse("admin:sources_source_mentions", args=[source.pk]) + f"#profile-{profile.pk}"
                    )
            status = 400
        else:
            try:
                start, end = int(params["start"]), int(params["end"])
            except (KeyError, ValueError):
                messages.error(request, "Choose a sentence to propose a fact from.")
                return redirect("admin:sources_source_mentions", source.pk)
            sentence = source.full_text[start:end].strip()
            proposal = suggest_fact(sentence, profile, reference_year=source.year)
            form = ProposeFactForm(initial=ProposeFactForm.initial_from(proposal, quote=sentence, near=start))
            form.reasons = proposal.reasons
            status = 200
        return self._page(
            request,
            "propose.html",
            f"Propose a fact for {profile}",
            status=status,
            source=source,
            profile=profile,
            form=form,
        )

    def _propose(self, request, source: Source, profile: Profile, form: ProposeFactForm):
        quote = form.cleaned_data["quote"].strip()
        start = nearest(source.full_text, quote, form.cleaned_data["near"])
        if start is None:
            form.add_error(
                "quote", "These words are not in the source's text: you may shorten the sentence, not reword it."
            )
            return None
        try:
            with transaction.atomic():
                excerpt = cite_sentence(source, start, start + len(quote), actor=request.user)
                return propose_fact(profile, excerpt, form.proposal(), actor=request.user)
        except FactError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                form.add_error(None, exc)
            for field, errors in getattr(exc, "error_dict", {}).items():
                form.add_error(field if field in form.fields else None, errors)
        return None


def nearest(text: str, quote: str, near: int) -> int | None:
    """Where `quote` occurs in `text`, the occurrence closest to `near`; None if it does not."""
    best, position = None, text.find(quote)
    while position != -1:
        if best is None or abs(position - near) < abs(best - near):
            best = position
        position = text.find(quote, position + 1)
    return best
