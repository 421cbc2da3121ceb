"""Findings that need two years of one body: carry-over and repeated text."""

from __future__ import annotations

from ingest import parse_file
from ingest.across import across_findings

from .conftest import SEEDS

SEED = SEEDS / "000_cd949d845be236b5.txt"


def test_carry_over_and_repeated_text(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    last_year = text.replace("2024", "2023").replace(
        "四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0", "四、结转下年度继续办理\t\t2\t0\t0\t0\t0\t0\t2"
    )
    last_year = last_year.replace(
        "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0",
        "一、本年新收政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t2",
    )
    (tmp_path / "2023.txt").write_text(last_year, encoding="utf-8")
    prev, cur = parse_file(tmp_path / "2023.txt"), parse_file(SEED)
    assert (prev.year, cur.year) == (2023, 2024)
    assert prev.value("B.carried_to_next_year.total") == 2
    found = across_findings([cur, prev])
    kinds = [f.kind for f in found[cur.file]]
    assert "carry_over" in kinds
    carry = next(f for f in found[cur.file] if f.kind == "carry_over")
    assert "2" in carry.message and "0" in carry.message
    repeated = [f for f in found[cur.file] if f.kind == "repeated_text"]
    assert repeated and all("100%" in f.message for f in repeated)
    assert prev.file not in found


def test_different_bodies_are_not_compared():
    reports = [parse_file(p) for p in sorted(SEEDS.glob("*.txt"))]
    assert across_findings(reports) == {}


def test_flattened_item_rows_pinned_by_the_next_year():
    """2019 template: this year's items (上一年项目数量 + 本年增/减) are next year's 上一年项目数量."""
    from ingest.across import item_rows_across_years

    runs = {"licensing": "3960181", "penalty": "26480430", "fee": "350"}
    nxt = {2020: {"A.licensing_items_last_year": 396, "A.penalty_items_last_year": 2648, "A.fee_items_last_year": 35}}
    got = item_rows_across_years(runs.get, nxt.get, 2019)
    assert got["A.licensing_decisions"] == 181 and got["A.licensing_items_change"] == 0
    assert got["A.penalty_decisions"] == 430 and got["A.fee_items_last_year"] == 35
    # nothing pins a row when the neighbouring years are missing, or several readings fit
    assert item_rows_across_years(runs.get, {}.get, 2019) == {}
    assert "A.licensing_decisions" not in item_rows_across_years(
        {"licensing": "1001"}.get, {2020: {"A.licensing_items_last_year": 1}}.get, 2019
    )
