"""The flattred-episodes file: what it records, and that writers sharing it lose nothing."""

import json

import pytest

from flattr_core.errors import FeedError
from flattr_core.feeds import Ledger


def test_a_record_is_on_disk_as_soon_as_it_is_made(tmp_path):
    ledger = Ledger(tmp_path / "f.json")
    ledger.record("https://pod/feed.xml", "ep-1", "flattred", 42)

    data = json.loads((tmp_path / "f.json").read_text())
    assert data["version"] == 1
    assert data["feeds"]["https://pod/feed.xml"]["ep-1"]["thing"] == 42
    assert Ledger(tmp_path / "f.json").get("https://pod/feed.xml", "ep-1").result == "flattred"


def test_two_processes_sharing_the_file_keep_each_other_s_records(tmp_path):
    podcatcher = Ledger(tmp_path / "f.json")
    cron_job = Ledger(tmp_path / "f.json")
    podcatcher.load()
    cron_job.load()  # both read the (missing) file before either writes

    podcatcher.record("feed", "ep-1", "flattred", 1)
    cron_job.record("feed", "ep-2", "flattred", 2)
    podcatcher.record("feed", "ep-3", "already_flattred")

    assert sorted(Ledger(tmp_path / "f.json").episodes("feed")) == ["ep-1", "ep-2", "ep-3"]
    assert cron_job.get("feed", "ep-1") is not None  # merged in when it wrote


def test_only_answers_worth_remembering_are_recorded(tmp_path):
    with pytest.raises(ValueError, match="result must be one of"):
        Ledger(tmp_path / "f.json").record("feed", "ep", "unknown_user")


def test_a_damaged_file_names_itself_and_what_to_do(tmp_path):
    (tmp_path / "f.json").write_text('{"version": 7}')
    with pytest.raises(FeedError, match=r"f\.json is unusable \(not a version-1 .*move it aside"):
        Ledger(tmp_path / "f.json").get("feed", "ep")
