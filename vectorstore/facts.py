"""The facts store: SQLite in the data directory, the source of truth for reports, cells (with
provenance), findings and chunks. A report becomes visible only when its `complete` flag is set,
after every other store has it; the other stores can be rebuilt from here.

    >>> import tempfile, pathlib
    >>> store = FactsStore(pathlib.Path(tempfile.mkdtemp()) / "facts.sqlite")
    >>> store.reports()
    []
"""

from __future__ import annotations

import json
import sqlite3
import time
from decimal import Decimal
from pathlib import Path

from ingest import Report

from .chunks import Chunk

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
    embed_text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_report ON chunks(report_id);
"""


def _value_text(v) -> str | None:
    if v is None:
        return None
    return format(v, "f") if isinstance(v, Decimal) else str(v)


def parse_value(text: str | None):
    if text is None:
        return None
    return Decimal(text) if "." in text else int(text)


class FactsStore:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        # serialized SQLite (sqlite3.threadsafety == 3): one connection shared by the web app's threads
        self.db = sqlite3.connect(str(path), timeout=30, isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    # --- meta --------------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def generation(self) -> int:
        return int(self.get_meta("generation") or 0)

    def bump_generation(self) -> int:
        g = self.generation() + 1
        self.set_meta("generation", str(g))
        return g

    # --- writing -----------------------------------------------------------------------------------
    def add_reports(self, items: list[tuple[str, Report, list[Chunk]]]) -> None:
        """Write reports with their cells, findings and chunks in one transaction, not yet complete."""
        with self.db:
            self.db.execute("BEGIN")
            for rid, report, chunks in items:
                self._insert(rid, report, chunks)

    def _insert(self, rid: str, report: Report, chunks: list[Chunk]) -> None:
        sections = json.dumps([s.model_dump() | {"text": None} for s in report.sections], ensure_ascii=False)
        self.db.execute("DELETE FROM reports WHERE id=?", (rid,))
        self.db.execute(
            "INSERT INTO reports VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0,?)",
            (
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
            ),
        )
        self.db.executemany(
            "INSERT INTO cells VALUES (?,?,?,?,?,?)",
            [(rid, k, _value_text(c.value), int(c.inferred), c.source, c.raw) for k, c in report.cells.items()],
        )
        self.db.executemany(
            "INSERT INTO findings VALUES (?,?,?,?,?,?,?,?)",
            [
                (
                    rid,
                    n,
                    f.kind,
                    f.severity,
                    f.message,
                    json.dumps(f.cells, ensure_ascii=False),
                    json.dumps(f.quotes, ensure_ascii=False),
                    json.dumps(f.values, ensure_ascii=False),
                )
                for n, f in enumerate(report.findings)
            ],
        )
        self.db.executemany(
            'INSERT INTO chunks(id, report_id, section, kind, start, "end", text, embed_text) VALUES (?,?,?,?,?,?,?,?)',
            [(c.id, rid, c.section, c.kind, c.start, c.end, c.text, c.embed_text) for c in chunks],
        )

    def replace_findings(self, rid: str, kinds: tuple[str, ...], findings: list) -> None:
        """Replace a report's findings of these kinds (the ones computed across reports)."""
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute(
                f"DELETE FROM findings WHERE report_id=? AND kind IN ({','.join('?' * len(kinds))})", (rid, *kinds)
            )
            start = self.db.execute(
                "SELECT COALESCE(MAX(n), -1) + 1 FROM findings WHERE report_id=?", (rid,)
            ).fetchone()[0]
            self.db.executemany(
                "INSERT INTO findings VALUES (?,?,?,?,?,?,?,?)",
                [
                    (
                        rid,
                        start + i,
                        f.kind,
                        f.severity,
                        f.message,
                        json.dumps(f.cells, ensure_ascii=False),
                        json.dumps(f.quotes, ensure_ascii=False),
                        json.dumps(f.values, ensure_ascii=False),
                    )
                    for i, f in enumerate(findings)
                ],
            )

    def mark_complete(self, ids: list[str]) -> None:
        with self.db:
            self.db.execute("BEGIN")
            self.db.executemany("UPDATE reports SET complete=1 WHERE id=?", [(i,) for i in ids])
            self.bump_generation()

    def remove(self, rid: str) -> None:
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute("DELETE FROM reports WHERE id=?", (rid,))
            self.bump_generation()

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
        """The chunks of every complete report, streamed (a cursor, not a list)."""
        return self.db.cursor().execute(
            "SELECT c.id, c.report_id, c.section, c.kind, c.embed_text, r.body, r.town, r.county, r.year "
            "FROM chunks c JOIN reports r ON r.id = c.report_id WHERE r.complete=1"
        )

    def chunk_ids(self, rid: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM chunks WHERE report_id=?", (rid,))]
