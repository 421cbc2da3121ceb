"""Every cell, metadata field and finding of the five seeds, against the hand-checked gold."""

from __future__ import annotations

import pytest

from ingest import parse_file

from .conftest import SEEDS, gold_seeds, needs_shared, seed_cells

pytestmark = needs_shared
GOLD = {g["file"]: g for g in gold_seeds()} if (SEEDS.parent.parent.parent / "shared").exists() else {}


@pytest.fixture(scope="module")
def reports():
    return {p.name: parse_file(p) for p in sorted(SEEDS.glob("*.txt"))}


@pytest.mark.parametrize("name", sorted(GOLD))
def test_every_cell(reports, name):
    r = reports[name]
    want = seed_cells(GOLD[name])
    wrong = {k: (r.value(k), v) for k, v in want.items() if r.value(k) != v or (v is None) != (r.value(k) is None)}
    assert wrong == {}
    assert len(want) == 200


@pytest.mark.parametrize("name", sorted(GOLD))
def test_metadata(reports, name):
    r, g = reports[name], GOLD[name]
    got = {m: getattr(r, m) for m in ("body", "town", "county", "city", "level", "year", "template")}
    assert got == {m: g[m] for m in got}
    assert r.complete
    assert [s.key for s in r.sections] == [
        "overview",
        "proactive_disclosure",
        "applications",
        "reconsideration_litigation",
        "problems_and_improvements",
        "other_matters",
    ]


@pytest.mark.parametrize("name", sorted(GOLD))
def test_findings(reports, name):
    r, g = reports[name], GOLD[name]
    for want in g["findings"]:
        hits = [
            f
            for f in r.findings
            if f.kind == want["kind"] and all(w in f.model_dump_json() for w in want["must_mention"])
        ]
        assert hits, f"missing {want['kind']} {want['must_mention']}"
        assert hits[0].severity == want["severity"]
    # and nothing the gold does not list: a seed without findings gets none
    assert sorted(f.kind for f in r.findings) == sorted(f["kind"] for f in g["findings"])


def test_inferred_cells_are_marked(reports):
    r = reports["002_19cc13ecf0eb244d.txt"]
    assert r.cells["B.result.unable.not_held.total"].inferred
    assert r.cells["C.reconsideration.total"].value is None
    assert not r.cells["B.new_applications.total"].inferred


def test_provenance_points_at_the_printed_line(reports):
    r = reports["004_9c54c256ccc794aa.txt"]
    cell = r.cells["A.penalty_decisions"]
    assert cell.value == 103
    line_no = int(cell.source.split()[-1])
    printed = (SEEDS / "004_9c54c256ccc794aa.txt").read_text(encoding="utf-8").splitlines()[line_no - 1]
    assert printed.startswith("行政处罚") and "103" in printed


def test_sections_and_offsets(reports):
    r = reports["000_cd949d845be236b5.txt"]
    s = r.section("problems_and_improvements")
    assert r.text[s.start : s.end].strip() == s.text
    assert "解读形式过于单一" in s.text
    assert "七营镇" in r.section("overview").text
