"""The sandbox's state in SQLite: users, apps, things, flattrs, subscriptions, tokens, codes.

One connection (in memory by default, or a file given with ``--db``) shared by the server's
threads behind a re-entrant lock: SQLite calls take microseconds, so a lock costs far less than
per-thread connections to a shared in-memory database would complicate. Rows come back as
:class:`sqlite3.Row`; turning them into API bodies is :mod:`.shapes`' job.

Tags are stored comma-joined (a tag can never contain a comma, §8). Thing ids are
``AUTOINCREMENT``: a deleted thing's id is never given to another thing (as on Flattr), so a
client holding an old id can never update an unrelated thing by mistake.

Indexes follow the queries: things by URL (unique), by owner in listing order
(``owner, created_at, id``: a page of a user's things reads only that page, no sort), flattrs by
user and by (user, thing) for the "flattred this period" check. A database file (``--db``) runs
in WAL mode with ``synchronous=NORMAL``: every write is still atomic and survives a crash of the
sandbox; only the last writes before a power loss may be lost, which is fine for a sandbox and
saves an fsync per request.
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from . import seed

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    username TEXT PRIMARY KEY COLLATE NOCASE, uid TEXT NOT NULL, firstname TEXT NOT NULL,
    lastname TEXT NOT NULL, about TEXT NOT NULL, city TEXT NOT NULL, country TEXT NOT NULL,
    url TEXT, avatar TEXT NOT NULL, email TEXT NOT NULL, registered_at INTEGER NOT NULL,
    means INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS apps (
    client_id TEXT PRIMARY KEY, client_secret TEXT NOT NULL, name TEXT NOT NULL,
    redirect_uri TEXT NOT NULL, any_loopback INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS things (
    id INTEGER PRIMARY KEY AUTOINCREMENT, owner TEXT NOT NULL COLLATE NOCASE,
    url TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL, description TEXT NOT NULL, tags TEXT NOT NULL, category TEXT NOT NULL,
    language TEXT NOT NULL, hidden INTEGER NOT NULL, image TEXT NOT NULL,
    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, last_flattr_at INTEGER NOT NULL,
    flattrs INTEGER NOT NULL, flattrs_user_count INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS things_owner_created ON things (owner, created_at, id);
CREATE TABLE IF NOT EXISTS flattrs (
    id INTEGER PRIMARY KEY, username TEXT NOT NULL COLLATE NOCASE, thing_id INTEGER NOT NULL,
    created_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS flattrs_user_thing ON flattrs (username, thing_id, created_at);
CREATE INDEX IF NOT EXISTS flattrs_thing ON flattrs (thing_id);
CREATE TABLE IF NOT EXISTS subscriptions (
    username TEXT NOT NULL COLLATE NOCASE, thing_id INTEGER NOT NULL, active INTEGER NOT NULL,
    created_at INTEGER NOT NULL, started_at INTEGER NOT NULL, PRIMARY KEY (username, thing_id));
CREATE TABLE IF NOT EXISTS tokens (
    token TEXT PRIMARY KEY, username TEXT NOT NULL COLLATE NOCASE, scopes TEXT NOT NULL,
    client_id TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS codes (
    code TEXT PRIMARY KEY, client_id TEXT NOT NULL, username TEXT NOT NULL, scopes TEXT NOT NULL,
    redirect_uri TEXT, created_at INTEGER NOT NULL, used INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS code_tokens (code TEXT PRIMARY KEY, token TEXT NOT NULL);
"""

TABLES = ("code_tokens", "codes", "tokens", "subscriptions", "flattrs", "things", "apps", "users")

Row = sqlite3.Row


class Store:
    """Thread-safe access to the sandbox database; seeded on first use of an empty database."""

    def __init__(self, path: str | None = None) -> None:
        self.path = path or ":memory:"
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        if path:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.executescript(SCHEMA)
        if self.one("SELECT COUNT(*) AS n FROM users")["n"] == 0:  # type: ignore[index]
            self.reset()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # -- low level -----------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All statements inside run atomically (BEGIN IMMEDIATE ... COMMIT / ROLLBACK)."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def one(self, sql: str, args: Sequence[Any] = ()) -> Row | None:
        with self._lock:
            row: Row | None = self._conn.execute(sql, args).fetchone()
            return row

    def all(self, sql: str, args: Sequence[Any] = ()) -> list[Row]:
        with self._lock:
            return list(self._conn.execute(sql, args).fetchall())

    def run(self, sql: str, args: Sequence[Any] = ()) -> int:
        """Execute one write; returns the last row id (for inserts)."""
        with self._lock:
            cursor = self._conn.execute(sql, args)
            return cursor.lastrowid or 0

    # -- seed ----------------------------------------------------------------------------
    def reset(self) -> None:
        """Drop every row and load the seed data again (tokens and codes included)."""
        with self.transaction() as db:
            for table in TABLES:
                db.execute(f"DELETE FROM {table}")
            # A reset starts a new world, so thing ids start again from the seed's.
            db.execute("DELETE FROM sqlite_sequence")
            db.executemany(
                "INSERT INTO apps VALUES (?,?,?,?,?)",
                [(*app[:4], int(app.any_loopback)) for app in seed.APPS],
            )
            db.executemany(
                "INSERT INTO users VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        u.username,
                        u.uid,
                        u.firstname,
                        u.lastname,
                        u.about,
                        u.city,
                        u.country,
                        u.url,
                        u.avatar,
                        u.email,
                        u.registered_at,
                        int(u.means),
                    )
                    for u in seed.USERS
                ],
            )
            db.executemany(
                "INSERT INTO things VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        t.id,
                        t.owner,
                        t.url,
                        t.title,
                        t.description,
                        ",".join(t.tags),
                        t.category,
                        t.language,
                        int(t.hidden),
                        t.image,
                        t.created_at,
                        0,
                        max([c for (_, tid, c) in seed.FLATTRS if tid == t.id], default=0),
                        t.flattrs,
                        t.flattrs_user_count,
                    )
                    for t in seed.THINGS
                ],
            )
            db.executemany(
                "INSERT INTO flattrs (username, thing_id, created_at) VALUES (?,?,?)", seed.FLATTRS
            )
            db.executemany(
                "INSERT INTO subscriptions VALUES (?,?,?,?,?)",
                [(u, t, int(a), c, s) for (u, t, a, c, s) in seed.SUBSCRIPTIONS],
            )

    # -- users and apps ------------------------------------------------------------------
    def user(self, username: str) -> Row | None:
        return self.one("SELECT * FROM users WHERE username = ?", (username,))

    def users(self) -> list[Row]:
        return self.all("SELECT * FROM users ORDER BY username COLLATE NOCASE")

    def app(self, client_id: str) -> Row | None:
        return self.one("SELECT * FROM apps WHERE client_id = ?", (client_id,))

    # -- tokens and codes ----------------------------------------------------------------
    def mint_token(self, username: str, scopes: Sequence[str], client_id: str, now: int) -> str:
        token = secrets.token_hex(16)
        self.run(
            "INSERT INTO tokens VALUES (?,?,?,?,?)",
            (token, username, " ".join(scopes), client_id, now),
        )
        return token

    def token(self, token: str) -> Row | None:
        return self.one("SELECT * FROM tokens WHERE token = ?", (token,))

    def add_code(
        self,
        client_id: str,
        username: str,
        scopes: Sequence[str],
        redirect_uri: str | None,
        now: int,
    ) -> str:
        code = secrets.token_urlsafe(18)
        self.run(
            "INSERT INTO codes VALUES (?,?,?,?,?,?,0)",
            (code, client_id, username, " ".join(scopes), redirect_uri, now),
        )
        return code

    def code(self, code: str) -> Row | None:
        return self.one("SELECT * FROM codes WHERE code = ?", (code,))

    def redeem_code(self, code: str, now: int) -> str | None:
        """Mark the code used and mint its token, atomically; None if it was already used.

        The token is remembered against the code so that a replay can revoke it
        (RFC 6749 §4.1.2).
        """
        with self.transaction() as db:
            row = db.execute("SELECT * FROM codes WHERE code = ?", (code,)).fetchone()
            if row is None or row["used"]:
                return None
            db.execute("UPDATE codes SET used = 1 WHERE code = ?", (code,))
            token = self.mint_token(row["username"], row["scopes"].split(), row["client_id"], now)
            db.execute("INSERT INTO code_tokens VALUES (?,?)", (code, token))
        return token

    def revoke_code_tokens(self, code: str) -> None:
        """Revoke every token issued from ``code`` (it is being replayed)."""
        self.run(
            "DELETE FROM tokens WHERE token IN (SELECT token FROM code_tokens WHERE code = ?)",
            (code,),
        )

    # -- things --------------------------------------------------------------------------
    def thing(self, thing_id: int) -> Row | None:
        return self.one("SELECT * FROM things WHERE id = ?", (thing_id,))

    def thing_by_url(self, url: str) -> Row | None:
        return self.one("SELECT * FROM things WHERE url = ?", (url,))

    def things_of(self, owner: str, *, include_hidden: bool, count: int, page: int) -> list[Row]:
        hidden = "" if include_hidden else " AND hidden = 0"
        return self.all(
            f"SELECT * FROM things WHERE owner = ?{hidden} "
            "ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
            (owner, count, (page - 1) * count),
        )

    def all_things(self) -> list[Row]:
        return self.all("SELECT * FROM things")

    def create_thing(self, owner: str, fields: dict[str, Any], now: int) -> int:
        return self.run(
            "INSERT INTO things (owner, url, title, description, tags, category, language, "
            "hidden, image, created_at, updated_at, last_flattr_at, flattrs, flattrs_user_count)"
            " VALUES (?,?,?,?,?,?,?,?,'',?,0,0,0,0)",
            (
                owner,
                fields["url"],
                fields["title"],
                fields["description"],
                ",".join(fields["tags"]),
                fields["category"],
                fields["language"],
                int(fields["hidden"]),
                now,
            ),
        )

    def create_or_get_thing(self, owner: str, fields: dict[str, Any], now: int) -> Row:
        """Create the thing unless its URL exists by now (racing auto-submits); the row."""
        with self.transaction():
            row = self.thing_by_url(fields["url"])
            if row is None:
                row = self.thing(self.create_thing(owner, fields, now))
        assert row is not None
        return row

    def update_thing(self, thing_id: int, fields: dict[str, Any], now: int) -> None:
        values = dict(fields)
        if "tags" in values:
            values["tags"] = ",".join(values["tags"])
        if "hidden" in values:
            values["hidden"] = int(values["hidden"])
        values["updated_at"] = now
        assignments = ", ".join(f"{name} = ?" for name in values)
        self.run(f"UPDATE things SET {assignments} WHERE id = ?", (*values.values(), thing_id))

    def delete_thing(self, thing_id: int) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM things WHERE id = ?", (thing_id,))
            db.execute("DELETE FROM flattrs WHERE thing_id = ?", (thing_id,))
            db.execute("DELETE FROM subscriptions WHERE thing_id = ?", (thing_id,))

    # -- flattrs -------------------------------------------------------------------------
    def flattred_since(self, username: str, thing_id: int, since: int) -> bool:
        return (
            self.one(
                "SELECT 1 FROM flattrs WHERE username = ? AND thing_id = ? "
                "AND created_at >= ? LIMIT 1",
                (username, thing_id, since),
            )
            is not None
        )

    def flattred_things_since(self, username: str, since: int) -> set[int]:
        """Ids of the things ``username`` flattred at or after ``since`` (one query per page)."""
        rows = self.all(
            "SELECT DISTINCT thing_id FROM flattrs WHERE username = ? AND created_at >= ?",
            (username, since),
        )
        return {row["thing_id"] for row in rows}

    def add_flattr(self, username: str, thing_id: int, now: int) -> None:
        with self.transaction() as db:
            first = (
                db.execute(
                    "SELECT 1 FROM flattrs WHERE username = ? AND thing_id = ?",
                    (username, thing_id),
                ).fetchone()
                is None
            )
            db.execute(
                "INSERT INTO flattrs (username, thing_id, created_at) VALUES (?,?,?)",
                (username, thing_id, now),
            )
            db.execute(
                "UPDATE things SET flattrs = flattrs + 1, last_flattr_at = ?, "
                "flattrs_user_count = flattrs_user_count + ? WHERE id = ?",
                (now, int(first), thing_id),
            )

    def flattrs_by(
        self, username: str, *, include_hidden: bool, count: int, page: int
    ) -> list[Row]:
        hidden = "" if include_hidden else " AND t.hidden = 0"
        return self.all(
            "SELECT f.username AS flattrer, f.created_at AS flattred_at, t.* FROM flattrs f "
            f"JOIN things t ON t.id = f.thing_id WHERE f.username = ?{hidden} "
            "ORDER BY f.created_at DESC, f.id DESC LIMIT ? OFFSET ?",
            (username, count, (page - 1) * count),
        )

    def flattrs_of_thing(self, thing_id: int, *, count: int, page: int) -> list[Row]:
        return self.all(
            "SELECT f.username AS flattrer, f.created_at AS flattred_at, t.* FROM flattrs f "
            "JOIN things t ON t.id = f.thing_id WHERE f.thing_id = ? "
            "ORDER BY f.created_at DESC, f.id DESC LIMIT ? OFFSET ?",
            (thing_id, count, (page - 1) * count),
        )

    def flattrs_on_things_of(self, owner: str, limit: int) -> list[Row]:
        return self.all(
            "SELECT f.username AS flattrer, f.created_at AS flattred_at, t.* FROM flattrs f "
            "JOIN things t ON t.id = f.thing_id WHERE t.owner = ? AND t.hidden = 0 "
            "ORDER BY f.created_at DESC, f.id DESC LIMIT ?",
            (owner, limit),
        )

    def flattr_counts_since(self, since: int) -> dict[int, int]:
        rows = self.all(
            "SELECT thing_id, COUNT(*) AS n FROM flattrs WHERE created_at >= ? GROUP BY thing_id",
            (since,),
        )
        return {row["thing_id"]: row["n"] for row in rows}

    # -- subscriptions -------------------------------------------------------------------
    def subscription(self, username: str, thing_id: int) -> Row | None:
        return self.one(
            "SELECT * FROM subscriptions WHERE username = ? AND thing_id = ?", (username, thing_id)
        )

    def subscriptions_of(self, username: str) -> list[Row]:
        return self.all(
            "SELECT s.active AS sub_active, s.created_at AS sub_created_at, "
            "s.started_at AS sub_started_at, t.* FROM subscriptions s "
            "JOIN things t ON t.id = s.thing_id WHERE s.username = ? "
            "ORDER BY s.created_at DESC",
            (username,),
        )

    def subscribed_things(self, username: str) -> set[int]:
        """Ids of the things ``username`` has a subscription to, active or paused."""
        rows = self.all("SELECT thing_id FROM subscriptions WHERE username = ?", (username,))
        return {row["thing_id"] for row in rows}

    def subscribe(self, username: str, thing_id: int, now: int) -> None:
        self.run("INSERT INTO subscriptions VALUES (?,?,1,?,?)", (username, thing_id, now, now))

    def set_subscription_active(self, username: str, thing_id: int, active: bool, now: int) -> None:
        if active:
            self.run(
                "UPDATE subscriptions SET active = 1, started_at = ? "
                "WHERE username = ? AND thing_id = ?",
                (now, username, thing_id),
            )
        else:
            self.run(
                "UPDATE subscriptions SET active = 0 WHERE username = ? AND thing_id = ?",
                (username, thing_id),
            )

    def unsubscribe(self, username: str, thing_id: int) -> None:
        self.run(
            "DELETE FROM subscriptions WHERE username = ? AND thing_id = ?", (username, thing_id)
        )
