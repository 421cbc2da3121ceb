"""The library: one ingest over three stores (facts, vectors, lexical), and hybrid search.

Per file: hash → skip if known → parse → chunks → embed → facts store (not yet complete) → Chroma →
mark complete. A report without the mark is invisible, so a crash or kill never leaves a
half-indexed report.

Throughput: a big ingest parses, chunks and tokenises in a pool of processes (one per core) while
this process embeds and writes; each distinct passage is embedded once (a content-hash cache in the
facts store, shared across reports and years; passages are embedded without the year, so a
paragraph printed again the next year hits it). Printed table rows get vectors too, composed: the
row's meaning without its numbers (one text for the whole library) plus who and which year (one
short text per report), summed (chunks.row_parts). That embeds 0.43× the tokens of a sentence per
row, with hybrid recall on the eval questions as good or better; with no row vectors at all
(GONGKAI_DENSE_TABLES=0) recall@1 fell from 0.856 to 0.788. The seconds each stage took are in
`last_ingest`.

One writer at a time per library, across processes: ingest and remove hold the writer lock (an
flock on writer.lock in the data directory, dropped by the kernel when its holder dies; with the
facts store on PostgreSQL, a session-level advisory lock there, dropped when its connection ends).
Only a holder of that lock removes unmarked reports (a dead writer's leftovers): a reader never
does, so opening the library while another process ingests cannot delete that ingest's reports.

Every process notices other processes' writes through the facts store's generation (bumped by
each commit): the lexical index is rebuilt or reloaded, and the vector store reopened, when it moved.

    >>> import tempfile
    >>> lib = Library(Settings(data_dir=tempfile.mkdtemp(), embeddings="none"))
    >>> [r.status for r in lib.ingest(["data/reports/004_9c54c256ccc794aa.txt"])]
    ['added']
    >>> lib.search("镇罗镇 行政处罚", k=1)[0].body
    '中卫市沙坡头区镇罗镇人民政府'
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ingest import IngestError, parse_file
from ingest.load import read_report

from .chunks import chunk_report, report_id
from .embeddings import GongkaiEmbeddings, make_embeddings
from .facts import FactsStore, is_database_url, redact, text_hash
from .lexical import LexicalIndex, index_tokens
from .settings import Settings

FILTER_KEYS = ("year", "town", "county", "body", "section", "kind")
SUBPROCESS_BUILD_AT = 50_000  # chunks; about 1,200 reports
POOL_AT = 40  # files: fewer are parsed in this process (starting parsing processes takes seconds)


def _parse_job(path: str, data: bytes):
    """Parse, chunk and tokenise one file (in a parsing process, or in this one): ("ok", report,
    chunks, each chunk's lexical tokens, (parse, chunk, tokenise seconds)) or ("error", reason)."""
    t0 = time.perf_counter()
    try:
        report = parse_file(Path(path), data)
    except IngestError as e:
        return ("error", e.reason)
    except Exception as e:  # a parser bug must not stop the batch
        return ("error", f"解析出错（{type(e).__name__}: {e}）")
    t1 = time.perf_counter()
    chunks = chunk_report(report)
    t2 = time.perf_counter()
    toks = [" ".join(index_tokens(c.embed_text)) for c in chunks]
    return ("ok", report, chunks, toks, (t1 - t0, t2 - t1, time.perf_counter() - t2))


@dataclass
class IngestStats:
    """What one ingest did and where its time went (seconds). parse/chunk/tokenise add up the parsing
    processes' time, so with several they can exceed the wall time."""

    files: int = 0
    reports: int = 0  # added or replaced
    chunks: int = 0
    dense: int = 0  # chunks given vectors
    embedded: int = 0  # distinct texts the model embedded
    cached: int = 0  # distinct texts whose vectors came from the cache
    workers: int = 1  # parsing processes (1: this one)
    read_s: float = 0.0
    parse_s: float = 0.0
    chunk_s: float = 0.0
    tokenize_s: float = 0.0
    embed_s: float = 0.0
    write_s: float = 0.0  # facts store, vector store, findings across years
    index_s: float = 0.0  # the lexical index
    wall_s: float = 0.0
    extra: dict = field(default_factory=dict)

    def per_second(self) -> float:
        return self.files / self.wall_s if self.wall_s else 0.0


def _build_lexical(target: str, folder: str, generation: int) -> None:
    facts = FactsStore(target)
    try:
        LexicalIndex(Path(folder)).build(facts.complete_chunks(), generation)
    finally:
        facts.close()


RRF_K = 60
# "平潭2025年…", "22年一共罚了多少起": a year the query names, 2000–2099 written in full or as two
# digits before 年 (a soft filter: that year's passages rank as if a third list put them first)
_YEAR_NAMED = re.compile(r"(?<!\d)(20\d{2})(?!\d)|(?<![\d.])(\d{2})\s*年(?!代|度?\d)")


_YEAR_RANGE = re.compile(r"(?<!\d)(20\d{2})\s*年?\s*(?:—|–|－|-|~|～|到|至)\s*(20\d{2}|\d{2})(?!\d)")


def years_named(query: str) -> set[int]:
    """The years a query names.

    >>> sorted(years_named("平潭实验区22年一共罚了多少起？2025年呢")), sorted(years_named("2019到2022年"))
    ([2022, 2025], [2019, 2020, 2021, 2022])
    >>> years_named("近3年") == years_named("12.5年") == set()
    True
    """
    out = set()
    for m in _YEAR_RANGE.finditer(query):  # "2021—2025年", "2019到2025年": the years between too
        a, b = int(m.group(1)), int(m.group(2))
        b = b if b > 99 else 2000 + b
        if a < b <= a + 30:
            out.update(range(a, b + 1))
    for m in _YEAR_NAMED.finditer(query):
        y = int(m.group(1)) if m.group(1) else 2000 + int(m.group(2))
        if m.group(1) or 2010 <= y <= 2039:
            out.add(y)
    return out


class WriterLock:
    """One writer per library: an exclusive flock on a file in the data directory. The kernel
    releases it when the holder's process ends, even by SIGKILL, so a crashed ingest never blocks
    the next one. Re-entrant in a thread; threads of one process also take turns (an flock belongs
    to the open file, so it alone would not keep two threads of the same process apart)."""

    def __init__(self, path: Path):
        self.path = path
        self.threads = threading.RLock()
        self.depth = 0
        self._fd: int | None = None

    def acquire(self, blocking: bool = True, on_wait: Callable[[], None] | None = None) -> bool:
        """Take the lock; when another writer holds it, call on_wait once and wait (or return False)."""
        if not self.threads.acquire(blocking=False):
            if not blocking:
                return False
            if on_wait:
                on_wait()
                on_wait = None
            self.threads.acquire()
        if self.depth == 0:
            try:
                taken = self._take(blocking, on_wait)
            except BaseException:
                self.threads.release()
                raise
            if not taken:
                self.threads.release()
                return False
        self.depth += 1
        return True

    def release(self) -> None:
        self.depth -= 1
        if self.depth == 0:
            self._drop()
        self.threads.release()

    def _take(self, blocking: bool, on_wait: Callable[[], None] | None) -> bool:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not blocking:
                    os.close(fd)
                    return False
                if on_wait:
                    on_wait()
                fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return True

    def _drop(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the last descriptor drops the flock
            self._fd = None


class AdvisoryWriterLock(WriterLock):
    """The writer lock of a library whose facts live on PostgreSQL (its writers may run on several
    machines): a session-level advisory lock held on a connection of its own. The server releases it
    when that connection ends: closed, or its process killed (the socket closes); TCP keepalives
    find a vanished host."""

    KEY = 0x676F6E676B6169  # "gongkai"; one library per database

    def __init__(self, url: str):
        super().__init__(Path(os.devnull))
        self.url = url
        self._conn = None

    def _take(self, blocking: bool, on_wait: Callable[[], None] | None) -> bool:
        import psycopg

        conn = psycopg.connect(
            self.url, autocommit=True, keepalives=1, keepalives_idle=30, keepalives_interval=10, keepalives_count=3
        )
        try:
            conn.execute("SET tcp_keepalives_idle = 30")  # the server side, for a writer whose host vanished
            conn.execute("SET tcp_keepalives_interval = 10")
            conn.execute("SET tcp_keepalives_count = 3")
            if not conn.execute("SELECT pg_try_advisory_lock(%s)", (self.KEY,)).fetchone()[0]:
                if not blocking:
                    conn.close()
                    return False
                if on_wait:
                    on_wait()
                conn.execute("SELECT pg_advisory_lock(%s)", (self.KEY,))
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        return True

    def _drop(self) -> None:
        if self._conn is not None:
            self._conn.close()  # ending the session releases the lock
            self._conn = None


class LibraryError(Exception):
    """A library that cannot be used as configured (the message says what to do)."""


@dataclass(frozen=True)
class IngestResult:
    file: str
    status: str  # added, replaced, unchanged, duplicate, error
    message: str = ""
    report_id: str | None = None
    duplicate_of: str | None = None


@dataclass(frozen=True)
class _ReportView:
    """Just enough of a stored Report for ingest.across: year, cell values, sections."""

    year: int
    cells: dict
    sections: tuple

    def value(self, key: str):
        return self.cells.get(key, {}).get("value")

    def section(self, key: str):
        return next((s for s in self.sections if s.key == key), None)


@dataclass(frozen=True)
class _Prepared:
    rid: str
    report: object
    chunks: list
    tokens: list  # each chunk's lexical tokens, space-separated
    old_id: str | None
    note: str = ""
    displaces: str | None = None  # a report of the same batch this one reads better than


def known_cells(report) -> int:
    """How many cells a parse read: of two copies of one report (a page saved as .txt and as .html),
    the library keeps the one that reads more."""
    return sum(1 for c in report.cells.values() if c.value is not None)


@dataclass(frozen=True)
class Hit:
    chunk_id: str
    report_id: str
    file: str
    body: str
    town: str
    year: int
    section: str
    kind: str
    text: str
    start: int
    end: int
    score: float
    dense_rank: int | None = None
    lexical_rank: int | None = None


def _summed(vectors: list) -> np.ndarray:
    """One vector, or the normalised sum of a chunk's parts' vectors."""
    if len(vectors) == 1:
        return vectors[0]
    v = np.sum(np.asarray(vectors, dtype=np.float32), axis=0)
    return v / (np.linalg.norm(v) or 1.0)


class Library:
    def __init__(self, settings: Settings | None = None, embeddings: GongkaiEmbeddings | None = None):
        self.settings = settings or Settings()
        self.dir = Path(self.settings.data_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        target = self.settings.facts_target()
        if isinstance(target, str) and not is_database_url(target):
            raise LibraryError(
                f"GONGKAI_DATABASE_URL 应形如 postgresql://用户:密码@主机:端口/数据库名，当前为“{redact(target)}”"
            )
        try:
            self.facts = FactsStore(target)
        except Exception as e:
            if not is_database_url(target) or type(e).__module__.split(".")[0] != "psycopg":
                raise
            raise LibraryError(
                f"无法连接事实库 {redact(target)}：{str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__}"
            ) from e
        recorded = self.facts.get_meta("embeddings")
        spec = self.settings.embeddings
        if recorded and "embeddings" not in self.settings.model_fields_set:
            spec = recorded  # nothing chosen: use what the library was built with
        self.embeddings = embeddings or make_embeddings(spec, self.settings.device)
        if recorded is not None and recorded != self.embeddings.name and self.facts.reports():
            raise LibraryError(
                f"资料库（{self.dir}）是用嵌入模型“{recorded}”建立的，当前设置为“{self.embeddings.name}”。"
                f"请改用 GONGKAI_EMBEDDINGS={recorded}，或换一个 --data-dir 重新导入。"
            )
        self._dense = None
        self._dense_lock = threading.Lock()
        self.lexical = LexicalIndex(self.dir / "lexical")
        self._lexical_lock = threading.Lock()
        self._writer = AdvisoryWriterLock(target) if self.facts.postgres else WriterLock(self.dir / "writer.lock")
        self._generation = self.facts.generation()  # what the open stores reflect
        self.last_ingest = IngestStats()
        if self._writer.acquire(blocking=False):  # no writer alive: leftovers of a dead one can go
            try:
                self._repair()
            finally:
                self._end_write()

    # --- stores -----------------------------------------------------------------------------------
    @property
    def dense(self):
        if self._dense is None and self.embeddings.enabled:
            from .dense import DenseStore

            with self._dense_lock:  # opened once, whichever thread asks first
                if self._dense is None:
                    gen = self.facts.generation()  # read first: the store holds at least this
                    self._dense = DenseStore(
                        self.dir, self.settings.chroma_url, self.embeddings.name, self.embeddings.dim
                    )
                    self._generation = gen
        return self._dense

    def generation(self) -> int:
        """The library's generation: it moves with every committed write, by any process. Cheap
        (one read of the facts store), so a long-running process polls it to know when to refresh its caches."""
        return self.facts.generation()

    @contextmanager
    def writing(self, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
        """Hold the writer lock for a write. Waits while another writer holds it (on_wait is called
        once first, to say so). The outermost holder first catches up with other processes' writes
        and removes what a dead writer left half-written: nobody else is writing now."""
        self._writer.acquire(on_wait=on_wait)
        try:
            if self._writer.depth == 1:
                self._catch_up()
                self._repair()
            yield
        finally:
            self._end_write()

    def _end_write(self) -> None:
        if self._writer.depth == 1:
            self._generation = self.facts.generation()  # our own writes: the open stores hold them
        self._writer.release()

    def _catch_up(self) -> None:
        """Reopen the vector store when another process wrote since it was opened (the lexical
        index checks the generation itself). Call with the writer lock's thread lock held."""
        gen = self.facts.generation()
        if gen != self._generation:
            if self._dense is not None:
                self._dense = self._dense.reopened()
            self._generation = gen

    def sync(self) -> None:
        """See other processes' writes (searching does this itself). Skipped while a thread of this
        process writes: then no other process can, and the stores are this process's own."""
        if self._dense is None or self.facts.generation() == self._generation:
            return
        if self._writer.threads.acquire(blocking=False):
            try:
                if self._writer.depth == 0:
                    self._catch_up()
            finally:
                self._writer.threads.release()

    def repair(self) -> list[str]:
        """Remove what an interrupted ingest left half-written; waits for a running writer."""
        with self.writing():
            return self._repair()

    def _repair(self) -> list[str]:
        """Reports never marked complete: only a dead writer leaves them, once we hold the lock."""
        broken = self.facts.incomplete_ids()
        for rid in broken:
            if self.dense is not None:
                self.dense.delete_report(rid)
            self.facts.remove(rid)
        return broken

    def close(self) -> None:
        self.facts.close()

    # --- ingest -----------------------------------------------------------------------------------
    def ingest(
        self,
        paths: Iterable[str | Path],
        progress: Callable[[IngestResult], None] | None = None,
        batch: int = 32,
        on_wait: Callable[[], None] | None = None,
    ) -> list[IngestResult]:
        """Ingest files; reports are written in batches, each report marked complete only after
        every store holds it (a kill mid-batch leaves reports the next writer removes).

        The whole call holds the writer lock (on_wait is called if it must wait for another
        writer): unchanged and duplicate files are judged against the library as committed, so
        two ingests of the same content at once keep it once and both say truly what they did."""
        t0 = time.perf_counter()
        paths = [Path(p) for p in paths]
        stats = IngestStats(files=len(paths))
        with self.writing(on_wait):
            results = self._ingest(paths, progress, batch, stats)
        t1 = time.perf_counter()
        self.refresh_lexical()
        stats.index_s = time.perf_counter() - t1
        stats.wall_s = time.perf_counter() - t0
        self.last_ingest = stats
        return results

    def _workers(self, files: int) -> int:
        n = self.settings.ingest_workers or min(os.cpu_count() or 1, 8)
        return n if n > 1 and files >= POOL_AT else 1

    def _read_ahead(self, paths: list[Path], stats: IngestStats) -> Iterator[tuple[int, Path, object]]:
        """(n, path, IngestResult or (sha, parse)) in input order, where parse() gives _parse_job's
        result. With a pool, files ahead of the one being judged are already being parsed."""
        workers = stats.workers = self._workers(len(paths))
        pool = None
        if workers > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
        ahead: deque = deque()
        todo = iter(enumerate(paths))
        try:
            while True:
                while len(ahead) < (4 * workers if pool else 1) and (nxt := next(todo, None)) is not None:
                    ahead.append((nxt[0], nxt[1], self._read(nxt[1], stats, pool)))
                if not ahead:
                    return
                yield ahead.popleft()
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)

    def _read(self, path: Path, stats: IngestStats, pool) -> IngestResult | tuple:
        t0 = time.perf_counter()
        try:
            data = read_report(path)  # checks size and kind before reading
        except IngestError as e:
            return IngestResult(str(path), "error", e.reason)
        except OSError as e:
            return IngestResult(str(path), "error", f"无法读取文件：{e.strerror}")
        finally:
            stats.read_s += time.perf_counter() - t0
        sha = hashlib.sha256(data).hexdigest()
        if pool is None or self.facts.report_by_sha(sha):  # known content is rarely parsed at all
            return sha, lambda: _parse_job(str(path), data)
        job = pool.submit(_parse_job, str(path), data)

        def parse():
            try:
                return job.result()
            except BrokenProcessPool:  # e.g. a script without `if __name__ == "__main__"` cannot spawn
                return _parse_job(str(path), data)

        return sha, parse

    def _ingest(self, paths: list[Path], progress, batch, stats: IngestStats) -> list[IngestResult]:
        results: dict[int, IngestResult] = {}
        pending: list[_Prepared] = []
        order: list[int] = []

        def flush():
            for n, item in zip(order, self._commit(pending, stats), strict=True):
                results[n] = item
                if progress:
                    progress(item)
            pending.clear()
            order.clear()

        for n, p, got in self._read_ahead(paths, stats):
            r = self._prepare(p, got, pending, stats)
            if isinstance(r, _Prepared) and r.displaces:
                i = next(i for i, x in enumerate(pending) if x.rid == r.displaces)
                gone, n_gone = pending.pop(i), order.pop(i)
                results[n_gone] = IngestResult(
                    gone.report.file,
                    "duplicate",
                    f"与 {Path(r.report.file).name} 是同一份报告；后者读出的单元格更多，保留后者",
                    r.rid,
                    r.report.file,
                )
                if progress:
                    progress(results[n_gone])
            if isinstance(r, _Prepared):
                pending.append(r)
                order.append(n)
                if len(pending) >= batch:
                    flush()
            else:
                results[n] = r
                if progress:
                    progress(r)
        flush()
        return [results[n] for n in sorted(results)]

    def ingest_file(self, path: Path) -> IngestResult:
        return self.ingest([path])[0]

    def _prepare(self, path: Path, got, pending: list[_Prepared], stats: IngestStats) -> IngestResult | _Prepared:
        file = str(path)
        if isinstance(got, IngestResult):
            return got
        sha, parse = got
        same = self.facts.report_by_sha(sha) or next(
            (
                {"id": x.rid, "file": x.report.file, "name": Path(x.report.file).name}
                for x in pending
                if x.report.sha256 == sha
            ),
            None,
        )
        if same:
            if Path(same["file"]).name == path.name:
                return IngestResult(file, "unchanged", "", same["id"])
            return IngestResult(file, "duplicate", f"与已导入的 {same['name']} 内容相同", same["id"], same["file"])
        parsed = parse()
        if parsed[0] == "error":
            return IngestResult(file, "error", parsed[1])
        _, report, chunks, toks, (parse_s, chunk_s, tokenize_s) = parsed
        stats.parse_s += parse_s
        stats.chunk_s += chunk_s
        stats.tokenize_s += tokenize_s
        old = self.facts.report_by_file(file)
        twin = self.facts.report_by_body_year(report.body, report.year)
        if twin is None:
            twin = next(
                (
                    {"id": x.rid, "file": x.report.file, "name": Path(x.report.file).name}
                    for x in pending
                    if report.body and (x.report.body, x.report.year) == (report.body, report.year)
                ),
                None,
            )
        note, displaces, replaces = "", None, old["id"] if old else None
        if twin and (old is None or twin["id"] != old["id"]):
            queued = next((x for x in pending if x.rid == twin["id"]), None)
            theirs = known_cells(queued.report) if queued else self.facts.known_cells(twin["id"])
            mine = known_cells(report)
            if mine <= theirs:
                return IngestResult(
                    file,
                    "duplicate",
                    f"与已导入的 {twin['name']} 是同一份报告（{report.body} {report.year} 年）",
                    twin["id"],
                    twin["file"],
                )
            note = f"与 {twin['name']} 是同一份报告，本文件读出的单元格更多（{mine} > {theirs}），取代之"
            displaces, replaces = (twin["id"], replaces) if queued else (None, twin["id"])
        return _Prepared(report_id(report), report, chunks, toks, replaces, note, displaces)

    def _dense_parts(self, chunk) -> tuple[str, ...]:
        """What the embeddings model reads for a chunk: one text, or parts whose vectors are summed
        (a table row, see chunks.row_parts); () when the chunk gets no vector."""
        if chunk.kind == "table":
            return (chunk.dense_parts or (chunk.text,)) if self.settings.dense_tables else ()
        return (chunk.dense_text or chunk.embed_text,)

    def _vectors(self, items: list[_Prepared], stats: IngestStats) -> dict[str, object]:
        """chunk id → vector, each distinct text embedded once: from the cache, else by the model."""
        texts = {c.id: t for it in items for c in it.chunks if (t := self._dense_parts(c))}
        by_hash = {text_hash(p): p for parts in texts.values() for p in parts}
        found = self.facts.cached_vectors(self.embeddings.name, list(by_hash))
        missing = [h for h in by_hash if h not in found]
        t0 = time.perf_counter()
        new = self.embeddings.passages([by_hash[h] for h in missing]) if missing else []
        stats.embed_s += time.perf_counter() - t0
        fresh = dict(zip(missing, new, strict=True))
        self.facts.cache_vectors(self.embeddings.name, fresh)
        stats.embedded += len(missing)
        stats.cached += len(by_hash) - len(missing)
        found |= fresh
        return {cid: _summed([found[text_hash(p)] for p in parts]) for cid, parts in texts.items()}

    def _commit(self, items: list[_Prepared], stats: IngestStats | None = None) -> list[IngestResult]:
        if not items:
            return []
        stats = stats or IngestStats()
        vectors = self._vectors(items, stats) if self.dense is not None else {}
        t0 = time.perf_counter()
        if self.facts.get_meta("embeddings") is None:
            self.facts.set_meta("embeddings", self.embeddings.name)
        for it in items:
            if it.old_id:
                self.remove_id(it.old_id)
        self.facts.add_reports([(it.rid, it.report, it.chunks, it.tokens) for it in items])
        if self.dense is not None and vectors:
            chunks = [c for it in items for c in it.chunks if c.id in vectors]
            self.dense.add(
                [c.id for c in chunks],
                [vectors[c.id] for c in chunks],
                [c.text for c in chunks],
                [c.metadata() for c in chunks],
            )
        self.facts.mark_complete([it.rid for it in items])
        self._carry_over({it.report.body for it in items if it.report.body})
        stats.write_s += time.perf_counter() - t0
        stats.reports += len(items)
        stats.chunks += sum(len(it.chunks) for it in items)
        stats.dense += len(vectors)
        return [IngestResult(it.report.file, "replaced" if it.old_id else "added", it.note, it.rid) for it in items]

    def _view(self, r: dict) -> _ReportView:
        from ingest import Section

        text = self.facts.report_text(r["id"])
        sections = tuple(
            Section(
                key=x["key"], title=x["title"], text=text[x["start"] : x["end"]].strip(), start=x["start"], end=x["end"]
            )
            for x in self.facts.sections(r["id"])
        )
        return _ReportView(r["year"], self.facts.cells(r["id"]), sections)

    def _carry_over(self, bodies: set[str]) -> None:
        """Findings across consecutive years of each body (carry_over, repeated_text): they need the library."""
        from ingest.across import carry_over, repeated_text

        for body in bodies:
            rows = [r for r in self.facts.reports(body=body) if r["year"]]
            if len(rows) < 2:
                continue
            by_year = {r["year"]: self._view(r) for r in rows}
            for r in rows:
                cur, prev = by_year[r["year"]], by_year.get(r["year"] - 1)
                found = carry_over(prev, cur) + repeated_text(prev, cur) if prev else []
                self.facts.replace_findings(r["id"], ("carry_over", "repeated_text"), found)
            self._pin_item_rows([r for r in rows if r.get("template") == "2019"])

    def _pin_item_rows(self, rows: list[dict]) -> None:
        """A flattened 2019-template page leaves item rows unknown ("行政许可3960181"): the body's
        reports of the years around pin them (ingest.across.item_rows_across_years)."""
        import re

        from ingest import Finding
        from ingest.across import item_rows_across_years
        from ingest.schema import cell_labels

        by_year = {r["year"]: r for r in rows}
        cells = {y: {k: c["value"] for k, c in self.facts.cells(r["id"]).items()} for y, r in by_year.items()}
        for year, r in by_year.items():

            def run_of(row: str, rid=r["id"], year=year) -> str | None:
                key = f"A.{row}_items_last_year"
                if cells[year].get(key) is not None:
                    return None
                m = re.search(r"(\d+)$", next(iter(self.facts.cell_raws(rid, (key,))), ""))
                return m.group(1) if m else None

            pinned = item_rows_across_years(run_of, cells.get, year)
            for row in sorted({k.split(".")[1].rsplit("_items", 1)[0].rsplit("_decisions", 1)[0] for k in pinned}):
                keys = [k for k in pinned if k.startswith(f"A.{row}_")]
                label = cell_labels()[keys[0]].split("·")[0]
                shown = "、".join(f"{cell_labels()[k].split('·')[1]} {pinned[k]}" for k in keys)
                finding = Finding(
                    kind="cell_inferred",
                    severity="info",
                    message=f"表二“{label}”一行的数字连在一起，由相邻年度年报的“上一年项目数量”唯一确定为：{shown}。",
                    cells=tuple(keys),
                    values=tuple(str(pinned[k]) for k in keys),
                )
                if self.facts.fill_cells(r["id"], {k: pinned[k] for k in keys}, finding):
                    cells[year].update({k: pinned[k] for k in keys})

    def remove_id(self, rid: str) -> None:
        with self.writing():
            if self.dense is not None:
                self.dense.delete_report(rid)
            self.facts.remove(rid)

    def remove(self, name: str, on_wait: Callable[[], None] | None = None) -> bool:
        with self.writing(on_wait):
            row = self.facts.report_by_file(name)
            if row is None:
                return False
            self.remove_id(row["id"])
        self.refresh_lexical()
        return True

    def reports(self) -> list[dict]:
        return self.facts.reports()

    # --- search -----------------------------------------------------------------------------------
    def refresh_lexical(self) -> None:
        """Bring the lexical index up to the library's generation: load the one another process
        published, or build it. One thread at a time (the others then find it current)."""
        with self._lexical_lock:
            gen = self.facts.generation()
            if self.lexical.generation == gen or (self.lexical.load() and self.lexical.generation >= gen):
                return
            self._rebuild_lexical(gen)

    def _rebuild_lexical(self, gen: int) -> None:
        if self.facts.chunk_count() < SUBPROCESS_BUILD_AT:
            self.lexical.build(self.facts.complete_chunks(), gen)
            return
        # a big library: build in a child process, so its memory is returned when it is done
        import multiprocessing

        proc = multiprocessing.get_context("spawn").Process(
            target=_build_lexical, args=(str(self.facts.target), str(self.lexical.folder), gen)
        )
        proc.start()
        proc.join()
        if proc.exitcode != 0 or not self.lexical.load():
            raise LibraryError(f"关键词索引重建失败（子进程退出码 {proc.exitcode}）；请重新运行 gongkai ingest")

    def search(self, query: str, k: int = 5, mode: str = "hybrid", **filters) -> list[Hit]:
        """Ranked passages; filters (year, town, county, body, section, kind) apply inside the stores."""
        unknown = set(filters) - set(FILTER_KEYS)
        if unknown:
            raise ValueError(f"unknown filter {sorted(unknown)}: use {', '.join(FILTER_KEYS)}")
        if mode not in ("hybrid", "dense", "lexical"):
            raise ValueError(f"unknown mode {mode!r}: use hybrid, dense or lexical")
        filters = {f: v for f, v in filters.items() if v not in (None, "", [])}
        depth = max(20, k * 4)
        self.sync()
        dense: list[tuple[str, float]] = []
        lexical: list[tuple[str, float]] = []
        if mode in ("hybrid", "dense") and self.dense is not None:
            dense = self.dense.search(self.embeddings.query(query), depth, self._with_years(filters))
        if mode in ("hybrid", "lexical") or self.dense is None:
            self.refresh_lexical()
            lexical = self.lexical.search_kinds(query, depth, filters)
        scores: dict[str, float] = {}
        d_rank = {cid: i for i, (cid, _) in enumerate(dense)}
        l_rank = {cid: i for i, (cid, _, _) in enumerate(lexical)}
        for ranks in (d_rank, l_rank):
            for cid, i in ranks.items():
                scores[cid] = scores.get(cid, 0.0) + 1.0 / (RRF_K + i + 1)
        if dense and not self.settings.dense_tables:
            # table rows have no vectors: one the lexical index ranks counts its rank in both lists,
            # or the fusion would always rank it below passages both lists found
            for cid, _score, kind in lexical:
                if kind == "table" and cid not in d_rank:
                    scores[cid] += 1.0 / (RRF_K + l_rank[cid] + 1)
        named = years_named(query) if "year" not in filters else set()
        if named and scores:
            years = {cid: r["year"] for cid, r in self.facts.chunks_by_id(list(scores)).items()}
            for cid in scores:
                if years.get(cid) in named:
                    scores[cid] += 1.0 / (RRF_K + 1)
        best = sorted(scores, key=lambda c: -scores[c])[:k]
        return self._hits(best, scores, d_rank, l_rank)

    def _with_years(self, filters: dict) -> dict:
        """A town or body filter also names the years those reports cover (the vector store keeps
        one collection per year, so only those are searched)."""
        if "year" in filters or not any(k in filters for k in ("town", "body")):
            return filters
        where = {
            k: list(filters[k]) if isinstance(filters[k], list | tuple | set) else [filters[k]]
            for k in ("town", "body")
            if k in filters
        }
        years = self.facts.years(**where)
        return {**filters, "year": [y or 0 for y in years]} if years else filters

    def _hits(self, ids, scores, d_rank, l_rank) -> list[Hit]:
        if not ids:
            return []
        rows = self.facts.chunks_by_id(list(ids))
        return [
            Hit(
                chunk_id=cid,
                report_id=r["report_id"],
                file=r["file"],
                body=r["body"] or "",
                town=r["town"] or "",
                year=r["year"] or 0,
                section=r["section"],
                kind=r["kind"],
                text=r["text"],
                start=r["start"],
                end=r["end"],
                score=round(scores[cid], 6),
                dense_rank=d_rank.get(cid),
                lexical_rank=l_rank.get(cid),
            )
            for cid in ids
            if (r := rows.get(cid)) is not None
        ]
