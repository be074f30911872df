import shutil

import pytest
from django.core.management import CommandError, call_command

from profiles.corpus import CORPUS_DIR
from profiles.models import Profile
from sources.models import Source


@pytest.mark.django_db
def test_a_quote_that_is_not_in_its_source_stops_the_load_and_writes_nothing(tmp_path):
    shutil.copytree(CORPUS_DIR, tmp_path / "corpus")
    excerpts = tmp_path / "corpus" / "excerpts.toml"
    excerpts.write_text(
        excerpts.read_text().replace("On the same day, Loshak boarded a plane", "On the same day, Loshak took a train")
    )
    with pytest.raises(CommandError, match="does not occur in its source"):
        call_command("load_corpus", directory=str(tmp_path / "corpus"))
    assert not Source.objects.exists() and not Profile.objects.exists()


@pytest.mark.django_db
def test_an_unknown_excerpt_key_is_named_in_the_error(tmp_path):
    shutil.copytree(CORPUS_DIR, tmp_path / "corpus")
    profiles = tmp_path / "corpus" / "profiles.toml"
    profiles.write_text(profiles.read_text().replace('cites = ["dud-istanbul"]', 'cites = ["no-such-quote"]'))
    with pytest.raises(CommandError, match="yuri-dud.*no-such-quote"):
        call_command("load_corpus", directory=str(tmp_path / "corpus"))
    assert not Profile.objects.exists()


@pytest.mark.django_db
def test_an_entry_whose_text_names_the_place_it_withholds_is_refused(tmp_path):
    shutil.copytree(CORPUS_DIR, tmp_path / "corpus")
    profiles = tmp_path / "corpus" / "profiles.toml"
    text = profiles.read_text(encoding="utf-8")
    assert text.count('text = "Seen in Georgia among the new arrivals from Russia."') >= 1
    profiles.write_text(
        text.replace(
            'text = "Seen in Georgia among the new arrivals from Russia."',
            'text = "Seen in Tbilisi among the new arrivals from Russia."',
            1,
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="zhenya-kalinkin.*place you chose not to disclose"):
        call_command("load_corpus", directory=str(tmp_path / "corpus"))
    assert not Profile.objects.exists()


@pytest.mark.django_db
def test_an_entry_without_a_citation_is_refused(tmp_path):
    shutil.copytree(CORPUS_DIR, tmp_path / "corpus")
    profiles = tmp_path / "corpus" / "profiles.toml"
    profiles.write_text(
        profiles.read_text(encoding="utf-8").replace('cites = ["dud-istanbul"]', "cites = []"), encoding="utf-8"
    )
    with pytest.raises(CommandError, match="yuri-dud.*cites no excerpt"):
        call_command("load_corpus", directory=str(tmp_path / "corpus"))
    assert not Profile.objects.exists()


@pytest.mark.django_db
def test_a_figure_with_a_bad_value_is_named_in_the_error(tmp_path):
    shutil.copytree(CORPUS_DIR, tmp_path / "corpus")
    figures = tmp_path / "corpus" / "figures.toml"
    figures.write_text(
        figures.read_text(encoding="utf-8").replace('value = "24.9"', 'value = "about a quarter"'), encoding="utf-8"
    )
    with pytest.raises(CommandError, match="Turkey.*not a number"):
        call_command("load_corpus", directory=str(tmp_path / "corpus"))
    assert not Source.objects.exists()
