"""Masking stored versions again when the register grows reads what it needs once per batch, not
once per version: at 10,000 profiles a first publication that withholds a place re-masked about a
hundred versions, a dozen queries each (seconds), before the batch shared its reads."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profiles.models import ProfileVersion
from profiles.workflow.indexing import remask_versions
from tests.public.builders import published_corpus

pytestmark = pytest.mark.django_db


def remask_queries(versions) -> tuple[int, set[int]]:
    with CaptureQueriesContext(connection) as queries:
        changed = remask_versions(versions)
    return len(queries), changed


def test_remasking_costs_the_same_queries_for_two_versions_or_seven(editor):
    published_corpus(editor, 7, entries=2)
    versions = list(ProfileVersion.objects.order_by("pk"))
    assert len(versions) == 7
    few, changed_few = remask_queries(versions[:2])
    many, changed_many = remask_queries(versions)
    assert changed_few == changed_many == set()  # already masked: nothing to rewrite
    assert many == few
