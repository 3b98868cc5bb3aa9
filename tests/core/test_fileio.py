"""write_atomic: the one atomic file write (sync state, feed ledger, token store)."""

import stat

from flattr_core.fileio import write_atomic


def test_text_is_written_as_utf8_with_its_newlines_as_they_are(tmp_path):
    target = tmp_path / "state.json"

    write_atomic(target, "Grüße\nline two\n")

    assert target.read_bytes() == "Grüße\nline two\n".encode()
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]  # no temporary left


def test_bytes_are_written_as_they_are_and_the_file_keeps_its_mode(tmp_path):
    target = tmp_path / "feed.xml"
    target.write_bytes(b"old")
    target.chmod(0o640)

    write_atomic(target, b"<rss>\r\n</rss>")

    assert target.read_bytes() == b"<rss>\r\n</rss>"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_given_mode_wins_over_the_files_own(tmp_path):
    target = tmp_path / "tokens.json"
    target.write_text("{}")
    target.chmod(0o644)

    write_atomic(target, "{}", mode=0o600)

    assert stat.S_IMODE(target.stat().st_mode) == 0o600
