"""``is_absolute_http_url``: the one rule for base URLs, site URLs and page URLs."""

import pytest

from flattr_core.urls import is_absolute_http_url


@pytest.mark.parametrize(
    "url", ["https://example.org", "http://127.0.0.1:8000/a?b=c", "https://example.org/blog/"]
)
def test_an_http_or_https_url_with_a_host_is_absolute(url: str) -> None:
    assert is_absolute_http_url(url)


@pytest.mark.parametrize(
    "url", ["", "/blog/a.html", "example.org", "mailto:me@example.org", "https:///x", "ftp://h/"]
)
def test_a_path_another_scheme_or_no_host_is_not(url: str) -> None:
    assert not is_absolute_http_url(url)
