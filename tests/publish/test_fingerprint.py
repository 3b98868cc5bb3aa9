"""An item's fingerprint is the hash of one exact JSON text: state files written by every
earlier version keep it, so the text must never change, whatever the fields hold."""

from __future__ import annotations

import hashlib
import json

from hypothesis import given
from hypothesis import strategies as st

from flattr_core.publish import Item

TEXT = st.text() | st.text(st.sampled_from('a"\\\n\t\x00\x7f\u2028é€ \U0001f600<&'))


def _reference(item: Item) -> str:
    payload = json.dumps(
        {"url": item.url, **item.thing_fields()}, sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


@given(
    url=TEXT,
    title=TEXT,
    description=TEXT,
    category=TEXT,
    language=st.none() | TEXT,
    tags=st.lists(TEXT, max_size=4).map(tuple),
    hidden=st.booleans(),
)
def test_the_fingerprint_is_the_hash_of_the_sorted_json_of_the_synced_fields(
    url, title, description, category, language, tags, hidden
):
    item = Item(url, "alice", title, description, category, language, tags, hidden)
    assert item.fingerprint() == _reference(item)


def test_values_that_are_not_text_are_written_as_json_writes_them():
    # Item is typed, but a caller may pass other values; json.dumps is then the writer.
    odd = Item("https://a.example/", "alice", 42, "d", "text", None, ("x", 7), False)  # type: ignore[arg-type]
    assert odd.fingerprint() == _reference(odd)


def test_a_known_item_keeps_the_fingerprint_earlier_versions_wrote():
    item = Item(
        "https://blog.example/a.html", "alice", "A title", "Grüße, \"quoted\"", "text", "de_DE",
        ("python", "flattr"), False,
    )  # fmt: skip
    assert item.fingerprint() == "2e39e107a1fe6f37" == _reference(item)
