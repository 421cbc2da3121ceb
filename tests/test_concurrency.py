"""One library used by several processes at once, for real: read commands run inside another
process's ingest commit window, two ingests of overlapping content, and a Library (and a running
app) that sees what another process ingested.

The ingest that must be caught mid-commit is tests/helpers/paused_ingest.py: the real `gongkai
ingest`, stopped after a batch's reports are written and before they are marked complete, so the
window the other commands run in is certain rather than a matter of timing.

Each test runs twice: the facts store on SQLite, then on PostgreSQL (conftest's facts_backend sets
GONGKAI_DATABASE_URL for this process and the ones it starts)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vectorstore import Library, Settings
from vectorstore.facts import FactsStore

from .conftest import CHROMIUM, ROOT, SEEDS, free_port, wait_for_http

SEED_FILES = sorted(SEEDS.glob("*.txt"))
pytestmark = pytest.mark.usefixtures("facts_backend")


def env(**extra) -> dict:
    """The environment of the processes a test starts (read when called: facts_backend sets it)."""
    return dict(os.environ, PYTHONPATH=str(ROOT), GONGKAI_EMBEDDINGS="none", **extra)


GONGKAI = [sys.executable, "-m", "ui.cli"]
PAUSED = [sys.executable, str(ROOT / "tests" / "helpers" / "paused_ingest.py")]


def distinct_reports(folder: Path, n: int, prefix: str = "r") -> list[Path]:
    """n distinct reports (each seed with its town renamed), none a duplicate of another."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        src = SEED_FILES[i % 5].read_text(encoding="utf-8")
        town = ("七营镇", "辛店镇", "海城镇", "七里营镇", "镇罗镇")[i % 5]
        src = src.replace(town, town[:-1] + "东西南北中"[i // 12] + "甲乙丙丁戊己庚辛壬癸子丑"[i % 12] + "镇")
        out.append(folder / f"{prefix}{i:02d}.txt")
        out[-1].write_text(src, encoding="utf-8")
    return out


def gongkai(data: Path, *args, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*GONGKAI, "--data-dir", str(data), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env(),
        timeout=timeout,
    )


def counts(data: Path) -> tuple[int, int]:
    """(complete, not yet complete) reports, read straight from the facts store."""
    facts = FactsStore(Settings(data_dir=data).facts_target())
    try:
        done, pending = (
            facts.db.execute(f"SELECT count(*) FROM reports WHERE complete={c}").fetchone()[0] for c in (1, 0)
        )
    finally:
        facts.close()
    return done, pending


def start_paused_ingest(data: Path, signals: Path, files: list[Path], log: Path) -> subprocess.Popen:
    """The real ingest, batches of 4, paused inside the second batch's commit (4 complete, 4 not)."""
    signals.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [*PAUSED, "--data-dir", str(data), "ingest", "--json", "--batch", "4", *map(str, files)],
            env=env(GONGKAI_PAUSE_DIR=str(signals)),
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
        )
    deadline = time.time() + 120
    while not (signals / "paused").exists():
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        assert time.time() < deadline, "the ingest never reached its commit window"
        time.sleep(0.1)
    return proc


def test_read_commands_during_an_ingest_commit_lose_nothing(tmp_path):
    data, signals = tmp_path / "lib", tmp_path / "signals"
    files = distinct_reports(tmp_path / "in", 12)
    ingest = start_paused_ingest(data, signals, files, tmp_path / "ingest.json")
    try:
        assert counts(data) == (4, 4), "the reads must run while reports are written and not yet marked"

        p = gongkai(data, "list", "--json")
        assert p.returncode == 0, p.stderr
        assert len(json.loads(p.stdout)) == 4  # only what is committed, and nothing removed
        assert counts(data) == (4, 4), "list removed the running ingest's reports"

        p = gongkai(data, "search", "--json", "政府信息公开 行政处罚")
        assert p.returncode == 0, p.stderr
        assert json.loads(p.stdout)
        assert counts(data) == (4, 4), "search removed the running ingest's reports"

        p = gongkai(data, "ask", "--json", "2024年作出了多少件行政处罚决定？")
        assert p.returncode == 0, p.stderr
        assert json.loads(p.stdout)["answer"]
        assert counts(data) == (4, 4), "ask removed the running ingest's reports"

        port = free_port()
        serve = subprocess.Popen(
            [*GONGKAI, "--data-dir", str(data), "serve", "--port", str(port)],
            cwd=ROOT,
            env=env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for_http(f"http://127.0.0.1:{port}/", serve)
        finally:
            serve.terminate()
            serve.wait(timeout=30)
        assert counts(data) == (4, 4), "starting the app removed the running ingest's reports"
        assert ingest.poll() is None, "the reads must overlap the ingest"
    finally:
        (signals / "go").touch()
        ingest.wait(timeout=120)
    assert ingest.returncode == 0
    results = json.loads((tmp_path / "ingest.json").read_text())
    assert [r["status"] for r in results] == ["added"] * 12
    assert counts(data) == (12, 0)
    p = gongkai(data, "list", "--json")
    assert sorted(r["name"] for r in json.loads(p.stdout)) == [f.name for f in files]


def test_two_ingests_of_overlapping_content_keep_each_report_once(tmp_path):
    """The same bytes under other names, ingested by two processes at once: the second waits for
    the first, then calls the shared reports duplicates of the first's files, truly."""
    data, signals = tmp_path / "lib", tmp_path / "signals"
    reports = distinct_reports(tmp_path / "all", 12)
    first = []
    for f in reports[:8]:
        first.append(tmp_path / "a" / f"a_{f.name}")
        first[-1].parent.mkdir(exist_ok=True)
        first[-1].write_bytes(f.read_bytes())
    second = []
    for f in reports[4:]:
        second.append(tmp_path / "b" / f"b_{f.name}")
        second[-1].parent.mkdir(exist_ok=True)
        second[-1].write_bytes(f.read_bytes())

    a = start_paused_ingest(data, signals, first, tmp_path / "a.json")
    b_err = tmp_path / "b.err"
    with open(tmp_path / "b.json", "w") as out, open(b_err, "w") as err:
        b = subprocess.Popen(
            [*GONGKAI, "--data-dir", str(data), "ingest", "--json", *map(str, second)],
            cwd=ROOT,
            env=env(),
            stdout=out,
            stderr=err,
        )
    try:
        deadline = time.time() + 120
        while "另一个导入正在进行" not in b_err.read_text(encoding="utf-8"):
            assert b.poll() is None, "the second ingest did not wait: " + b_err.read_text(encoding="utf-8")
            assert time.time() < deadline, "the second ingest never said it waits"
            time.sleep(0.1)
        time.sleep(1)
        assert b.poll() is None and counts(data) == (4, 4), "the second ingest must wait and touch nothing"
    finally:
        (signals / "go").touch()
        a.wait(timeout=120)
        b.wait(timeout=120)
    assert (a.returncode, b.returncode) == (0, 0)
    assert b_err.read_text(encoding="utf-8").count("另一个导入正在进行") == 1

    ra = json.loads((tmp_path / "a.json").read_text())
    rb = json.loads((tmp_path / "b.json").read_text())
    assert [r["status"] for r in ra] == ["added"] * 8
    assert [r["status"] for r in rb] == ["duplicate"] * 4 + ["added"] * 4
    assert [Path(r["duplicate_of"]).name for r in rb[:4]] == [f.name for f in first[4:]]
    rows = json.loads(gongkai(data, "list", "--json").stdout)
    assert sorted(r["name"] for r in rows) == sorted([f.name for f in first] + [f.name for f in second[4:]])
    assert len({r["sha256"] for r in rows}) == 12
    assert counts(data) == (12, 0)


def test_an_open_library_sees_another_process_ingest(tmp_path):
    """Reports and lexical search, without reopening; the lexical index another process built is
    loaded, not built again."""
    data = tmp_path / "lib"
    lib = Library(Settings(data_dir=data, embeddings="none"))
    lib.ingest(SEED_FILES[:1])
    assert lib.search("视频号", k=5, mode="lexical")
    before = lib.generation()

    p = gongkai(data, "ingest", *SEED_FILES[1:])
    assert p.returncode == 0, p.stderr
    assert lib.generation() > before
    assert len(lib.reports()) == 5
    built = (data / "lexical" / "current").read_text()
    top = lib.search("镇罗镇 行政处罚", k=1, mode="lexical")
    assert top and top[0].town == "镇罗镇"  # a report only the other process ingested
    assert (data / "lexical" / "current").read_text() == built  # loaded the other process's build
    assert lib.lexical.generation == lib.generation()
    lib.close()


def build_lexical_repeatedly(data: str) -> int:
    """In a child process: build and publish the lexical index five times, loading it after each."""
    from vectorstore.lexical import LexicalIndex

    facts = FactsStore(Settings(data_dir=data).facts_target())
    for i in range(5):
        LexicalIndex(Path(data) / "lexical").build(facts.complete_chunks(), facts.generation() + i)
        index = LexicalIndex(Path(data) / "lexical")
        assert index.load() and len(index.ids) == facts.db.execute("SELECT count(*) FROM chunks").fetchone()[0]
    facts.close()
    return i


def test_processes_building_the_lexical_index_at_once(tmp_path):
    """Four processes build and publish the lexical index over and over at once: none fails, a
    load never sees a half-written index, and what is left answers."""
    import multiprocessing

    data = tmp_path / "lib"
    lib = Library(Settings(data_dir=data, embeddings="none"))
    lib.ingest(SEED_FILES)
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        assert pool.map(build_lexical_repeatedly, [str(data)] * 4) == [4] * 4
    fresh = Library(Settings(data_dir=data, embeddings="none"))
    assert fresh.search("七营 视频号", k=1, mode="lexical")[0].town == "七营镇"
    assert not [p for p in (data / "lexical").iterdir() if p.name.startswith(".")]  # nothing half-published
    lib.close()
    fresh.close()


def test_an_open_library_sees_another_process_vectors(tmp_path):
    """Embedded Chroma keeps its vector index in memory: the library reopens it when the
    generation moved, so dense search finds what another process added."""
    data = tmp_path / "lib"
    lib = Library(Settings(data_dir=data, embeddings="e5-small"))
    lib.ingest([SEEDS / "003_9335de19eaf04a5f.txt"])  # 七里营镇
    assert lib.search("微信视频号发布了多少条视频", k=3, mode="dense")[0].town == "七里营镇"

    p = subprocess.run(  # 七营镇, whose report is the one about its video account
        [*GONGKAI, "--data-dir", str(data), "ingest", str(SEEDS / "000_cd949d845be236b5.txt")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env() | {"GONGKAI_EMBEDDINGS": "e5-small"},
        timeout=300,
    )
    assert p.returncode == 0, p.stderr
    hits = lib.search("微信视频号发布了多少条视频", k=3, mode="dense")
    assert hits and hits[0].town == "七营镇"
    # and a write from here after that keeps the other process's vectors
    lib.ingest([SEEDS / "004_9c54c256ccc794aa.txt"])
    assert len(lib.dense.ids()) == len(lib.facts.db.execute("SELECT id FROM chunks").fetchall())
    lib.close()


# On PostgreSQL, tests/test_scale_out.py runs two apps while an ingest runs into them
@pytest.mark.parametrize("facts_backend", ["sqlite"], indirect=True)
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (make test installs it)")
def test_running_app_and_open_page_see_a_report_another_process_ingested(tmp_path):
    """The app answers about a report another process ingested after it started, and an open page's
    lists (filled at start) get the new body without a reload."""
    from gradio_client import Client
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    from ui.web import LISTS_EVERY_S

    data = tmp_path / "lib"
    assert gongkai(data, "ingest", *SEED_FILES[:4]).returncode == 0  # not 镇罗镇 (004)
    port = free_port()
    serve = subprocess.Popen(
        [*GONGKAI, "--data-dir", str(data), "serve", "--port", str(port)],
        cwd=ROOT,
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    question = "镇罗镇2024年作出了多少件行政处罚决定？"
    try:
        wait_for_http(url, serve)
        client = Client(url, verbose=False)
        history, _ = client.predict(question, [], [], [], api_name="/ask")
        assert "103" not in str(history[-1]["content"])
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.goto(url)
            page.wait_for_selector("#body-filter input", timeout=60000)
            p = gongkai(data, "ingest", SEEDS / "004_9c54c256ccc794aa.txt")
            assert p.returncode == 0, p.stderr
            history, _ = client.predict(question, [], [], [], api_name="/ask")
            assert "103" in str(history[-1]["content"])
            deadline = time.time() + LISTS_EVERY_S + 20
            while True:  # the page checks every LISTS_EVERY_S seconds whether the library moved
                page.click("#body-filter input")
                try:
                    page.get_by_role("option").filter(has_text="镇罗镇").first.wait_for(timeout=2000)
                    break
                except PlaywrightTimeout:
                    assert time.time() < deadline, "the open page never listed the body ingested after it opened"
                page.keyboard.press("Escape")
                page.locator("#body-filter input").blur()  # an open, focused list is not refreshed
                page.wait_for_timeout(2000)
            browser.close()
    finally:
        serve.terminate()
        serve.wait(timeout=30)


def test_superseded_lexical_builds_are_removed(tmp_path):
    """A build nobody points to is removed once it is older than a reader could still be loading it."""
    from vectorstore.lexical import POINTER, STALE_S, LexicalIndex

    data = tmp_path / "lib"
    lib = Library(Settings(data_dir=data, embeddings="none"))
    lib.ingest(SEED_FILES[:2])
    folder = data / "lexical"
    first = (folder / POINTER).read_text()
    old = time.time() - STALE_S - 5
    os.utime(folder / first, (old, old))
    LexicalIndex(folder).build(lib.facts.complete_chunks(), lib.generation() + 1)
    second = (folder / POINTER).read_text()
    assert (folder / first).exists()  # the one just replaced stays: a reader may be loading it
    os.utime(folder / first, (old, old))
    LexicalIndex(folder).build(lib.facts.complete_chunks(), lib.generation() + 2)
    assert not (folder / first).exists() and (folder / second).exists()
    lib.close()
