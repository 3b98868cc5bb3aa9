"""The sync state file: round trip, shape, atomic writes, and what happens to a corrupt file."""

import json
import os

import pytest

from flattr_core.publish.state import (
    StateFileError,
    SyncState,
    ThingRecord,
    load_state,
    parse_state,
    save_state,
)


def sample_state() -> SyncState:
    return SyncState(
        api_url="http://127.0.0.1:5000/rest/v2",
        user="alice",
        things={
            "https://example.org/b.html": ThingRecord(id=12, hash="bbbb", created=True),
            "https://example.org/a.html": ThingRecord(id="7", hash="aaaa"),
        },
    )


def test_save_then_load_gives_the_same_state(tmp_path):
    path = tmp_path / ".flattr-state.json"
    save_state(sample_state(), path)

    loaded = load_state(path)

    assert loaded.state == sample_state()
    assert loaded.warning is None
    assert loaded.existed


def test_file_is_sorted_versioned_json_with_one_line_per_thing(tmp_path):
    path = tmp_path / ".flattr-state.json"
    save_state(sample_state(), path)
    text = path.read_text()

    data = json.loads(text)
    assert data == {
        "api_url": "http://127.0.0.1:5000/rest/v2",
        "things": {
            "https://example.org/a.html": {"created": False, "hash": "aaaa", "id": "7"},
            "https://example.org/b.html": {"created": True, "hash": "bbbb", "id": 12},
        },
        "user": "alice",
        "version": 1,
    }
    lines = text.splitlines()
    assert [line for line in lines if "example.org" in line] == [
        '  "https://example.org/a.html": {"created": false, "hash": "aaaa", "id": "7"},',
        '  "https://example.org/b.html": {"created": true, "hash": "bbbb", "id": 12}',
    ]
    # Same state, same bytes: a resync that changed nothing leaves no diff to commit.
    save_state(sample_state(), path)
    assert path.read_text() == text


def test_empty_state_round_trips(tmp_path):
    path = tmp_path / "state.json"
    save_state(SyncState(), path)

    assert json.loads(path.read_text()) == {
        "api_url": None,
        "things": {},
        "user": None,
        "version": 1,
    }
    assert load_state(path).state == SyncState()


def test_missing_file_is_an_empty_state_without_warning(tmp_path):
    loaded = load_state(tmp_path / "nope.json")

    assert loaded.state == SyncState()
    assert loaded.warning is None
    assert not loaded.existed


def test_save_leaves_no_temporary_files_and_keeps_a_plain_file_mode(tmp_path):
    path = tmp_path / "site" / ".flattr-state.json"
    save_state(sample_state(), path)
    save_state(SyncState(), path)

    assert sorted(p.name for p in path.parent.iterdir()) == [".flattr-state.json"]
    assert path.stat().st_mode & 0o777 == 0o644


def test_a_failed_write_keeps_the_previous_file(tmp_path, monkeypatch):
    path = tmp_path / ".flattr-state.json"
    save_state(sample_state(), path)
    before = path.read_text()

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        save_state(SyncState(), path)

    assert path.read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".flattr-state.json"]


@pytest.mark.parametrize(
    "content, reason",
    [
        ("{not json", "not valid JSON"),
        ("[]", "expected a JSON object"),
        ('{"version": 2, "things": {}}', "unsupported state version 2"),
        ('{"version": 1, "things": []}', "'things' must be an object"),
        ('{"version": 1, "things": {"https://x.org/": {"hash": "a"}}}', "no valid 'id'"),
        ('{"version": 1, "things": {"https://x.org/": {"id": true, "hash": ""}}}', "valid 'id'"),
        ('{"version": 1, "things": {"https://x.org/": {"id": 1}}}', "no valid 'hash'"),
        ('{"version": 1, "user": 5, "things": {}}', "'user' must be a string"),
    ],
)
def test_corrupt_file_is_reported_moved_aside_and_replaced_by_an_empty_state(
    tmp_path, content, reason
):
    path = tmp_path / ".flattr-state.json"
    path.write_text(content)

    loaded = load_state(path)

    assert loaded.state == SyncState()
    assert loaded.warning is not None
    assert reason in loaded.warning
    assert "moved it to .flattr-state.json.corrupt-" in loaded.warning
    assert not path.exists()
    assert loaded.moved_to is not None
    assert loaded.moved_to.read_text() == content  # never silently lost


def test_two_corrupt_files_in_the_same_second_are_both_kept(tmp_path):
    path = tmp_path / ".flattr-state.json"
    path.write_text("first")
    first = load_state(path).moved_to
    path.write_text("second")
    second = load_state(path).moved_to

    assert first != second
    assert first is not None and first.read_text() == "first"
    assert second is not None and second.read_text() == "second"


def test_corrupt_file_is_left_in_place_when_moving_is_off(tmp_path):
    path = tmp_path / ".flattr-state.json"
    path.write_text("{broken")

    loaded = load_state(path, move_corrupt=False)

    assert loaded.state == SyncState()
    assert loaded.warning is not None and "would be moved aside" in loaded.warning
    assert path.read_text() == "{broken"


def test_binary_garbage_is_corruption_not_a_crash(tmp_path):
    path = tmp_path / ".flattr-state.json"
    path.write_bytes(b"\xff\xfe\x00garbage")

    loaded = load_state(path)

    assert loaded.warning is not None and "not UTF-8" in loaded.warning


def test_parse_state_raises_a_typed_error():
    with pytest.raises(StateFileError, match="not valid JSON"):
        parse_state("")


def test_state_belongs_to_its_server_and_user_only():
    state = sample_state()

    assert state.belongs_to("http://127.0.0.1:5000/rest/v2/")
    assert state.belongs_to("http://127.0.0.1:5000/rest/v2", "Alice")
    assert not state.belongs_to("http://127.0.0.1:5000/rest/v2", "bob")
    assert not state.belongs_to("https://api.flattr.com/rest/v2")
    assert not SyncState().belongs_to("https://api.flattr.com/rest/v2")


def test_temporary_files_left_by_a_killed_run_are_cleaned_up_later(tmp_path):
    path = tmp_path / ".flattr-state.json"
    old = tmp_path / "..flattr-state.json.abc123.tmp"  # as save_state names them
    young = tmp_path / "..flattr-state.json.def456.tmp"
    old.write_text("{")
    young.write_text("{")
    os.utime(old, (1_000_000_000, 1_000_000_000))

    save_state(sample_state(), path)

    assert not old.exists()
    assert young.exists()  # may belong to a writer that is still running
