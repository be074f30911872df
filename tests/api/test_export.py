"""Bulk export: published versions only, as JSON Lines and CSV, by command and for partners with keys."""

import csv
import io
import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_export_command_writes_jsonl_and_csv_of_published_profiles(corpus, tmp_path, api):
    out = io.StringIO()
    call_command("export_corpus", "--output", str(tmp_path), stdout=out)
    assert "Wrote 3 published profiles" in out.getvalue()
    lines = (tmp_path / "exodus-profiles.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["slug"] for r in records] == ["andrei-loshak", "lyudmila-ulitskaya", "hidden-writer"]
    # The same payload as the API's detail endpoint.
    assert records[0] == api.get("/api/v1/profiles/andrei-loshak/").json()
    rows = list(csv.DictReader((tmp_path / "exodus-profiles.csv").open(encoding="utf-8")))
    assert [r["slug"] for r in rows] == ["andrei-loshak", "lyudmila-ulitskaya", "hidden-writer"]
    assert rows[1]["native_name"] == "Людмила Улицкая"
    assert rows[1]["current_place"] == "Berlin, Germany"
    assert rows[2]["current_country"] == "" and rows[2]["current_place"] == "Europe"
    text = (tmp_path / "exodus-profiles.jsonl").read_text() + (tmp_path / "exodus-profiles.csv").read_text()
    assert "Secret Draftperson" not in text and "Marseille" not in text and "PRIVATE" not in text


def test_export_command_can_write_one_format(corpus, tmp_path):
    call_command("export_corpus", "--output", str(tmp_path), "--format", "csv", stdout=io.StringIO())
    assert [p.name for p in tmp_path.iterdir()] == ["exodus-profiles.csv"]


def test_export_endpoint_needs_a_partner_key(api, corpus):
    response = api.get("/api/v1/export.jsonl")
    assert response.status_code == 401
    assert response.json() == {"detail": "This endpoint needs a partner API key: send 'Authorization: Api-Key <key>'."}
    assert api.get("/api/v1/export.csv").status_code == 401


def test_partner_streams_the_export(partner, corpus):
    response = partner.get("/api/v1/export.jsonl")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/x-ndjson; charset=utf-8"
    assert response["Cache-Control"] == "private, max-age=60"
    records = [json.loads(line) for line in b"".join(response.streaming_content).decode().splitlines()]
    assert len(records) == 3
    csv_response = partner.get("/api/v1/export.csv", HTTP_ACCEPT="text/csv")
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(b"".join(csv_response.streaming_content).decode())))
    assert rows[0][:3] == ["id", "slug", "url"] and len(rows) == 4


def test_export_query_count_does_not_grow_with_the_corpus(partner, corpus, django_assert_num_queries, partner_key):
    partner.get("/api/v1/export.jsonl")  # warm the validators cache
    # 1 key lookup, 1 usage upsert, 1 chunk of the lines stored when each live version was published
    with django_assert_num_queries(3):
        b"".join(partner.get("/api/v1/export.jsonl").streaming_content)
