"""Records behave as the dataclasses they were: their methods are written once in
``flattr_core._records`` instead of generated, and each writes its own ``__init__``.

Every record class in the project is checked, found as a subclass of ``Record`` once the modules
that define them are imported, so a new one cannot be missed."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
import subprocess
import sys

import pelican_flattr.pages
import pelican_flattr.settings
import pytest

from flattr_core._records import FrozenRecord, Record
from flattr_core.publish import Entry, FeedLink, Item, Problem, PublishOptions
from flattr_core.publish.report import PlannedAction, SkippedItem, SyncFailure, SyncReport
from flattr_core.publish.state import SyncState, ThingRecord
from flattr_core.publish.sync_work import _Outcome, _Task
from flattr_core.tokens import StoredToken


def _records(base: type) -> list[type]:
    found: list[type] = []
    sub: type
    for sub in base.__subclasses__():
        if dataclasses.is_dataclass(sub):
            found.append(sub)
        found += _records(sub)
    return sorted(set(found), key=lambda record: record.__qualname__)


RECORDS = _records(Record)
FROZEN = _records(FrozenRecord)
# PublishOptions holds dicts and FlattrSettings a PublishOptions: unhashable, as the dataclasses
# were.
HASHABLE = [Problem, Item, FeedLink, PlannedAction, SyncFailure, SkippedItem, StoredToken]


def test_every_record_is_found():
    frozen = {Problem, PublishOptions, Item, FeedLink, PlannedAction, SyncFailure, SkippedItem}
    frozen |= {StoredToken, pelican_flattr.pages.FlattrInfo, pelican_flattr.settings.FlattrSettings}
    mutable = {Entry, SyncReport, ThingRecord, SyncState, _Outcome, _Task}
    assert set(RECORDS) == frozen | mutable
    assert set(FROZEN) == frozen


def _example(record: type) -> object:
    required = {
        name: f"value of {name}"
        for name, parameter in inspect.signature(record).parameters.items()
        if parameter.default is inspect.Parameter.empty
    }
    return record(**required)


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.__name__)
def test_init_takes_every_field_in_order_and_fills_the_declared_defaults(record):
    parameters = list(inspect.signature(record).parameters)
    fields = dataclasses.fields(record)
    assert parameters == [f.name for f in fields]
    made = _example(record)
    for field in fields:
        if field.default is not dataclasses.MISSING:
            assert getattr(made, field.name) == field.default, field.name
        elif field.default_factory is not dataclasses.MISSING:
            assert getattr(made, field.name) == field.default_factory(), field.name
        else:
            assert getattr(made, field.name) == f"value of {field.name}"


def test_mapping_defaults_are_not_shared_between_records():
    first, second = PublishOptions(), PublishOptions()
    assert first.authors == {} and first.authors is not second.authors


@pytest.mark.parametrize("record", [SyncReport, SyncState], ids=lambda r: r.__name__)
def test_container_defaults_are_new_for_each_record(record):
    first, second = record(), record()
    for field in dataclasses.fields(record):
        if field.default_factory is not dataclasses.MISSING:
            assert getattr(first, field.name) is not getattr(second, field.name), field.name


def test_a_stored_token_never_shows_the_token():
    token = StoredToken("s3cr3t-token-value", username="alice", scopes=("thing",))
    assert "s3cr3t" not in repr(token)
    assert repr(token) == "StoredToken(username='alice', scopes=('thing',))"


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.__name__)
def test_equal_by_fields_repr_names_them_and_replace_makes_a_changed_copy(record):
    first, second = _example(record), _example(record)
    assert first == second and first is not second
    name = dataclasses.fields(record)[0].name
    changed = dataclasses.replace(first, **{name: "other"})
    assert changed != first and getattr(changed, name) == "other"
    assert getattr(first, name) != "other"  # the original is untouched
    value = getattr(first, name)
    shown = [field.name for field in dataclasses.fields(record) if field.repr]
    assert repr(first).startswith(f"{record.__name__}({shown[0]}={getattr(first, shown[0])!r}")
    for field in dataclasses.fields(record):
        if not field.repr:  # field(repr=False), as StoredToken's token: never shown
            assert repr(getattr(first, field.name)) not in repr(first)
    assert dataclasses.asdict(first)[name] == value
    assert first != dataclasses.astuple(first)  # not equal to a tuple of the same values


@pytest.mark.parametrize("record", FROZEN, ids=lambda r: r.__name__)
def test_frozen_records_refuse_changes_and_survive_pickle_and_deepcopy(record):
    first = _example(record)
    name = dataclasses.fields(record)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError, match=name):
        setattr(first, name, "other")
    with pytest.raises(dataclasses.FrozenInstanceError, match=name):
        delattr(first, name)
    assert pickle.loads(pickle.dumps(first)) == first
    assert copy.deepcopy(first) == first


@pytest.mark.parametrize("record", HASHABLE, ids=lambda r: r.__name__)
def test_records_of_hashable_values_hash_by_fields(record):
    assert hash(_example(record)) == hash(_example(record))
    assert {_example(record): 1}[_example(record)] == 1


def test_an_entry_can_change_and_is_unhashable_like_a_mutable_dataclass():
    entry = Entry(url="https://blog.example/a.html", title="A title", source="a.md")
    entry.title = "Another title"
    assert entry.title == "Another title"
    with pytest.raises(TypeError, match="unhashable"):
        hash(entry)


def test_an_item_and_a_problem_compare_unequal_to_other_types():
    problem = Problem("a.md", "title", "too short")
    assert problem != ("a.md", "title", "too short", "warning")
    assert str(problem) == "a.md: title: too short"
    assert problem.severity == "warning"


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.__name__)
def test_copy_with_gives_what_dataclasses_replace_gives(record):
    first = _example(record)
    name = dataclasses.fields(record)[-1].name
    assert first.copy_with(**{name: "other"}) == dataclasses.replace(first, **{name: "other"})
    assert first.copy_with() == first and first.copy_with() is not first
    with pytest.raises(TypeError, match="no_such_field"):
        first.copy_with(no_such_field=1)


def test_a_record_class_becomes_a_dataclass_only_when_its_fields_are_asked_for():
    # Made, read and copied, records never pay for field processing (flattr_core._records);
    # the first question about their fields makes them whole dataclasses, in any thread.
    script = """
import dataclasses, threading
from flattr_core import _records
from flattr_core.publish.entry import Item, PublishOptions
options = PublishOptions(site_url="https://a.example").copy_with(user="alice")
item = Item("https://a.example/x", "alice", "A title", "Text.", "text", None, (), False)
assert item.title == "A title" and options.user == "alice"
assert {Item, PublishOptions} <= _records._DECLARED
threads = [threading.Thread(target=dataclasses.fields, args=(Item,)) for _ in range(8)]
for thread in threads: thread.start()
for thread in threads: thread.join()
assert Item not in _records._DECLARED and PublishOptions in _records._DECLARED
assert [f.name for f in dataclasses.fields(item)][:2] == ["url", "owner"]
assert not dataclasses.is_dataclass(_records.FrozenRecord)
print("ok")
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.stdout.strip() == "ok", done.stderr


def test_a_subclass_of_a_record_is_a_dataclass_with_its_fields():
    # As with @dataclass: a plain subclass inherits the fields, a declared one adds its own.
    from flattr_core._records import record_class

    @record_class
    class Point(FrozenRecord):
        x: int
        y: int = 0

        def __init__(self, x: int, y: int = 0) -> None:
            self._init(x=x, y=y)

    class Plain(Point):
        pass

    @record_class
    class Labelled(Point):
        label: str = ""

        def __init__(self, x: int, y: int = 0, label: str = "") -> None:
            self._init(x=x, y=y, label=label)

    assert [f.name for f in dataclasses.fields(Plain)] == ["x", "y"]
    assert [f.name for f in dataclasses.fields(Labelled)] == ["x", "y", "label"]
    assert Labelled(1, 2, "a") == Labelled(1, 2, "a") != Labelled(1, 2, "b")
    assert not dataclasses.is_dataclass(FrozenRecord)
