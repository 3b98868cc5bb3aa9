"""How the CLI lays out data: aligned tables, streamed tables, JSON documents."""

import json

from flattr_core.cli.output import Column, Table, echo_json_stream, text, when


class Row:
    def __init__(self, id, title, tags=()):
        self.id, self.title, self.tags = id, title, list(tags)


COLUMNS = [
    Column("ID", lambda r: r.id, right=True),
    Column("TITLE", lambda r: r.title, max_width=12),
    Column("TAGS", lambda r: r.tags),
]


def test_table_aligns_columns_to_the_widest_cell():
    lines = Table(COLUMNS).render([Row(7, "Short", ["a"]), Row(12345, "Longer title", ["b", "c"])])
    assert lines == [
        "   ID  TITLE         TAGS",
        "    7  Short         a",
        "12345  Longer title  b, c",
    ]


def test_long_cells_are_cut_with_an_ellipsis_and_whitespace_is_flattened():
    (header, row) = Table(COLUMNS).render([Row(1, "A title\twith\nbreaks that is long")])
    assert row == " 1  A title wit…"
    assert header.startswith("ID  TITLE")


def test_streamed_table_uses_fixed_widths_so_rows_print_as_they_come():
    columns = [Column("ID", lambda r: r.id, right=True, width=4), *COLUMNS[1:]]
    lines = list(Table(columns).stream(iter([Row(1, "One"), Row(22, "A very long title")])))
    assert lines == [
        "  ID  TITLE         TAGS",
        "   1  One",
        "  22  A very long…",
    ]


def test_cell_text_of_none_bool_and_lists():
    assert (text(None), text(True), text(False), text(["x", "y"])) == ("", "yes", "no", "x, y")


def test_zero_and_missing_timestamps_print_as_empty():
    assert when(0) == when(None) == ""
    assert len(when(1342521939)) == len("2012-07-17 10:45")


def test_json_stream_is_one_valid_document(capsys):
    class Model:
        def __init__(self, n):
            self.n = n

        def to_dict(self):
            return {"id": self.n}

    assert echo_json_stream(Model(n) for n in range(3)) == 3
    assert json.loads(capsys.readouterr().out) == [{"id": 0}, {"id": 1}, {"id": 2}]
    assert echo_json_stream(iter([])) == 0
    assert json.loads(capsys.readouterr().out) == []
