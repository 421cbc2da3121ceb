"""Reports typed into the official Word template (template-2021-blank.docx), its merged cells intact,
parse to every cell: a horizontally merged cell is read once, a vertical merge's continuation cells
are blank, rows come out as a text report prints them."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from ingest import parse_file, schema
from ingest.load import load_path

from .builders import printed_cells, write_template_docx
from .conftest import EXTRA, SEEDS, SHARED, gold_seeds, needs_shared, seed_cells

pytestmark = needs_shared

TEMPLATE = SHARED / "spec" / "template-2021-blank.docx"
KEYS = schema.template_keys("2021")


def _gold_extra() -> dict[str, dict]:
    path = SHARED / "gold" / "extra.json"
    if not path.exists():
        return {}
    reports = json.loads(path.read_text())["reports"]
    return {name: g for name, g in reports.items() if g.get("template") == "2021" and "/" not in name}


def _seed_gold() -> dict[str, dict]:
    return {g["file"]: g for g in gold_seeds()} if (SHARED / "gold" / "seeds.json").exists() else {}


def _value(v):
    return Decimal(str(v)) if isinstance(v, float) else v


def _cases() -> list[tuple[str, object, dict]]:
    """(id, source file, every 2021 cell as the gold states it) for the seeds and the corpus's
    2021-template reports."""
    out = [(name[:3], SEEDS / name, seed_cells(g)) for name, g in sorted(_seed_gold().items())]
    out += [(name, EXTRA / name, g["cells"]) for name, g in sorted(_gold_extra().items())]
    return out


CASES = _cases() if SHARED.exists() else []


def _typed(src, cells: dict, tmp_path, name: str = "report.docx"):
    """The source report's text and the given cells typed into the template, and its parse."""
    source = parse_file(src)
    docx = parse_file(write_template_docx(source, tmp_path / name, TEMPLATE, cells))
    assert docx.format == "docx"
    return source, docx


def _cells(report) -> dict:
    return {k: report.cells[k].value for k in KEYS}


@pytest.mark.parametrize(("src", "gold"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_every_cell_of_the_filled_template(src, gold, tmp_path):
    """Every cell typed (the gold's values; a cell the gold does not know left blank) comes back."""
    source, docx = _typed(src, gold, tmp_path)
    assert _cells(docx) == {k: _value(gold[k]) for k in KEYS}
    assert docx.template == "2021"
    assert (docx.body, docx.year, docx.town, docx.county, docx.level) == (
        source.body,
        source.year,
        source.town,
        source.county,
        source.level,
    )
    kinds = [f.kind for f in docx.findings]
    assert "implausible_value" not in kinds
    assert "cell_inferred" not in kinds  # nothing blank that an identity had to pin
    unknown = {k for k in KEYS if gold[k] is None}
    missing = {k for f in docx.findings if f.kind == "cell_missing" for k in f.cells}
    assert missing == unknown, [f.message for f in docx.findings if f.kind == "cell_missing"]
    # the published tables' own inconsistencies, and only those
    assert {f.cells for f in docx.findings if f.kind == "identity"} == {
        f.cells for f in source.findings if f.kind == "identity"
    }
    assert all(docx.cells[k].source.startswith("table") for k in KEYS if gold[k] is not None)


def test_a_rich_report_cell_by_cell(tmp_path):
    """A report with many nonzero cells in every table (a 万元 fee with decimals among them)."""
    name = "2024_平潭综合实验区管委会.txt"
    gold = _gold_extra()[name]["cells"]
    assert sum(1 for v in gold.values() if v) > 30
    _, docx = _typed(EXTRA / name, gold, tmp_path)
    assert docx.value("A.licensing_decisions") == 4529
    assert docx.value("A.fees_10k_yuan") == Decimal("18651.06")
    assert docx.value("A.normative_documents.in_force") == 440
    assert [docx.value(k) for k in schema.C_KEYS] == [gold[k] for k in schema.C_KEYS]
    assert not [f for f in docx.findings if f.kind in ("cell_missing", "cell_inferred", "implausible_value")]


def test_rows_read_as_a_text_report_prints_them(tmp_path):
    """Each merged cell once: "行政许可" and its number in a cell spanning three grid columns, the
    label columns of table B and the header of table C merged downwards, blank below their first row."""
    name = "2024_淮安市人民政府.pdf"
    gold = _gold_extra()[name]["cells"]
    path = write_template_docx(parse_file(EXTRA / name), tmp_path / "t.docx", TEMPLATE, gold)
    rows = {}
    for line in load_path(path):
        if line.is_row:
            rows.setdefault(line.source.rsplit(" row", 1)[0], []).append(line.cells)
    a, b, c = rows["table 1"], rows["table 2"], rows["table 3"]
    assert ("行政许可", str(gold["A.licensing_decisions"]), "", "") in a
    assert ("第二十条第(五)项", "", "", "") in a
    assert ("信息内容", "本年处理决定数量", "", "") in a
    assert b[0][1:4] == ("", "", "申请人情况") and b[0][4:] == ("",) * 6
    assert b[1][:3] == ("", "", "") and b[1][5:9] == ("",) * 4  # 法人或其他组织 spans five columns
    other = [r for r in b if r[2] == "3.其他"]
    assert len(other) == 1 and other[0][:2] == ("", "")  # 三、本年度办理结果 and （六）其他处理 above
    assert other[0][3:] == tuple(str(gold[f"B.result.other.other.{k}"]) for k in schema.B_COLUMN_KEYS)
    assert [r[1] for r in b].count("(七)总计") == 1 and all(len(r) == 10 for r in b)
    assert c[0][0] == "行政复议" and c[0][1:5] == ("",) * 4 and c[0][5] == "行政诉讼"
    assert c[2][:5] == ("",) * 5  # 行政复议's column heads are merged downwards
    assert c[1][10] == "复议后起诉" and c[1][11:] == ("",) * 4
    assert c[3] == tuple(str(gold[k]) for k in schema.C_KEYS)


def test_cells_left_blank_are_inferred_from_the_identities(tmp_path):
    """Seed 002 typed with the cells its text leaves blank left blank: the same values inferred, its
    blank 行政复议 cells unknown."""
    src = SEEDS / "002_19cc13ecf0eb244d.txt"
    g = _seed_gold()[src.name]
    _, docx = _typed(src, printed_cells(parse_file(src)), tmp_path)
    assert _cells(docx) == seed_cells(g)
    inferred = {k for f in docx.findings if f.kind == "cell_inferred" for k in f.cells}
    assert inferred == set(g["inferred_cells"])
    missing = {k for f in docx.findings if f.kind == "cell_missing" for k in f.cells}
    assert missing == set(g["unknown_cells"])


def test_inferred_message_names_rows_that_exist(tmp_path):
    """Table B's "（六）其他处理 3.其他" row left blank: the message names that row and the columns
    under their heading, never a row "其他处理·其他·法人或其他组织"."""
    src = SEEDS / "004_9c54c256ccc794aa.txt"
    cells = seed_cells(_seed_gold()[src.name])
    blank = {f"B.result.other.other.{c}" for c in schema.B_COLUMN_KEYS} | {"C.litigation_after_reconsideration.total"}
    _, docx = _typed(src, {k: (None if k in blank else v) for k, v in cells.items()}, tmp_path)
    assert _cells(docx) == cells
    found = [f for f in docx.findings if f.kind == "cell_inferred"]
    assert {k for f in found for k in f.cells} == blank
    b = next(f for f in found if f.cells[0].startswith("B."))
    assert "“其他处理·其他”行" in b.message
    assert "法人或其他组织·商业企业" in b.message and "法人或其他组织·其他" in b.message
    assert "其他·法人或其他组织" not in b.message


def test_a_nonzero_value_left_blank_is_inferred_with_its_row_and_column(tmp_path):
    name = "2024_淮安市人民政府.pdf"
    gold = _gold_extra()[name]["cells"]
    blank = {"B.new_applications.total", "C.litigation_direct.total"}
    assert all(gold[k] for k in blank)
    _, docx = _typed(EXTRA / name, {k: (None if k in blank else v) for k, v in gold.items()}, tmp_path)
    assert _cells(docx) == {k: _value(gold[k]) for k in KEYS}
    found = [f for f in docx.findings if f.kind == "cell_inferred"]
    assert {k for f in found for k in f.cells} == blank
    message = " ".join(f.message for f in found)
    assert f"本年新收政府信息公开申请数量·总计={gold['B.new_applications.total']}" in message
    assert f"行政诉讼·未经复议直接起诉·总计={gold['C.litigation_direct.total']}" in message
