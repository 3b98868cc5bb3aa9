"""The engine's options `popout`, `web_url`, `category_map` and `language_map` in mkdocs.yml:
declared in the plugin's config (so `mkdocs build --strict` accepts them) and visible in the
built pages."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner
from mkdocs.__main__ import cli
from mkdocs.exceptions import Abort
from mkdocs_flattr.config import FlattrConfig

from tests.plugins.mkdocs.mkdocs_project import SITE_URL, LogRecords, Project


def strict_build(project: Project, mkdocs_log: LogRecords) -> None:
    config = project.write_config()
    result = CliRunner().invoke(
        cli, ["build", "--strict", "-f", str(config), "-d", str(project.site)]
    )
    assert result.exit_code == 0, "\n".join(mkdocs_log.warnings()) or result.output
    assert not [m for m in mkdocs_log.warnings() if "Unrecognised" in m]


def payment_params(project: Project, src_uri: str = "index.md") -> tuple[str, dict[str, str]]:
    [link] = project.html(src_uri).head_payment_links()
    href = link.attrs["href"]
    assert href is not None
    parts = urlsplit(href)
    return (
        f"{parts.scheme}://{parts.netloc}{parts.path}",
        {k: v[0] for k, v in parse_qs(parts.query).items()},
    )


def test_popout_false_turns_off_the_js_buttons_popout(
    project: Project, mkdocs_log: LogRecords
) -> None:
    project.flattr(button="js", popout=False)
    strict_build(project, mkdocs_log)
    [button] = project.html("index.md").buttons()
    assert button.attrs["data-flattr-popout"] == "0"


def test_popout_defaults_to_on(project: Project, mkdocs_log: LogRecords) -> None:
    project.flattr(button="js")
    strict_build(project, mkdocs_log)
    [button] = project.html("index.md").buttons()
    assert "data-flattr-popout" not in button.attrs


def test_web_url_changes_the_base_of_the_payment_url(
    project: Project, mkdocs_log: LogRecords
) -> None:
    project.flattr(web_url="https://flattr.example.net/")
    strict_build(project, mkdocs_log)
    base, params = payment_params(project)
    assert base == "https://flattr.example.net/submit/auto"
    assert params["url"] == SITE_URL


def test_category_map_maps_a_page_tag_to_a_flattr_category(
    project: Project, mkdocs_log: LogRecords
) -> None:
    project.flattr(category_map={"python": "software", "Photos": "Images"})
    project.page("code.md", "---\ntags: [Python, notes]\n---\n# Some code\n\nA snippet.\n")
    project.page("pics.md", "---\ntags: [photos]\n---\n# Holiday pictures\n\nSun and sea.\n")
    strict_build(project, mkdocs_log)
    assert payment_params(project, "code.md")[1]["category"] == "software"
    assert payment_params(project, "pics.md")[1]["category"] == "images"
    assert payment_params(project, "index.md")[1]["category"] == "text"  # no mapped tag


def test_language_map_null_leaves_the_language_out_of_the_payment_url(
    project: Project, mkdocs_log: LogRecords
) -> None:
    assert payment_language(project, mkdocs_log) == "en_GB"  # the theme's `en`, by default
    project.flattr(language_map={"en": None})  # null: send no language at all
    assert payment_language(project, mkdocs_log) is None


def payment_language(project: Project, mkdocs_log: LogRecords) -> str | None:
    strict_build(project, mkdocs_log)
    return payment_params(project)[1].get("language")


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("popout", "sometimes", "Expected type: <class 'bool'>"),
        ("web_url", "flattr.com", "Expected an absolute http(s) URL such as 'https://flattr.com'"),
        ("category_map", ["python"], "Expected a dict of items"),
        ("category_map", {"python": 3}, "Expected type: <class 'str'>"),
        ("language_map", {"en": ["en_US"]}, "Expected type: <class 'str'>"),
    ],
)
def test_bad_values_fail_with_mkdocs_message_naming_the_option(
    project: Project, mkdocs_log: LogRecords, option: str, value: Any, message: str
) -> None:
    project.flattr(**{option: value})
    with pytest.raises(Abort):
        project.load()
    errors = "\n".join(mkdocs_log.messages())
    assert f"Plugin 'flattr' option '{option}': " in errors and message in errors


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        (
            "category_map",
            {"python": "code"},
            "Expected a Flattr category for 'python', one of text, images, video, audio, "
            "software, people, rest, but received: 'code'",
        ),
        (
            "language_map",
            {"gsw": "swiss"},
            "Expected a Flattr language id for 'gsw', such as 'en_GB' or 'de_DE'",
        ),
    ],
)
def test_a_map_value_flattr_does_not_know_fails_when_mkdocs_loads_the_config(
    project: Project, mkdocs_log: LogRecords, option: str, value: Any, message: str
) -> None:
    # Validated once, by the plugin's Config, before any page is read.
    project.flattr(**{option: value})
    with pytest.raises(Abort):
        project.load()
    errors = mkdocs_log.messages(logging.ERROR)
    assert any(f"Plugin 'flattr' option '{option}': " in m and message in m for m in errors)


def test_language_map_lets_language_name_one_flattr_does_not_know(
    project: Project, mkdocs_log: LogRecords
) -> None:
    # Swiss German is not in Flattr's list; without the map the option is refused.
    project.flattr(language="gsw")
    with pytest.raises(Abort):
        project.load()
    assert any(
        "option 'language'" in m and "language_map" in m for m in mkdocs_log.messages(logging.ERROR)
    )
    project.flattr(language_map={"gsw": "de_DE"})
    assert payment_language(project, mkdocs_log) == "de_DE"


def test_the_unknown_key_error_lists_only_declared_options(
    project: Project, mkdocs_log: LogRecords
) -> None:
    project.flattr(buton="js")
    with pytest.raises(Abort):
        project.build()
    [error] = [m for m in mkdocs_log.messages(logging.ERROR) if "has no key 'buton'" in m]
    assert "(did you mean 'button'?)" in error
    known = set(error.split("known keys: ", 1)[1].split(", "))
    declared = {name for name, _ in FlattrConfig._schema}
    assert known == declared
    assert {"popout", "web_url", "category_map", "language_map"} <= declared
