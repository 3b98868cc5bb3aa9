"""`mkdocs build --dirty` and `mkdocs serve` rebuilds only run page events for changed pages;
the plugin keeps every page's item across them (MkDocs keeps the instance: it has on_startup)."""

from __future__ import annotations

import os
import time

from tests.plugins.mkdocs.mkdocs_project import Project, new_project


def touch_later(path: os.PathLike[str]) -> None:
    """Make MkDocs see the source as newer than its output (mtime resolution is coarse)."""
    later = time.time() + 5
    os.utime(path, (later, later))


def three_pages(project: Project) -> Project:
    project.page("a.md", "# Page A first\n\nText of page A.\n")
    project.page("b.md", "# Page B first\n\nText of page B.\n")
    return project


def test_a_dirty_build_keeps_the_items_of_unchanged_pages(project: Project) -> None:
    three_pages(project)
    first = project.build()
    assert sorted(first.items()) == ["a.md", "b.md", "index.md"]

    touch_later(project.page("a.md", "# Page A edited\n\nNew text of page A.\n"))
    plugin = project.build(dirty=True)

    assert plugin is first, "MkDocs reuses the instance across builds of one process"
    items = plugin.items()
    assert sorted(items) == ["a.md", "b.md", "index.md"]
    assert items["a.md"].title == "Page A edited"
    assert items["b.md"].title == "Page B first"
    assert len(project.html("b.md").head_payment_links()) == 1, "untouched output stays"
    assert len(project.html("a.md").head_payment_links()) == 1


def test_a_deleted_page_leaves_the_cache(project: Project) -> None:
    three_pages(project).build()
    (project.docs / "b.md").unlink()
    plugin = project.build(dirty=True)
    assert sorted(plugin.items()) == ["a.md", "index.md"]


def test_an_opted_out_edit_removes_the_item(project: Project) -> None:
    three_pages(project).build()
    touch_later(project.page("a.md", "---\nflattr: false\n---\n# Page A\n\nGone.\n"))
    plugin = project.build(dirty=True)
    assert "a.md" not in plugin.items()
    assert project.html("a.md").payment_links() == []


def test_another_project_in_the_same_process_starts_empty(project: Project, tmp_path) -> None:
    three_pages(project).build()
    other = new_project(tmp_path / "other")
    assert sorted(other.build().items()) == ["index.md"]


def test_serve_builds_drafts_without_flattr(project: Project) -> None:
    project.config["draft_docs"] = "drafts/\n"
    project.page("drafts/next.md", "# Next release notes\n\nNot published yet.\n")
    plugin = project.build(command="serve")
    draft = project.html("drafts/next.md")
    assert "Not published yet" in draft.raw, "mkdocs serve shows drafts"
    assert draft.payment_links() == [] and draft.buttons() == []
    assert "drafts/next.md" not in plugin.items()
    assert len(project.html("index.md").head_payment_links()) == 1
