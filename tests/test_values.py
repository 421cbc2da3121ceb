"""Numbers no report could mean, and keys outside a report's template.

A printed value is never replaced or dropped: a negative count, a count beyond 10^9 or a fraction of
a count is kept as printed and flagged (`implausible_value`); only the 2019 template's 本年增/减 may be
negative. A report carries values only on its own template's keys."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ingest import parse_file
from ingest.errors import IngestError
from ingest.schema import SIGNED_CELLS, cell_labels, template_keys

from .conftest import EXTRA, SEEDS, SHARED, needs_shared

SEED = SEEDS / "004_9c54c256ccc794aa.txt"  # 2021 template, 行政处罚 103, every other cell 0
SHANGHAI_2019 = EXTRA / "2019_上海市人民政府办公厅.txt"  # 2019 template, Markdown pipes
HUGE = 10**30


def rewrite(tmp_path, src, replacements, name="report.txt"):
    text = src.read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    out = tmp_path / name
    out.write_text(text, encoding="utf-8")
    return parse_file(out)


def row_b(label: str, values) -> str:
    """A table B line of seed 004 (a sub-row: two leading tabs, the group cell left blank)."""
    return f"\t\t{label}\t" + "\t".join(map(str, values))


def implausible(report, key):
    return [f for f in report.findings if f.kind == "implausible_value" and f.cells == (key,)]


def assert_flagged(report, key, printed: str):
    found = implausible(report, key)
    assert len(found) == 1, [f.message for f in report.findings]
    f = found[0]
    assert f.severity == "error"
    assert cell_labels()[key] in f.message and printed in f.message
    assert f.values == (printed,)


# --- implausible and negative values ------------------------------------------------------------


def test_huge_count_kept_and_flagged(tmp_path):
    r = rewrite(
        tmp_path,
        SEED,
        [
            ("行政处罚\t103", f"行政处罚\t{HUGE}"),
            (
                "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0",
                f"一、本年新收政府信息公开申请数量\t\t{HUGE}\t0\t0\t0\t0\t0\t{HUGE}",
            ),
        ],
    )
    assert r.value("A.penalty_decisions") == HUGE
    assert not r.cells["A.penalty_decisions"].inferred
    assert_flagged(r, "A.penalty_decisions", str(HUGE))
    for key in ("B.new_applications.natural_person", "B.new_applications.total"):
        assert r.value(key) == HUGE
        assert_flagged(r, key, str(HUGE))
    # the identities still check it: 新收 + 结转 no longer equals 办理结果 + 结转下年度
    broken = [f for f in r.findings if f.kind == "identity"]
    assert any("B.new_applications.total" in f.cells and str(HUGE) in f.message for f in broken)


def test_a_billion_is_the_limit(tmp_path):
    r = rewrite(tmp_path, SEED, [("行政处罚\t103", "行政处罚\t1000000000")])
    assert r.value("A.penalty_decisions") == 10**9
    assert not implausible(r, "A.penalty_decisions")
    r = rewrite(tmp_path, SEED, [("行政处罚\t103", "行政处罚\t1000000001")], "over.txt")
    assert_flagged(r, "A.penalty_decisions", "1000000001")


def test_negative_b_cell_kept_not_blank(tmp_path):
    r = rewrite(tmp_path, SEED, [(row_b("2.重复申请", [0] * 7), row_b("2.重复申请", [-5, 0, 0, 0, 0, 0, 0]))])
    key = "B.result.not_processed.repeated.natural_person"
    assert r.value(key) == -5
    assert not r.cells[key].inferred
    assert_flagged(r, key, "-5")
    assert "负数" in implausible(r, key)[0].message
    # the identities hold the printed -5: its row total and its column no longer add up
    broken = {i for f in r.findings if f.kind == "identity" for i in f.cells}
    assert key in broken
    assert not [k for k in r.cells if k != key and implausible(r, k)]


def test_negative_c_cell_not_replaced_by_inference(tmp_path):
    # every other cell of 行政复议 is 0, so a blank there would be pinned to 0: a printed -3 stays -3
    line = "\t".join(["0"] * 15)
    r = rewrite(tmp_path, SEED, [("\n" + line + "\n", "\n" + "\t".join(["-3"] + ["0"] * 14) + "\n")])
    key = "C.reconsideration.upheld"
    assert r.value(key) == -3
    assert not r.cells[key].inferred
    assert_flagged(r, key, "-3")
    assert any(f.kind == "identity" and key in f.cells for f in r.findings)
    assert not any(f.kind == "cell_inferred" and key in f.cells for f in r.findings)


def test_fullwidth_minus_is_a_negative_number(tmp_path):
    r = rewrite(tmp_path, SEED, [(row_b("2.重复申请", [0] * 7), row_b("2.重复申请", ["－5", 0, 0, 0, 0, 0, "－5"]))])
    for key in ("B.result.not_processed.repeated.natural_person", "B.result.not_processed.repeated.total"):
        assert r.value(key) == -5
        assert_flagged(r, key, "-5")


def test_blank_cell_beside_a_negative_is_not_pinned_by_it(tmp_path):
    # the row identity would pin the blank total to -5: an identity holding a value no report could
    # mean pins nothing (the 总计 column's identity, free of it, may still pin the total)
    r = rewrite(
        tmp_path,
        SEED,
        [(row_b("3.要求提供公开出版物", [0] * 7), row_b("3.要求提供公开出版物", [-5, 0, 0, 0, 0, 0, "-"]))],
    )
    total = r.value("B.result.not_processed.publication.total")
    assert total != -5 and (total is None or total >= 0)
    assert r.value("B.result.not_processed.publication.natural_person") == -5


def test_fraction_of_a_count_kept_and_flagged(tmp_path):
    r = rewrite(tmp_path, SEED, [("行政处罚\t103", "行政处罚\t10.5")])
    assert r.value("A.penalty_decisions") == Decimal("10.5")
    assert_flagged(r, "A.penalty_decisions", "10.5")


def test_fee_in_10k_yuan_may_have_a_fraction(tmp_path):
    r = rewrite(tmp_path, SEED, [("行政事业性收费\t0", "行政事业性收费\t12.35")])
    assert r.value("A.fees_10k_yuan") == Decimal("12.35")
    assert not [f for f in r.findings if f.kind == "implausible_value"]


@needs_shared
def test_2019_change_may_be_negative(tmp_path):
    r = rewrite(
        tmp_path,
        SHANGHAI_2019,
        [
            ("| 行政许可 | 0 | 0 | 0 |", "| 行政许可 | 12 | -3 | 0 |"),
            ("| 其他对外管理服务事项 | 0 | 0 | 0 |", "| 其他对外管理服务事项 | 7 | －2 | 0 |"),
            ("| 行政处罚 | 0 | 0 | 0 |", "| 行政处罚 | -4 | 0 | 0 |"),
        ],
        "2019.md",
    )
    assert r.template == "2019"
    assert r.value("A.licensing_items_last_year") == 12
    assert r.value("A.licensing_items_change") == -3
    assert r.value("A.other_services_items_change") == -2
    assert {"A.licensing_items_change", "A.other_services_items_change"} <= SIGNED_CELLS
    flagged = {k for f in r.findings if f.kind == "implausible_value" for k in f.cells}
    assert flagged == {"A.penalty_items_last_year"}  # 上一年项目数量 is a count: -4 is flagged
    assert r.value("A.penalty_items_last_year") == -4
    assert_flagged(r, "A.penalty_items_last_year", "-4")


@needs_shared
def test_procurement_in_yuan_has_its_own_limit(tmp_path):
    r = rewrite(
        tmp_path, SHANGHAI_2019, [("| 政府集中采购 | 6 | 251000元 |", "| 政府集中采购 | 6 | 2500000000元 |")], "a.md"
    )
    assert r.value("A.procurement_amount_yuan") == Decimal("2500000000")
    assert not [f for f in r.findings if f.kind == "implausible_value"]
    r = rewrite(
        tmp_path, SHANGHAI_2019, [("| 政府集中采购 | 6 | 251000元 |", f"| 政府集中采购 | 6 | {HUGE}元 |")], "b.md"
    )
    assert r.value("A.procurement_amount_yuan") == Decimal(HUGE)
    assert_flagged(r, "A.procurement_amount_yuan", str(HUGE))


def test_facts_store_keeps_the_value_and_the_finding(tmp_path):
    from vectorstore.facts import FactsStore

    r = rewrite(
        tmp_path,
        SEED,
        [
            ("行政处罚\t103", f"行政处罚\t{HUGE}"),
            (row_b("2.重复申请", [0] * 7), row_b("2.重复申请", [-5, 0, 0, 0, 0, 0, -5])),
        ],
    )
    facts = FactsStore(tmp_path / "facts.sqlite")
    try:
        facts.add_reports([("r1", r, [])])
        cells = facts.cells("r1")
        assert cells["A.penalty_decisions"]["value"] == HUGE
        assert cells["B.result.not_processed.repeated.total"]["value"] == -5
        stored = [f for f in facts.findings("r1") if f["kind"] == "implausible_value"]
        assert {c for f in stored for c in f["cells"]} == {
            "A.penalty_decisions",
            "B.result.not_processed.repeated.natural_person",
            "B.result.not_processed.repeated.total",
        }
        assert all(f["severity"] == "error" for f in stored)
    finally:
        facts.close()


# --- keys outside the template --------------------------------------------------------------------


def only_template_keys(report) -> list[str]:
    own = set(template_keys(report.template))
    return [k for k, c in report.cells.items() if c.value is not None and k not in own]


def test_glued_group_label_before_3_other_is_the_sub_row(tmp_path):
    # a merged "(六)其他处理" cell repeated on every row of its span, as HTML and Word tables give it
    r = rewrite(
        tmp_path,
        SEED,
        [
            ("\n3.其他\t\t0\t0\t0\t0\t0\t0\t0\t\n", "\n\t(六) 其他处理\t3.其他\t2\t0\t0\t0\t0\t0\t2\n"),
            ("(七) 总计\t\t0\t0\t0\t0\t0\t0\t0", "(七) 总计\t\t2\t0\t0\t0\t0\t0\t2"),
            (
                "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0",
                "一、本年新收政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t2",
            ),
        ],
    )
    assert r.value("B.result.other.other.natural_person") == 2
    assert r.value("B.result.other.other.total") == 2
    assert not r.cells["B.result.other.other.total"].inferred
    assert only_template_keys(r) == []
    assert not [f for f in r.findings if f.kind in ("identity", "cell_inferred", "cell_missing")]


def test_2021_single_other_row_pins_its_sub_rows_then_goes(tmp_path):
    lines = SEED.read_text(encoding="utf-8")
    start = lines.index("\t(六) 其他处理\t1.")
    end = lines.index("(七) 总计")
    text = lines[:start] + "\t(六) 其他处理\t0\t0\t0\t0\t0\t0\t0\n" + lines[end:]
    path = tmp_path / "one_other_row.txt"
    path.write_text(text, encoding="utf-8")
    r = parse_file(path)
    for sub in ("no_correction", "fee_unpaid", "other"):
        assert r.value(f"B.result.other.{sub}.total") == 0
        assert r.cells[f"B.result.other.{sub}.total"].inferred
    assert only_template_keys(r) == []


def test_2021_single_other_row_that_pins_nothing_is_announced(tmp_path):
    lines = SEED.read_text(encoding="utf-8")
    start = lines.index("\t(六) 其他处理\t1.")
    end = lines.index("(七) 总计")
    text = lines[:start] + "\t(六) 其他处理\t2\t0\t0\t0\t0\t0\t2\n" + lines[end:]
    text = text.replace("(七) 总计\t\t0\t0\t0\t0\t0\t0\t0", "(七) 总计\t\t2\t0\t0\t0\t0\t0\t2")
    text = text.replace(
        "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0",
        "一、本年新收政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t2",
    )
    path = tmp_path / "other_row_two.txt"
    path.write_text(text, encoding="utf-8")
    r = parse_file(path)
    assert only_template_keys(r) == []
    assert r.value("B.result.other.other.natural_person") is None  # 2 = three unknowns: not pinned
    said = [f for f in r.findings if f.kind == "cell_missing" and "其他处理" in f.message and "2" in f.values]
    assert said and "B.result.other.other.natural_person" in said[0].cells


def test_2021_other_row_disagreeing_with_its_sub_rows_is_an_identity_break(tmp_path):
    sub1 = "\t(六) 其他处理\t1."
    r = rewrite(tmp_path, SEED, [(sub1, "\t(六) 其他处理\t\t1\t0\t0\t0\t0\t0\t1\n" + sub1)])
    assert only_template_keys(r) == []
    broken = [f for f in r.findings if f.kind == "identity" and "B.result.other.all.total" in f.cells]
    assert broken and "其他处理" in broken[0].message


def corpus_files():
    if not SHARED.exists():
        return []
    corpus = SHARED / "corpus"
    return sorted(
        p
        for p in [*corpus.glob("seeds/*"), *corpus.glob("extra/*"), *corpus.glob("extra/*/*")]
        if p.is_file() and p.suffix in (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
    )


@needs_shared
@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: f"{p.parent.name}/{p.name[:24]}")
def test_corpus_reports_carry_only_their_template_keys(path):
    try:
        r = parse_file(path)
    except IngestError:
        return  # not a report (README, a page without the report): nothing to carry
    assert only_template_keys(r) == []
    assert not [f.message for f in r.findings if f.kind == "implausible_value"]


def test_answers_say_a_value_is_implausible(tmp_path):
    """10^30 is kept, but an answer that uses it says so and never marks it verified, even ranked first."""
    from bot.answer import Bot
    from vectorstore import Library, Settings

    text = SEED.read_text(encoding="utf-8").replace("行政处罚\t103", f"行政处罚\t{HUGE}")
    f = tmp_path / "huge.txt"
    f.write_text(text, encoding="utf-8")
    lib = Library(Settings(data_dir=tmp_path / "lib", embeddings="none"))
    lib.ingest([f, SEEDS / "000_cd949d845be236b5.txt"])
    bot = Bot(lib)
    for question in ("镇罗镇2024年行政处罚多少件？", "2024年行政处罚最多的是哪个镇？"):
        a = bot.answer(question)
        assert str(HUGE) in a.text and "数值异常" in a.text, a.text
        assert all(n.status != "verified" for n in a.numbers if n.value == str(HUGE))
