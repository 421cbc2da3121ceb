"""The facts store's public methods, on SQLite and on PostgreSQL alike (conftest's facts_backend):
what the bot and the library read, atomic visibility, the generation, and the embeddings cache."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from ingest import parse_file
from vectorstore.chunks import chunk_report, report_id
from vectorstore.facts import FactsStore, text_hash

from .conftest import SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))


@pytest.fixture
def store(tmp_path, facts_backend):
    s = FactsStore(facts_backend or tmp_path / "facts.sqlite")
    yield s
    s.close()


def add(store: FactsStore, *files) -> list[str]:
    items = []
    for f in files:
        r = parse_file(f)
        items.append((report_id(r), r, chunk_report(r)))
    store.add_reports(items)
    return [rid for rid, _, _ in items]


def test_reports_are_visible_only_once_marked_complete(store):
    g = store.generation()
    ids = add(store, *SEED_FILES[:2])
    assert store.reports() == [] and sorted(store.incomplete_ids()) == sorted(ids)
    assert store.generation() == g
    store.mark_complete(ids)
    assert store.generation() == g + 1 and store.incomplete_ids() == []
    rows = store.reports()
    assert {r["id"] for r in rows} == set(ids)
    assert isinstance(rows[0]["year"], int) and isinstance(rows[0]["ingested_at"], float)
    row = rows[0]
    assert store.report_by_file(row["file"])["id"] == row["id"]
    assert store.report_by_file("elsewhere/" + row["name"])["id"] == row["id"]  # by name too
    assert store.report_by_sha(row["sha256"])["id"] == row["id"]
    assert store.report_by_body_year(row["body"], row["year"])["id"] == row["id"]
    assert store.report_by_body_year(row["body"], 1999) is None
    assert store.years(town=[row["town"]]) == [row["year"]]


def test_reads_the_bot_compiles_to(store):
    [rid] = add(store, SEEDS / "004_9c54c256ccc794aa.txt")
    store.mark_complete([rid])
    values = store.cell_values([rid, "nobody"], ["A.penalty_decisions", "B.new_applications.total", "no.such.key"])
    assert values[(rid, "A.penalty_decisions")] == 103
    assert (rid, "no.such.key") not in values and (rid, "B.new_applications.total") in values
    assert any("103" in raw for raw in store.cell_raws(rid, ("A.penalty_decisions",)))
    cells = store.cells(rid)
    assert cells["A.penalty_decisions"] == {
        "value": 103,
        "inferred": False,
        "source": cells["A.penalty_decisions"]["source"],
    }
    assert store.known_cells(rid) == sum(1 for c in cells.values() if c["value"] is not None)
    text = store.report_text(rid)
    [(found, at)] = store.texts_containing([rid], "行政处罚")
    assert found == rid and at == text.index("行政处罚")  # a character offset on both back ends
    assert store.texts_containing([rid], "不会出现的短语") == []
    sections = store.sections(rid)
    assert sections and all(0 <= s["start"] <= s["end"] <= len(text) for s in sections)
    assert store.report_text("nobody") == "" and store.sections("nobody") == []


def test_findings_replace_and_cells(store):
    from ingest import Finding

    [rid] = add(store, SEED_FILES[0])
    store.mark_complete([rid])
    before = store.findings(rid)
    new = [Finding(kind="carry_over", severity="warning", message="结转", cells=["B.carried_from_last_year.total"])]
    store.replace_findings(rid, ("carry_over",), new)
    store.replace_findings(rid, ("carry_over",), new)  # replaced, not added twice
    after = store.findings(rid)
    assert after[: len(before)] == before and [f["kind"] for f in after[len(before) :]] == ["carry_over"]
    assert store.finding_cells([rid], "carry_over") == {(rid, "B.carried_from_last_year.total")}


def test_chunks_and_removal(store):
    ids = add(store, *SEED_FILES[:2])
    assert list(store.complete_chunks()) == []  # not yet complete: not indexed either
    store.mark_complete(ids)
    rows = list(store.complete_chunks())
    assert len(rows) == store.chunk_count() == sum(len(store.chunk_ids(i)) for i in ids)
    assert {"id", "report_id", "embed_text", "year", "town", "body"} <= set(rows[0].keys())
    first = store.chunk_ids(ids[0])[:3]
    got = store.chunks_by_id([*first, "missing"])
    assert set(got) == set(first) and got[first[0]]["report_id"] == ids[0]
    g = store.generation()
    store.remove(ids[0])
    assert store.generation() == g + 1
    assert [r["id"] for r in store.reports()] == [ids[1]]
    assert store.chunk_ids(ids[0]) == [] and store.cells(ids[0]) == {} and store.findings(ids[0]) == []
    assert store.chunk_count() == len(store.chunk_ids(ids[1]))


def test_a_failed_write_leaves_nothing(store):
    r = parse_file(SEED_FILES[0])
    chunks = chunk_report(r)
    with pytest.raises(Exception):  # noqa: B017 — either back end's integrity error
        store.add_reports([("a", r, chunks), ("b", r, chunks)])  # the same chunk ids twice
    assert store.incomplete_ids() == [] and store.chunk_count() == 0


def test_text_with_a_nul_character_keeps_its_offsets(store):
    r = parse_file(SEED_FILES[0])
    r = r.model_copy(update={"text": "\x00" + r.text[1:]})
    store.add_reports([("a", r, [])])
    assert len(store.report_text("a")) == len(r.text)


def test_meta_and_generation_across_threads(store):
    store.set_meta("embeddings", "e5-small")
    store.set_meta("embeddings", "none")
    assert store.get_meta("embeddings") == "none" and store.get_meta("missing") is None
    g = store.generation()
    threads = [threading.Thread(target=lambda: [store.bump_generation() for _ in range(10)]) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.generation() == g + 40


def test_embeddings_cache(store):
    a, b = text_hash("一段文字"), text_hash("另一段文字")
    va = np.arange(4, dtype=np.float32)
    store.cache_vectors("e5-small", {a: va})
    store.cache_vectors("e5-small", {a: va + 1, b: va * 2})  # a is kept as first written
    got = store.cached_vectors("e5-small", [a, b, text_hash("没有")])
    assert set(got) == {a, b}
    np.testing.assert_array_equal(got[a], va)
    np.testing.assert_array_equal(got[b], va * 2)
    assert store.cached_vectors("other-model", [a]) == {}
