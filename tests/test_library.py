"""The library on real files: idempotent and incremental ingest, replace, remove, duplicates, bad
files, filters inside the stores, the embeddings guard, and a killed ingest that leaves no trace.
Each test runs twice: the facts store on SQLite, then on PostgreSQL (conftest's facts_backend)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from vectorstore import Library, LibraryError, Settings
from vectorstore.facts import FactsStore

from .conftest import EXTRA, ROOT, SEEDS, needs_shared

SEED_FILES = sorted(SEEDS.glob("*.txt"))
pytestmark = pytest.mark.usefixtures("facts_backend")


def lexical_library(tmp_path, name="lib", **settings):
    return Library(Settings(data_dir=tmp_path / name, embeddings="none", **settings))


def copy_seeds(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for f in SEED_FILES:
        shutil.copy(f, folder / f.name)
    return folder


def test_idempotent_and_incremental(tmp_path):
    lib = lexical_library(tmp_path)
    folder = copy_seeds(tmp_path)
    first = lib.ingest(sorted(folder.iterdir()))
    assert [r.status for r in first] == ["added"] * 5
    again = lib.ingest(sorted(folder.iterdir()))
    assert [r.status for r in again] == ["unchanged"] * 5
    assert len(lib.reports()) == 5
    chunks = lib.facts.db.execute("SELECT count(*) FROM chunks").fetchone()[0]
    assert chunks > 50
    assert lib.facts.db.execute("SELECT count(*) FROM chunks").fetchone()[0] == chunks


def test_changed_file_replaces_everywhere(tmp_path):
    lib = lexical_library(tmp_path)
    folder = copy_seeds(tmp_path)
    lib.ingest(sorted(folder.iterdir()))
    target = folder / "004_9c54c256ccc794aa.txt"
    target.write_text(target.read_text(encoding="utf-8").replace("行政处罚\t103", "行政处罚\t104"), encoding="utf-8")
    [r] = lib.ingest([target])
    assert r.status == "replaced"
    rows = [x for x in lib.reports() if x["name"] == target.name]
    assert len(rows) == 1
    assert lib.facts.cells(rows[0]["id"])["A.penalty_decisions"]["value"] == 104
    texts = [h.text for h in lib.search("镇罗镇 行政处罚 本年处理决定数量", k=10, kind="table")]
    assert any("104件" in t for t in texts) and not any("103件" in t for t in texts)
    assert len(lib.reports()) == 5


def test_remove(tmp_path):
    lib = lexical_library(tmp_path)
    lib.ingest(SEED_FILES)
    assert lib.remove("003_9335de19eaf04a5f.txt")
    assert not lib.remove("003_9335de19eaf04a5f.txt")
    assert len(lib.reports()) == 4
    assert all(h.town != "七里营镇" for h in lib.search("七里营镇", k=20))
    assert (
        lib.facts.db.execute("SELECT count(*) FROM cells WHERE report_id NOT IN (SELECT id FROM reports)").fetchone()[0]
        == 0
    )


def test_duplicates_are_indexed_once(tmp_path):
    lib = lexical_library(tmp_path)
    lib.ingest(SEED_FILES[:1])
    copy = tmp_path / "copy_of_000.txt"
    shutil.copy(SEED_FILES[0], copy)
    [r] = lib.ingest([copy])
    assert r.status == "duplicate" and r.duplicate_of.endswith("000_cd949d845be236b5.txt")
    assert len(lib.reports()) == 1


@needs_shared
def test_web_page_duplicate_of_text(tmp_path, another_database):
    """The same report as flattened text and as a web page: kept once, the copy that reads more cells."""
    txt, page = EXTRA / "2023_平潭综合实验区管委会.txt", EXTRA / "html" / "2023_平潭综合实验区管委会.html"
    lib = lexical_library(tmp_path)
    res = lib.ingest([txt, page])  # one batch: the page displaces the text before anything is written
    assert [r.status for r in res] == ["duplicate", "added"]
    assert "同一份报告" in res[0].message and "更多" in res[0].message
    (kept,) = lib.reports()
    assert kept["name"] == page.name
    assert lib.facts.cells(kept["id"])["A.normative_documents.repealed"]["value"] == 132  # the text's run is ambiguous
    lib2 = lexical_library(tmp_path / "two", **another_database())
    assert [r.status for r in lib2.ingest([txt])] == ["added"]
    res = lib2.ingest([page])  # later: the page replaces the committed text
    assert res[0].status == "replaced" and "取代" in res[0].message
    assert [r["name"] for r in lib2.reports()] == [page.name]
    assert [r.status for r in lib2.ingest([txt])] == ["duplicate"]  # and the text never comes back


def test_bad_files_never_touch_the_library(tmp_path):
    lib = lexical_library(tmp_path)
    lib.ingest(SEED_FILES)
    before = lib.facts.db.execute("SELECT count(*) FROM chunks").fetchone()[0]
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "x.xlsx").write_bytes(b"PK")
    (tmp_path / "junk.pdf").write_bytes(b"%PDF-1.4 garbage")
    res = lib.ingest([tmp_path / "empty.txt", tmp_path / "x.xlsx", tmp_path / "junk.pdf", SEED_FILES[0]])
    assert [r.status for r in res] == ["error", "error", "error", "unchanged"]
    assert all(r.message for r in res[:3])
    assert lib.facts.db.execute("SELECT count(*) FROM chunks").fetchone()[0] == before
    assert len(lib.reports()) == 5


def test_town_filter_inside_the_store(tmp_path):
    lib = lexical_library(tmp_path)
    lib.ingest(SEED_FILES)
    hits = lib.search("七营镇 政府信息公开 存在的主要问题", k=10, town="七营镇")
    assert hits and {h.town for h in hits} == {"七营镇"}
    hits = lib.search("七里营镇 存在的问题", k=10, town="七营镇")
    assert all(h.town == "七营镇" for h in hits)
    hits = lib.search("政府信息公开申请", k=10, year=2022)
    assert hits and {h.year for h in hits} == {2022}
    hits = lib.search("问题", k=10, section="problems_and_improvements", town=["七里营镇"])
    assert hits and {(h.town, h.section) for h in hits} == {("七里营镇", "problems_and_improvements")}
    with pytest.raises(ValueError, match="unknown filter"):
        lib.search("x", province="宁夏")


def test_short_town_name_finds_the_town(tmp_path):
    lib = lexical_library(tmp_path)
    lib.ingest(SEED_FILES)
    top = lib.search("七营 视频号", k=3, mode="lexical")
    assert top[0].town == "七营镇"


def test_embeddings_mismatch_is_a_clear_error(tmp_path):
    lib = lexical_library(tmp_path)
    lib.ingest(SEED_FILES[:1])
    lib.close()
    with pytest.raises(LibraryError, match="none"):
        Library(Settings(data_dir=tmp_path / "lib", embeddings="e5-small"))


def wait_for_no_writer(url: str) -> None:
    import psycopg

    deadline = time.time() + 30
    with psycopg.connect(url, autocommit=True) as c:
        while c.execute("SELECT count(*) FROM pg_locks WHERE locktype='advisory'").fetchone()[0]:
            assert time.time() < deadline, "the killed writer's advisory lock was never released"
            time.sleep(0.05)


def test_killed_ingest_leaves_no_half_report(tmp_path, facts_backend):
    """Kill -9 an ingest mid-way; the next open repairs it and a re-run completes the library."""
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(60):  # distinct reports: one body per copy, so none is a duplicate of another
        src = SEED_FILES[i % 5].read_text(encoding="utf-8")
        town = ("七营镇", "辛店镇", "海城镇", "七里营镇", "镇罗镇")[i % 5]
        src = src.replace(town, town[:-1] + "东西南北中"[i // 12] + "甲乙丙丁戊己庚辛壬癸子丑"[i % 12] + "镇")
        (folder / f"r{i:02d}.txt").write_text(src, encoding="utf-8")
    data = tmp_path / "killed"
    env = dict(os.environ, PYTHONPATH=str(ROOT), GONGKAI_EMBEDDINGS="none")
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "--data-dir", str(data), "ingest", "--batch", "4", str(folder)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    target = Settings(data_dir=data).facts_target()
    deadline = time.time() + 60
    while time.time() < deadline:
        time.sleep(0.05)
        if facts_backend is None and not target.exists():
            continue
        try:
            facts = FactsStore(target)
            n = len(facts.reports())
            facts.close()
        except Exception:
            continue
        if n >= 8:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    if facts_backend:  # the server ends the killed writer's session (and its lock) once it sees the socket close
        wait_for_no_writer(facts_backend)
    lib = Library(Settings(data_dir=data, embeddings="none"))
    done = lib.reports()
    assert 0 < len(done) < 60, "the kill must land mid-ingest"
    assert lib.facts.incomplete_ids() == []
    orphans = lib.facts.db.execute(
        "SELECT count(*) FROM chunks WHERE report_id NOT IN (SELECT id FROM reports)"
    ).fetchone()[0]
    assert orphans == 0
    res = lib.ingest(sorted(folder.iterdir()))
    assert {r.status for r in res} <= {"added", "unchanged"}
    assert len(lib.reports()) == 60
    assert len(lib.search("政府信息公开", k=5)) == 5


def test_passage_offsets_point_into_the_report(tmp_path):
    lib = lexical_library(tmp_path)
    lib.ingest(SEED_FILES)
    hits = lib.search("政务公开 培训 信息发布", k=10, kind="text")
    assert hits
    for h in hits:
        assert lib.facts.report_text(h.report_id)[h.start : h.end].strip() == h.text
    rows = lib.search("镇罗镇 行政处罚", k=5, kind="table")
    assert any(h.text == "镇罗镇2024年行政处罚本年处理决定数量为103件" for h in rows)


def test_carry_over_between_years_is_a_finding(tmp_path):
    lib = lexical_library(tmp_path)
    text = SEED_FILES[0].read_text(encoding="utf-8")
    last = text.replace("2024", "2023").replace(
        "四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0", "四、结转下年度继续办理\t\t2\t0\t0\t0\t0\t0\t2"
    )
    last = last.replace(
        "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0",
        "一、本年新收政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t2",
    )
    (tmp_path / "2023.txt").write_text(last, encoding="utf-8")
    lib.ingest([SEED_FILES[0]])
    lib.ingest([tmp_path / "2023.txt"])  # the year before arrives later: the 2024 report gets the finding
    rid = next(r["id"] for r in lib.reports() if r["year"] == 2024)
    kinds = [f["kind"] for f in lib.facts.findings(rid)]
    assert kinds.count("carry_over") == 1
    assert "repeated_text" in kinds  # the 2023 text is the 2024 text with other numbers
    lib.ingest([tmp_path / "2023.txt"])
    assert [f["kind"] for f in lib.facts.findings(rid)].count("carry_over") == 1


def test_big_library_builds_its_lexical_index_in_a_child_process(tmp_path, monkeypatch):
    import vectorstore.library as library

    monkeypatch.setattr(library, "SUBPROCESS_BUILD_AT", 10)
    lib = lexical_library(tmp_path)
    lib.ingest(SEED_FILES)
    assert lib.lexical.generation == lib.facts.generation()
    assert lib.search("七营 视频号", k=1, mode="lexical")[0].town == "七营镇"


def test_flattened_2019_rows_pinned_by_the_next_year(tmp_path):
    """A flattened page runs table A's digits together ("行政许可3960181"); the next year's report,
    ingested before or after, pins the row: announced as inferred, never a printed cell replaced."""
    y2019, y2020 = EXTRA / "2019_平潭综合实验区管委会.txt", EXTRA / "html" / "2020_平潭综合实验区管委会.html"
    for order in ((y2019, y2020), (y2020, y2019)):
        lib = lexical_library(tmp_path / order[0].suffix[1:])
        for f in order:
            lib.ingest([f])
        rid = next(r["id"] for r in lib.reports() if r["year"] == 2019)
        cells = lib.facts.cells(rid)
        assert cells["A.licensing_decisions"] == {
            "value": 181,
            "inferred": True,
            "source": cells["A.licensing_decisions"]["source"],
        }
        assert cells["A.penalty_decisions"]["value"] == 430
        assert cells["A.procurement_projects"]["value"] is None  # nothing pins it: still unknown
        kinds = [(f["kind"], f["message"]) for f in lib.facts.findings(rid)]
        assert any(k == "cell_inferred" and "行政许可" in m and "181" in m for k, m in kinds)
        assert not any(k == "cell_missing" and "行政许可" in m for k, m in kinds)
