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
