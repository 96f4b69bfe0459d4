"""The bulk journal: one SQLite file that remembers, item by item, what a bulk run did.

For each (operation, namespace, item) it keeps the digest of exactly what was last sent successfully (for a
deploy: every module's name, type and bytes, and the metadata JSON), that upload's etag, and the last
outcome with its error. An outcome is committed before its item counts as done, in WAL mode with
``synchronous=NORMAL``: a process killed at any moment (SIGKILL included) loses at most the items in flight;
a power cut may also lose the last commits (the operating system had them, the disk not yet).
Standard library only (``sqlite3``); one connection, used from the event loop's thread.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from itertools import starmap
from pathlib import Path
from typing import Any

import attrs
import blake3

from wfp_async._errors import InvalidInput, WfpError
from wfp_async._multipart import OutgoingPart
from wfp_async._names import check_type

__all__ = ["Journal", "JournalEntry", "JournalError", "digest_parts"]


class JournalError(WfpError):
    """The journal file could not be read or written (disk full, file removed, locked by another run).

    A bulk run stops pulling items when it happens: ``report.stopped`` names the journal's error, and
    the item that hit it fails with it: ``except JournalError:`` around ``journal.record(...)``.
    """


_SCHEMA = """
PRAGMA journal_mode=WAL;
PRAGMA synchronous=NORMAL;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS items (
    operation TEXT NOT NULL,
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    ok INTEGER NOT NULL,          -- the last outcome: 1 succeeded, 0 failed
    digest TEXT NOT NULL,         -- what the last attempt sent
    ok_digest TEXT,               -- what the last successful attempt sent (NULL: never succeeded)
    etag TEXT,                    -- the etag the last successful upload answered
    error TEXT,                   -- the last failure, as its message (never a secret: errors carry none)
    error_kind TEXT,
    at REAL NOT NULL,             -- wall-clock time of the last outcome (seconds since the epoch)
    PRIMARY KEY (operation, namespace, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS states (
    operation TEXT NOT NULL,
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,          -- a JSON object: where a multi-step item stands (a rollout's tenant, wave)
    at REAL NOT NULL,
    PRIMARY KEY (operation, namespace, key)
) WITHOUT ROWID;
"""


def digest_parts(parts: Sequence[OutgoingPart], *, key: bytes = b"") -> str:
    """A blake3 digest of an upload's parts (name, file name, content type and bytes, each length-framed).

    ``digest_parts(bundle_parts(bundle, metadata))``; two uploads with equal digests sent the same
    bytes. ``key`` (32 bytes) keys the hash, for parts that hold a secret value.
    """
    hasher = blake3.blake3(key=key) if key else blake3.blake3()
    for name, filename, content, content_type in parts:
        for field in (name.encode(), (filename or "").encode(), content_type.encode(), content):
            hasher.update(len(field).to_bytes(8, "big"))
            hasher.update(field)
    return hasher.hexdigest()


_ENTRIES = (
    "SELECT key, ok, digest, ok_digest, etag, error, error_kind, at FROM items WHERE operation = ?"
    " AND namespace = ?"
)
_ENTRY = _ENTRIES + " AND key = ?"
_SUCCEEDED = (
    "INSERT INTO items VALUES (?, ?, ?, 1, ?, ?, ?, NULL, NULL, ?) ON CONFLICT DO UPDATE SET ok = 1,"
    " digest = excluded.digest, ok_digest = excluded.ok_digest, etag = excluded.etag, error = NULL,"
    " error_kind = NULL, at = excluded.at"
)
_FAILED = (
    "INSERT INTO items VALUES (?, ?, ?, 0, ?, NULL, NULL, ?, ?, ?) ON CONFLICT DO UPDATE SET ok = 0,"
    " digest = excluded.digest, error = excluded.error, error_kind = excluded.error_kind, at = excluded.at"
)


@attrs.frozen
class JournalEntry:
    """What the journal knows of one item: ``journal.get("acme")`` gives one (or None).

    ``ok`` is the last outcome; ``ok_digest`` and ``etag`` belong to the last success, if any.
    """

    key: str
    ok: bool = attrs.field(converter=bool)
    digest: str
    ok_digest: str | None
    etag: str | None
    error: str | None
    error_kind: str | None
    at: float


class Journal:
    """A journal file for one operation on one namespace: ``Journal("deploy.sqlite3", "deploy", "tenants")``.

    Opens (or creates) the file at once; a path that cannot hold a database raises
    :class:`~wfp_async.InvalidInput`. Close it with :meth:`close` (bulk operations do).
    """

    def __init__(self, path: str | os.PathLike[str], operation: str, namespace: str) -> None:
        check_type(path, (str, os.PathLike), "journal", "a path")
        self.path = Path(path)
        self.operation = operation
        self.namespace = namespace
        try:
            # isolation_level=None: we commit ourselves, one transaction per outcome.
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._db.executescript(_SCHEMA)
            row = self._db.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()
            if row is None:
                salt = secrets.token_bytes(32)
                self._db.execute("INSERT INTO meta VALUES ('salt', ?)", (salt,))
            else:
                salt = bytes(row[0])
        except sqlite3.Error as exc:
            raise InvalidInput(f"cannot use {str(self.path)!r} as a journal: {exc}") from None
        self.salt = salt
        """32 random bytes kept in the file: the key of digests over secret values, never the values."""

    def get(self, key: str) -> JournalEntry | None:
        """The item's last recorded outcome, or None if it was never attempted: ``journal.get("acme")``."""
        rows = self._sql("read", _ENTRY, (self.operation, self.namespace, key))
        return JournalEntry(*rows[0]) if rows else None

    def record(
        self,
        key: str,
        digest: str,
        *,
        at: float,
        etag: str | None = None,
        error: BaseException | None = None,
    ) -> None:
        """Commit one outcome (a success when ``error`` is None); on disk when this returns.

        ``journal.record("acme", digest, at=time.time(), etag=script.etag)``. Raises
        :class:`JournalError` when the file cannot be written.
        """
        if error is None:
            self._sql("write", _SUCCEEDED, (self.operation, self.namespace, key, digest, digest, etag, at))
        else:
            failure = (str(error)[:2000], type(error).__name__)
            self._sql("write", _FAILED, (self.operation, self.namespace, key, digest, *failure, at))

    def entries(self) -> Iterator[JournalEntry]:
        """Every item recorded for this operation and namespace, by key: ``list(journal.entries())``."""
        rows = self._db.execute(_ENTRIES + " ORDER BY key", (self.operation, self.namespace))
        return starmap(JournalEntry, rows)

    def record_state(self, key: str, state: Mapping[str, object], *, at: float) -> None:
        """Commit where a multi-step item stands now (a JSON object); on disk when this returns.

        ``journal.record_state("tenant/acme", {"state": "split", "percentage": 10}, at=time.time())``
        replaces what was kept under ``key``. Raises :class:`JournalError` when the file cannot be written.
        """
        self._sql(
            "write",
            "INSERT INTO states VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT DO UPDATE SET value = excluded.value, at = excluded.at",
            (self.operation, self.namespace, key, json.dumps(dict(state), sort_keys=True), at),
        )

    def states(self) -> dict[str, dict[str, object]]:
        """Every state recorded for this operation and scope, by key: ``journal.states()["wave/1"]``.

        Raises :class:`JournalError` when the file cannot be read.
        """
        query = "SELECT key, value FROM states WHERE operation = ? AND namespace = ?"
        rows = self._sql("read", query, (self.operation, self.namespace))
        try:
            return {key: json.loads(value) for key, value in rows}
        except ValueError as exc:
            raise self._error("read", exc) from None

    def scopes(self) -> list[str]:
        """Every scope (``namespace``) this operation holds states under, sorted: ``journal.scopes()``.

        Raises :class:`JournalError` when the file cannot be read.
        """
        query = "SELECT DISTINCT namespace FROM states WHERE operation = ? ORDER BY namespace"
        return [str(row[0]) for row in self._sql("read", query, (self.operation,))]

    def _sql(self, doing: str, sql: str, params: tuple[object, ...]) -> list[Any]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise self._error(doing, exc) from None

    def _error(self, doing: str, exc: Exception) -> JournalError:
        return JournalError(f"cannot {doing} the journal {str(self.path)!r}: {exc}")

    def close(self) -> None:
        """Close the file (every outcome is already committed): ``journal.close()``."""
        self._db.close()

    def __repr__(self) -> str:
        return f"Journal({str(self.path)!r}, {self.operation!r}, {self.namespace!r})"
