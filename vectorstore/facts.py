"""The facts store, the source of truth for reports, cells (with provenance), findings and chunks:
SQLite in the data directory (the default), or PostgreSQL when GONGKAI_DATABASE_URL is set. A
report becomes visible only when its `complete` flag is set, after every other store has it; the
other stores can be rebuilt from here.

One code path for both: SQL is written once with `?` placeholders, and `_Db` speaks the dialect
(placeholders, strpos for instr, WAL pragmas and a shared connection on SQLite, a connection per
thread on PostgreSQL).

    >>> import tempfile, pathlib
    >>> store = FactsStore(pathlib.Path(tempfile.mkdtemp()) / "facts.sqlite")
    >>> store.reports()
    []
    >>> is_database_url("postgresql://gk@db.example/gongkai"), redact("postgresql://gk:secret@db/gk")
    (True, 'postgresql://gk:***@db/gk')
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import numpy as np

from ingest import Report

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reports (
    id TEXT PRIMARY KEY, file TEXT NOT NULL, name TEXT NOT NULL, sha256 TEXT NOT NULL, format TEXT,
    body TEXT, town TEXT, county TEXT, city TEXT, level TEXT, year INTEGER, template TEXT, title TEXT,
    is_complete_report INTEGER NOT NULL DEFAULT 1, text TEXT NOT NULL, sections TEXT NOT NULL,
    complete INTEGER NOT NULL DEFAULT 0, ingested_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS reports_file ON reports(file);
CREATE INDEX IF NOT EXISTS reports_name ON reports(name);
CREATE INDEX IF NOT EXISTS reports_sha ON reports(sha256);
CREATE INDEX IF NOT EXISTS reports_body_year ON reports(body, year);
CREATE TABLE IF NOT EXISTS cells (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE, key TEXT NOT NULL,
    value TEXT, inferred INTEGER NOT NULL DEFAULT 0, source TEXT, raw TEXT,
    PRIMARY KEY (report_id, key)
);
CREATE INDEX IF NOT EXISTS cells_key ON cells(key);
CREATE TABLE IF NOT EXISTS findings (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE, n INTEGER NOT NULL,
    kind TEXT NOT NULL, severity TEXT NOT NULL, message TEXT NOT NULL, cells TEXT, quotes TEXT, vals TEXT,
    PRIMARY KEY (report_id, n)
);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY, report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    section TEXT NOT NULL, kind TEXT NOT NULL, start INTEGER, "end" INTEGER, text TEXT NOT NULL,
    embed_text TEXT NOT NULL, tokens TEXT
);
CREATE INDEX IF NOT EXISTS chunks_report ON chunks(report_id);
CREATE TABLE IF NOT EXISTS embed_cache (
    model TEXT NOT NULL, hash TEXT NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (model, hash)
);
"""
ADDED_COLUMN = "tokens TEXT"  # chunks' lexical tokens, space-separated (null: tokenised when the index is built)
SCHEMA_LOCK = 0x676B5F736368656D  # advisory lock key: processes creating the schema at once take turns


def is_database_url(target) -> bool:
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def redact(url: str) -> str:
    """A database URL fit to print: the password hidden."""
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", url)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@lru_cache(maxsize=512)
def _pg_sql(sql: str) -> str:
    """SQLite's SQL as PostgreSQL reads it: %s placeholders, strpos for instr (same arguments, and
    both count characters from 1)."""
    return sql.replace("%", "%%").replace("?", "%s").replace("instr(", "strpos(")


def _pg_arg(a):
    # PostgreSQL text cannot hold NUL; U+FFFD is one character too, so offsets into the text hold
    return a.replace("\x00", "\ufffd") if isinstance(a, str) and "\x00" in a else a


class Row(tuple):
    """A PostgreSQL row read like sqlite3.Row: by position, by column name, and as dict(row)."""

    def __new__(cls, values, index: dict[str, int]):
        row = super().__new__(cls, values)
        row._index = index
        return row

    def __getitem__(self, k):
        return tuple.__getitem__(self, self._index[k] if isinstance(k, str) else k)

    def keys(self):
        return list(self._index)


def _row_factory(cursor):
    index = {c.name: i for i, c in enumerate(cursor.description or ())}
    return lambda values: Row(values, index)


class _Db:
    """One facts database, SQLite or PostgreSQL, queried with SQLite's SQL (see _pg_sql).

    SQLite: one serialized connection shared by every thread (sqlite3.threadsafety == 3), WAL.
    PostgreSQL: psycopg 3, a connection per thread (a writer's open transaction is never shared
    with a reader's statements), autocommit outside `transaction()`."""

    def __init__(self, target: Path | str):
        self.postgres = is_database_url(target)
        self.target = target
        if self.postgres:
            import psycopg

            self._psycopg = psycopg
            self._local = threading.local()
            self._all: list = []
            self._all_lock = threading.Lock()
            with self._conn().transaction():
                self.execute("SELECT pg_advisory_xact_lock(?)", (SCHEMA_LOCK,))
                for stmt in SCHEMA.split(";"):
                    if stmt.strip():
                        self._conn().execute(stmt.replace(" REAL ", " DOUBLE PRECISION ").replace("BLOB", "BYTEA"))
                self.execute(f"ALTER TABLE chunks ADD COLUMN IF NOT EXISTS {ADDED_COLUMN}")
        else:
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            self.sqlite = sqlite3.connect(str(target), timeout=30, isolation_level=None, check_same_thread=False)
            self.sqlite.row_factory = sqlite3.Row
            self.sqlite.execute("PRAGMA journal_mode=WAL")
            self.sqlite.execute("PRAGMA foreign_keys=ON")
            self.sqlite.execute("PRAGMA synchronous=NORMAL")
            self.sqlite.executescript(SCHEMA)
            if "tokens" not in {r[1] for r in self.sqlite.execute("PRAGMA table_info(chunks)")}:
                self.sqlite.execute(f"ALTER TABLE chunks ADD COLUMN {ADDED_COLUMN}")  # a library of an older version

    def _conn(self):
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.closed:
            conn = self._psycopg.connect(self.target, autocommit=True, row_factory=_row_factory)
            self._local.conn = conn
            with self._all_lock:
                self._all.append(conn)
        return conn

    def execute(self, sql: str, args=()):
        """A cursor over the result (iterate it, or fetchone / fetchall)."""
        if self.postgres:
            return self._conn().execute(_pg_sql(sql), tuple(map(_pg_arg, args)))
        return self.sqlite.execute(sql, args)

    def executemany(self, sql: str, rows) -> None:
        if self.postgres:
            with self._conn().cursor() as cur:
                cur.executemany(_pg_sql(sql), [tuple(map(_pg_arg, r)) for r in rows])
        else:
            self.sqlite.executemany(sql, rows)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Statements of this thread inside the block commit together (or not at all)."""
        if self.postgres:
            with self._conn().transaction():
                yield
        else:
            with self.sqlite:
                self.sqlite.execute("BEGIN")
                yield

    def stream(self, sql: str, args=()):
        """Rows one at a time, from one snapshot, without holding them all in memory."""
        if not self.postgres:
            yield from self.sqlite.cursor().execute(sql, args)
            return
        # a connection and transaction of its own, read through a server-side cursor
        with (
            self._psycopg.connect(self.target, row_factory=_row_factory) as conn,
            conn.cursor(name="gongkai_stream") as cur,
        ):
            cur.itersize = 2000
            cur.execute(_pg_sql(sql), args)
            yield from cur

    def close(self) -> None:
        if self.postgres:
            with self._all_lock:
                for conn in self._all:
                    conn.close()
                self._all.clear()
        else:
            self.sqlite.close()


def _value_text(v) -> str | None:
    if v is None:
        return None
    return format(v, "f") if isinstance(v, Decimal) else str(v)


def parse_value(text: str | None):
    if text is None:
        return None
    return Decimal(text) if "." in text else int(text)


def _finding_rows(rid: str, findings, start: int = 0) -> list[tuple]:
    return [
        (
            rid,
            start + n,
            f.kind,
            f.severity,
            f.message,
            json.dumps(f.cells, ensure_ascii=False),
            json.dumps(f.quotes, ensure_ascii=False),
            json.dumps(f.values, ensure_ascii=False),
        )
        for n, f in enumerate(findings)
    ]


class FactsStore:
    """target: a SQLite file's path, or a postgresql:// URL."""

    def __init__(self, target: Path | str):
        self.target = target if is_database_url(target) else Path(target)
        self.path = self.target  # the SQLite file (kept for callers that name it so)
        self.db = _Db(self.target)

    @property
    def postgres(self) -> bool:
        return self.db.postgres

    def describe(self) -> str:
        """Where the facts live, fit to print (a URL's password hidden)."""
        return redact(self.target) if self.postgres else str(self.target)

    def close(self) -> None:
        self.db.close()

    # --- meta --------------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
            (key, value),
        )

    def generation(self) -> int:
        return int(self.get_meta("generation") or 0)

    def bump_generation(self) -> int:
        self.db.execute(
            "INSERT INTO meta(key, value) VALUES ('generation', '1') "
            "ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(meta.value AS BIGINT) + 1 AS TEXT)"
        )
        return self.generation()

    # --- writing -----------------------------------------------------------------------------------
    def add_reports(self, items: list[tuple]) -> None:
        """Write reports with their cells, findings and chunks in one transaction, not yet complete.
        items: (id, Report, chunks) or (id, Report, chunks, each chunk's lexical tokens joined by spaces)."""
        with self.db.transaction():
            self.db.executemany("DELETE FROM reports WHERE id=?", [(it[0],) for it in items])
            self.db.executemany(
                "INSERT INTO reports VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0,?)",
                [self._report_row(it[0], it[1]) for it in items],
            )
            self.db.executemany(
                "INSERT INTO cells VALUES (?,?,?,?,?,?)",
                [
                    (rid, k, _value_text(c.value), int(c.inferred), c.source, c.raw)
                    for rid, report, *_ in items
                    for k, c in report.cells.items()
                ],
            )
            self.db.executemany(
                "INSERT INTO findings VALUES (?,?,?,?,?,?,?,?)",
                [row for rid, report, *_ in items for row in _finding_rows(rid, report.findings)],
            )
            rows = []
            for rid, _, chunks, *rest in items:
                toks = rest[0] if rest else [None] * len(chunks)
                rows += [
                    (c.id, rid, c.section, c.kind, c.start, c.end, c.text, c.embed_text, t)
                    for c, t in zip(chunks, toks, strict=True)
                ]
            self.db.executemany(
                'INSERT INTO chunks(id, report_id, section, kind, start, "end", text, embed_text, tokens) '
                "VALUES (?,?,?,?,?,?,?,?,?)",
                rows,
            )

    @staticmethod
    def _report_row(rid: str, report: Report) -> tuple:
        sections = json.dumps([s.model_dump() | {"text": None} for s in report.sections], ensure_ascii=False)
        return (
            rid,
            report.file,
            Path(report.file).name,
            report.sha256,
            report.format,
            report.body,
            report.town,
            report.county,
            report.city,
            report.level,
            report.year,
            report.template,
            report.title,
            int(report.complete),
            report.text,
            sections,
            time.time(),
        )

    def replace_findings(self, rid: str, kinds: tuple[str, ...], findings: list) -> None:
        """Replace a report's findings of these kinds (the ones computed across reports)."""
        with self.db.transaction():
            self.db.execute(
                f"DELETE FROM findings WHERE report_id=? AND kind IN ({','.join('?' * len(kinds))})", (rid, *kinds)
            )
            start = self.db.execute(
                "SELECT COALESCE(MAX(n), -1) + 1 FROM findings WHERE report_id=?", (rid,)
            ).fetchone()[0]
            self.db.executemany("INSERT INTO findings VALUES (?,?,?,?,?,?,?,?)", _finding_rows(rid, findings, start))

    def fill_cells(self, rid: str, values: dict[str, int], finding) -> list[str]:
        """Fill cells that were unknown (never a printed one), marked inferred; the finding that said
        they were unknown gives way to the one that says how they were pinned. Returns the keys filled."""
        with self.db.transaction():
            filled = [
                k
                for k, v in values.items()
                if self.db.execute(
                    "UPDATE cells SET value=?, inferred=1 WHERE report_id=? AND key=? AND value IS NULL",
                    (str(v), rid, k),
                ).rowcount
            ]
            if filled:
                self.db.execute(
                    "DELETE FROM findings WHERE report_id=? AND kind='cell_missing' AND cells=?",
                    (rid, json.dumps(list(values), ensure_ascii=False)),
                )
                start = self.db.execute(
                    "SELECT COALESCE(MAX(n), -1) + 1 FROM findings WHERE report_id=?", (rid,)
                ).fetchone()[0]
                self.db.executemany(
                    "INSERT INTO findings VALUES (?,?,?,?,?,?,?,?)", _finding_rows(rid, [finding], start)
                )
        return filled

    def mark_complete(self, ids: list[str]) -> None:
        with self.db.transaction():
            self.db.executemany("UPDATE reports SET complete=1 WHERE id=?", [(i,) for i in ids])
            self.bump_generation()

    def remove(self, rid: str) -> None:
        with self.db.transaction():
            self.db.execute("DELETE FROM reports WHERE id=?", (rid,))
            self.bump_generation()

    # --- embeddings cache: each distinct text embedded once per model, whichever report it is in ---
    def cached_vectors(self, model: str, hashes: list[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for a in range(0, len(hashes), 500):
            part = hashes[a : a + 500]
            rows = self.db.execute(
                f"SELECT hash, vector FROM embed_cache WHERE model=? AND hash IN ({','.join('?' * len(part))})",
                (model, *part),
            )
            out.update({h: np.frombuffer(bytes(v), dtype=np.float32) for h, v in rows})
        return out

    def cache_vectors(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        """Content-addressed, so never wrong and never removed: two writers adding one text agree."""
        if vectors:
            self.db.executemany(
                "INSERT INTO embed_cache(model, hash, vector) VALUES (?,?,?) ON CONFLICT(model, hash) DO NOTHING",
                [(model, h, np.asarray(v, dtype=np.float32).tobytes()) for h, v in vectors.items()],
            )

    # --- reading -----------------------------------------------------------------------------------
    def incomplete_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM reports WHERE complete=0")]

    def reports(self, **where) -> list[dict]:
        sql = "SELECT id, file, name, sha256, format, body, town, county, city, level, year, template, title, is_complete_report, ingested_at FROM reports WHERE complete=1"
        args: list = []
        for k, v in where.items():
            sql += f" AND {k}=?"
            args.append(v)
        return [dict(r) for r in self.db.execute(sql + " ORDER BY body, year", args)]

    def report_by_file(self, file: str) -> dict | None:
        rows = self.reports(file=file) or self.reports(name=Path(file).name)
        return rows[0] if rows else None

    def report_by_sha(self, sha: str) -> dict | None:
        rows = self.reports(sha256=sha)
        return rows[0] if rows else None

    def report_by_body_year(self, body: str | None, year: int | None) -> dict | None:
        if not body or year is None:
            return None
        rows = self.reports(body=body, year=year)
        return rows[0] if rows else None

    def years(self, **where) -> list[int | None]:
        """The years of complete reports whose columns (town, body) hold one of the listed values."""
        conds, args = [], []
        for k, vals in where.items():
            conds.append(f"{k} IN ({','.join('?' * len(vals))})")
            args += list(vals)
        sql = "SELECT DISTINCT year FROM reports WHERE complete=1" + "".join(f" AND {c}" for c in conds)
        return [r[0] for r in self.db.execute(sql, args)]

    # --- reads the bot's typed queries compile to ----------------------------------------------------
    def cell_values(self, ids: list[str], keys: list[str]) -> dict[tuple[str, str], int | Decimal | None]:
        """(report, key) → value for every listed report and key (absent or not printed: None)."""
        out: dict[tuple[str, str], int | Decimal | None] = {}
        for chunk in range(0, len(ids), 500):
            part = ids[chunk : chunk + 500]
            rows = self.db.execute(
                f"SELECT report_id, key, value FROM cells WHERE report_id IN ({','.join('?' * len(part))}) "
                f"AND key IN ({','.join('?' * len(keys))})",
                [*part, *keys],
            )
            out.update({(rid, key): parse_value(value) for rid, key, value in rows})
        return out

    def cell_raws(self, rid: str, keys: tuple[str, ...]) -> list[str]:
        """The printed text of the rows these cells were read from."""
        rows = self.db.execute(
            f"SELECT raw FROM cells WHERE report_id=? AND key IN ({','.join('?' * len(keys))})", (rid, *keys)
        )
        return [r[0] for r in rows if r[0]]

    def finding_cells(self, ids: list[str], kind: str) -> set[tuple[str, str]]:
        """(report, cell) pairs that findings of one kind are about."""
        out: set[tuple[str, str]] = set()
        for chunk in range(0, len(ids), 500):
            part = ids[chunk : chunk + 500]
            rows = self.db.execute(
                f"SELECT report_id, cells FROM findings WHERE kind=? AND report_id IN ({','.join('?' * len(part))})",
                [kind, *part],
            )
            out |= {(rid, k) for rid, cells in rows for k in json.loads(cells or "[]")}
        return out

    def texts_containing(self, ids: list[str], phrase: str) -> list[tuple[str, int]]:
        """(report, offset of the first occurrence) for every listed report whose text says the phrase."""
        found: list[tuple[str, int]] = []
        for chunk in range(0, len(ids), 500):
            part = ids[chunk : chunk + 500]
            rows = self.db.execute(
                f"SELECT id, instr(text, ?) FROM reports WHERE id IN ({','.join('?' * len(part))}) AND instr(text, ?) > 0",
                [phrase, *part, phrase],
            )
            found += [(rid, at - 1) for rid, at in rows]
        return found

    def known_cells(self, rid: str) -> int:
        """How many of a report's cells were read (not null)."""
        return self.db.execute("SELECT count(*) FROM cells WHERE report_id=? AND value IS NOT NULL", (rid,)).fetchone()[
            0
        ]

    def report_text(self, rid: str) -> str:
        row = self.db.execute("SELECT text FROM reports WHERE id=?", (rid,)).fetchone()
        return row[0] if row else ""

    def sections(self, rid: str) -> list[dict]:
        """The report's sections: key, title, start, end (offsets into its text)."""
        row = self.db.execute("SELECT sections FROM reports WHERE id=?", (rid,)).fetchone()
        return json.loads(row[0]) if row else []

    def cells(self, rid: str) -> dict[str, dict]:
        return {
            r["key"]: {"value": parse_value(r["value"]), "inferred": bool(r["inferred"]), "source": r["source"]}
            for r in self.db.execute("SELECT key, value, inferred, source FROM cells WHERE report_id=?", (rid,))
        }

    def findings(self, rid: str) -> list[dict]:
        return [
            {
                "kind": r["kind"],
                "severity": r["severity"],
                "message": r["message"],
                "cells": json.loads(r["cells"]),
                "quotes": json.loads(r["quotes"]),
            }
            for r in self.db.execute("SELECT * FROM findings WHERE report_id=? ORDER BY n", (rid,))
        ]

    def complete_chunks(self):
        """The chunks of every complete report, streamed (not a list)."""
        return self.db.stream(
            "SELECT c.id, c.report_id, c.section, c.kind, c.embed_text, c.tokens, r.body, r.town, r.county, r.year "
            "FROM chunks c JOIN reports r ON r.id = c.report_id WHERE r.complete=1"
        )

    def chunk_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM chunks").fetchone()[0]

    def chunks_by_id(self, ids: list[str]) -> dict[str, dict]:
        """Complete reports' chunks, with their report's file, body, town and year."""
        out: dict[str, dict] = {}
        for a in range(0, len(ids), 500):
            part = ids[a : a + 500]
            rows = self.db.execute(
                'SELECT c.id, c.report_id, c.section, c.kind, c.start, c."end", c.text, r.file, r.body, r.town, r.year '
                "FROM chunks c JOIN reports r ON r.id=c.report_id "
                f"WHERE r.complete=1 AND c.id IN ({','.join('?' * len(part))})",
                part,
            )
            out.update({r["id"]: dict(r) for r in rows})
        return out

    def chunk_ids(self, rid: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM chunks WHERE report_id=?", (rid,))]
