"""``GET /things/search`` filtering and sorting (Flattr API docs: Things), over plain rows.

Tag expressions: ``|`` is OR, ``&`` is AND, ``!`` is NOT. NOT applies to the single tag after
it and excludes globally; the rest is read as AND-ed groups of OR-ed alternatives, so
``game | games ! software`` means (game or games) and not software, and
``photo & flickr ! illustrations`` means photo and flickr and not illustrations. Words with
no operator between them are AND-ed. Tags compare case-insensitively.

``query`` matches every word (case-insensitively) in the title, description, URL or tags;
``url`` keeps things whose URL starts with the given value. ``relevance`` ranks title hits
above tag hits above description/URL hits, then newest first; ``trend`` ranks flattrs of the
last week; ``flattrs_month/week/day`` count flattrs of the last 30/7/1 days; ``flattrs`` is the
all-time total.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .store import Row

SORTS = ("relevance", "trend", "flattrs", "flattrs_month", "flattrs_week", "flattrs_day")
SORT_WINDOWS = {"trend": 7, "flattrs_month": 30, "flattrs_week": 7, "flattrs_day": 1}
_TOKEN = re.compile(r"\s*([|&!])\s*|\s+")


@dataclass(frozen=True)
class TagExpression:
    groups: tuple[frozenset[str], ...]  # every group must match one of its tags
    excluded: frozenset[str]

    def matches(self, tags: Sequence[str]) -> bool:
        have = {tag.lower() for tag in tags}
        return (not (have & self.excluded)) and all(have & group for group in self.groups)


def parse_tags(expression: str) -> TagExpression:
    """Parse a tag expression; raises ValueError naming the problem."""
    parts = [p for p in _TOKEN.split(expression) if p is not None and p.strip() != ""]
    groups: list[set[str]] = [set()]
    excluded: set[str] = set()
    operator = "&"
    for part in parts:
        if part in ("|", "&", "!"):
            if part == "&" and groups[-1]:
                groups.append(set())
            operator = part
            continue
        tag = part.lower()
        if operator == "!":
            excluded.add(tag)
        elif operator == "|" or not groups[-1]:
            groups[-1].add(tag)
        else:
            groups.append({tag})
        operator = "&"
    groups = [group for group in groups if group]
    if not groups and not excluded:
        raise ValueError("empty tag expression")
    return TagExpression(tuple(frozenset(g) for g in groups), frozenset(excluded))


def query_score(row: Row, words: Sequence[str]) -> int:
    """0 when some word is missing, else a relevance score (title > tags > description/URL)."""
    title = row["title"].lower()
    tags = row["tags"].lower().split(",")
    rest = (row["description"] + " " + row["url"]).lower()
    score = 0
    for word in words:
        hit = 3 * (word in title) + 2 * any(word in tag for tag in tags) + (word in rest)
        if not hit:
            return 0
        score += hit
    return score
