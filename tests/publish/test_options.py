"""options_from_mapping: a plugin's raw settings -> PublishOptions, or an error naming the key."""

import pytest

from flattr_core.publish import PublishOptions, SettingsError, options_from_mapping


def test_minimal_settings_give_the_documented_defaults():
    options = options_from_mapping({"user": "alice"})

    assert options == PublishOptions(user="alice")
    assert options.button == "static"
    assert options.category == "text"
    assert options.web_url == "https://flattr.com"


def test_none_is_an_empty_mapping():
    assert options_from_mapping(None) == PublishOptions()


def test_a_blank_user_or_flattr_id_means_unset():
    assert options_from_mapping({"user": "  ", "flattr_id": ""}) == PublishOptions()


def test_every_shared_key_is_read_and_cleaned():
    options = options_from_mapping(
        {
            "user": " alice ",
            "flattr_id": "abc123",
            "button": "Compact",
            "popout": "no",
            "category": "Other",
            "category_map": {"Python": "software"},
            "language": "de-AT",
            "language_map": {"la": None, "x-klingon": "en_gb"},
            "extra_tags": "blog, python",
            "hidden": True,
            "authors": {"Jane Doe": " jane "},
        },
        site_url="https://example.com/blog/",
        site_name="My Blog",
        site_description="Notes",
    )

    assert options == PublishOptions(
        site_url="https://example.com/blog",
        user="alice",
        flattr_id="abc123",
        button="compact",
        popout=False,
        category="rest",
        category_map={"python": "software"},
        language="de-AT",
        language_map={"la": None, "x-klingon": "en_GB"},
        extra_tags=("blog", "python"),
        hidden=True,
        authors={"Jane Doe": "jane"},
        site_name="My Blog",
        site_description="Notes",
    )


def test_a_bad_button_names_the_key_the_allowed_values_and_the_value():
    with pytest.raises(SettingsError) as error:
        options_from_mapping({"user": "alice", "button": "big"})

    assert str(error.value) == (
        "FLATTR['button'] must be one of static, js, compact, text, none; got 'big'"
    )


def test_the_setting_name_is_the_one_the_plugin_passes():
    with pytest.raises(SettingsError, match=r"^flattr\['category'\] must be one of text, images"):
        options_from_mapping({"category": "poetry"}, setting="flattr")


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"user": "two words"}, r"FLATTR\['user'\] must be a Flattr name without spaces"),
        ({"user": 42}, r"FLATTR\['user'\] must be a string; got 42"),
        ({"hidden": "sometimes"}, r"FLATTR\['hidden'\] must be true or false; got 'sometimes'"),
        ({"popout": 2}, r"FLATTR\['popout'\] must be true or false; got 2"),
        ({"extra_tags": 3}, r"FLATTR\['extra_tags'\] must be a list of tags"),
        ({"authors": ["jane"]}, r"FLATTR\['authors'\] must be a mapping"),
        ({"authors": {"Jane": ""}}, r"FLATTR\['authors'\]\['Jane'\] must be a Flattr username"),
        ({"category_map": {"py": "code"}}, r"FLATTR\['category_map'\]\['py'\] must be one of"),
        (
            {"language_map": {"x": "klingon"}},
            r"FLATTR\['language_map'\]\['x'\] must be a Flattr language id such as 'en_GB'",
        ),
        ({"site_url": "/blog"}, r"FLATTR\['site_url'\] must be an absolute http\(s\) URL"),
        ({"api_url": "localhost:5000"}, r"FLATTR\['api_url'\] must be an absolute http\(s\) URL"),
    ],
)
def test_each_mistake_gets_a_message_naming_its_key(mapping, message):
    with pytest.raises(SettingsError, match=message):
        options_from_mapping(mapping)


def test_a_misspelt_key_is_an_error_with_a_suggestion():
    with pytest.raises(
        SettingsError, match=r"FLATTR has no key 'buton' \(did you mean 'button'\?\)"
    ):
        options_from_mapping({"user": "alice", "buton": "js"})


def test_plugin_only_keys_are_accepted_and_left_to_the_plugin():
    options = options_from_mapping(
        {"user": "alice", "placement": "top", "sync": True},
        plugin_keys=("placement", "sync"),
    )

    assert options == PublishOptions(user="alice")


def test_a_relative_site_url_names_the_generators_setting():
    with pytest.raises(SettingsError) as error:
        options_from_mapping({}, site_url="/blog", site_url_setting="SITEURL")

    assert str(error.value) == (
        "SITEURL must be an absolute http(s) URL such as 'https://example.com'; got '/blog'"
    )


def test_the_site_url_setting_name_is_kept_for_page_url_errors():
    options = options_from_mapping({}, site_url="", site_url_setting="SITEURL")

    assert options.site_url == ""
    assert options.site_url_setting == "SITEURL"


def test_a_site_url_in_the_mapping_wins_over_the_keyword():
    options = options_from_mapping(
        {"site_url": "https://blog.example.org/"}, site_url="https://localhost:8000"
    )

    assert options.site_url == "https://blog.example.org"
    assert options.site_url_setting == "FLATTR['site_url']"


def test_the_auto_submit_host_follows_a_sandbox_api_url():
    options = options_from_mapping({"api_url": "http://127.0.0.1:8765/rest/v2"})

    assert options.web_url == "http://127.0.0.1:8765"


def test_the_auto_submit_host_follows_the_environment(monkeypatch):
    monkeypatch.setenv("FLATTR_WEB_URL", "http://127.0.0.1:9000/")

    assert options_from_mapping({}).web_url == "http://127.0.0.1:9000"


def test_a_mapping_of_the_wrong_type_is_refused():
    with pytest.raises(SettingsError, match=r"FLATTR must be a mapping of settings"):
        options_from_mapping(["user", "alice"])  # type: ignore[arg-type]
