"""Reports typed into the official Word template (template-2021-blank.docx), its merged cells intact,
parse to every cell: a horizontally merged cell is read once, a vertical merge's continuation cells
are blank, rows come out as a text report prints them. And the template filled in the ways real Word
files differ from clean generated ones (builders.DOCX_VARIANTS: list numbering, heading styles,
tracked changes, split runs, fields, content controls, odd cell contents, nested, split and padded
tables, a text box, headers and footers, abbreviated labels, soft line breaks) parses to the same
cells, sections and metadata; old binary Word, WPS and RTF files get an error saying what to do."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from ingest import parse_file, schema
from ingest.load import load_path

from .builders import DOCX_COMBINED, DOCX_VARIANTS, printed_cells, write_template_docx, write_variant_docx
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


# --- real Word files ---------------------------------------------------------------------------------

# large counts, a fee with three decimals, sub-headings (一)… under 一, a text-vs-table finding
RICH = "2025_沭阳县人民政府.md"
NARRATIVE = ("text_vs_table", "parts_sum", "year_mismatch")
LEAKS = ("SUM", "TOC", "PAGEREF", "页眉草稿", "999")  # field codes, the header, the deleted row


@pytest.fixture(scope="module")
def rich():
    return parse_file(EXTRA / RICH), _gold_extra()[RICH]["cells"]


def _same_report(source, docx, expected: dict) -> None:
    """The Word file read as its source: every cell as expected, the same sections under the same
    headings, metadata, broken identities and narrative findings, nothing leaked into the text."""
    assert _cells(docx) == {k: _value(expected[k]) for k in KEYS}
    heads = [(s.key, "".join(s.title.split())) for s in source.sections]
    assert [(s.key, "".join(s.title.split())) for s in docx.sections] == heads
    assert (docx.body, docx.year, docx.town, docx.county, docx.level, docx.template) == (
        source.body,
        source.year,
        source.town,
        source.county,
        source.level,
        source.template,
    )
    kinds = [f.kind for f in docx.findings]
    assert "implausible_value" not in kinds and "incomplete" not in kinds
    missing = {k for f in docx.findings if f.kind == "cell_missing" for k in f.cells}
    assert missing == {k for k in KEYS if expected[k] is None}
    assert {f.cells for f in docx.findings if f.kind == "identity"} == {
        f.cells for f in source.findings if f.kind == "identity"
    }
    assert sorted(f.message for f in docx.findings if f.kind in NARRATIVE) == sorted(
        f.message for f in source.findings if f.kind in NARRATIVE
    )
    assert all(docx.cells[k].source.startswith("table") for k in KEYS if expected[k] is not None)
    assert [docx.text.count(w) for w in LEAKS] == [source.text.count(w) for w in LEAKS]


@pytest.mark.parametrize("variant", [*DOCX_VARIANTS, "combined"])
def test_real_word_files(variant, rich, tmp_path):
    """Each way a real Word file differs, and all of them at once, on a report rich in cells."""
    source, gold = rich
    variants = DOCX_COMBINED if variant == "combined" else variant
    path, expected = write_variant_docx(source, tmp_path / f"{variant}.docx", TEMPLATE, gold, variants)
    docx = parse_file(path)
    _same_report(source, docx, expected)
    inferred = {k for f in docx.findings if f.kind == "cell_inferred" for k in f.cells}
    if variant in ("cell_contents", "combined"):
        # the cells typed "—" "/" "无" "-" are not read as numbers: pinned by their row totals, announced
        assert len(inferred) >= 10 and all(expected[k] == 0 for k in inferred)
    else:
        assert not inferred


@pytest.mark.parametrize(
    ("name", "variants"),
    [
        ("2024_平潭综合实验区管委会.txt", DOCX_COMBINED),
        # its section 一 has sub-headings named like sections ((一)主动公开政府信息情况): in a heading
        # style without numbers they stay sub-headings, only the outermost level's headings are sections
        ("2023_沭阳县发展和改革局.txt", ("heading_styles",)),
        ("2023_沭阳县发展和改革局.txt", ("tracked_changes", "heading_styles_numbered", "text_box")),
        # a blank first cell in table C and a stray grid column after its last
        ("2023_沭阳县发展和改革局.txt", DOCX_COMBINED),
    ],
    ids=["pingtan-combined", "fagai-heading-styles", "fagai-numbered-styles", "fagai-combined"],
)
def test_real_word_files_of_other_reports(name, variants, tmp_path):
    source = parse_file(EXTRA / name)
    gold = _gold_extra()[name]["cells"]
    path, expected = write_variant_docx(source, tmp_path / "r.docx", TEMPLATE, gold, variants)
    _same_report(source, parse_file(path), expected)


def test_cell_contents_read_as_printed(rich, tmp_path):
    """What each odd cell reads as: "0件" 0, full-width digits, thousands separators and footnote marks
    their number; a dash, slash or 无 unknown until an identity pins it; a blank cell nothing pins
    unknown, never 0."""
    source, gold = rich
    path, _ = write_variant_docx(source, tmp_path / "c.docx", TEMPLATE, gold, "cell_contents")
    docx = parse_file(path)
    assert docx.value("A.licensing_decisions") == 517645  # "517,645"
    assert docx.value("A.penalty_decisions") == 693957  # full-width
    assert docx.value("A.fees_10k_yuan") == Decimal("4068.208")  # "4,068.208"
    assert docx.value("A.normative_documents.in_force") == 32  # "32*"
    assert docx.value("A.normative_documents.issued") == 6  # "6" and a superscript "1"
    assert docx.value("B.new_applications.total") == 713  # "713①"
    assert docx.value("A.coercion_decisions") is None
    assert docx.cells["A.coercion_decisions"].inferred is False
    state_secret = [docx.cells[f"B.result.withheld.state_secret.{c}"] for c in schema.B_COLUMN_KEYS[:-1]]
    assert all(c.value == 0 and c.inferred for c in state_secret)  # typed "—", pinned by the row total 0


def _lines(path) -> list[str]:
    return [line.text for line in load_path(path)]


def test_what_word_does_not_print_is_not_read(rich, tmp_path):
    """Deleted and moved-away text, hidden text, field codes, a table of contents, the VML copy of a
    text box, headers and footers: none of it is in the lines; what is inserted or moved to is."""
    source, gold = rich
    path, _ = write_variant_docx(
        source, tmp_path / "t.docx", TEMPLATE, gold, ("tracked_changes", "runs_fields_wrappers", "text_box")
    )
    lines = _lines(path)
    text = "\n".join(lines)
    assert lines[0] == source.text.splitlines()[0]  # the title, typed as an insertion in a content control
    assert text.count("四、政府信息公开行政复议、行政诉讼情况") == 1  # moved: read at its new place only
    assert text.count("三、收到和处理政府信息公开申请情况") == 1  # a deleted copy before table A
    assert text.count("一、总体情况") == 1  # the table of contents not read
    assert "999" not in text and "SUM" not in text and "PAGEREF" not in text
    assert sum(1 for line in lines if line.startswith("结果维持\t")) == 1  # table C once, not its VML copy


# --- files that are not .docx ------------------------------------------------------------------------

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("2024年报.doc", _OLE + bytes(504) + "WordDocument".encode("utf-16-le"), "旧版 Word 97-2003 文档（.doc）"),
        ("2024年报.docx", _OLE + bytes(504) + "WordDocument".encode("utf-16-le"), "内容却是旧版 Word 97-2003"),
        ("locked.docx", _OLE + bytes(504) + "EncryptedPackage".encode("utf-16-le"), "设置了打开密码"),
        ("2024年报.wps", _OLE + bytes(504), "WPS 文字的旧格式文档（.wps）"),
        ("2024年报.rtf", rb"{\rtf1\ansi\ansicpg936 {\fonttbl} \par}", "RTF 格式文档"),
        ("2024年报.doc", b"\x00\x01junk" * 100, "无法识别文件内容"),
    ],
    ids=["doc", "doc-named-docx", "encrypted", "wps", "rtf", "junk-doc"],
)
def test_old_word_files_say_what_to_do(name, content, says, tmp_path):
    from ingest.errors import IngestError

    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestError) as err:
        parse_file(path)
    message = str(err.value)
    assert message.startswith(name + "：") and says in message
    assert "另存为" in message and ".docx" in message


def test_a_doc_that_is_a_docx_or_a_web_page_is_read(tmp_path):
    """A .doc that is really a .docx, a web page, or a single-file web page (MHTML, GB2312, quoted-
    printable, as Word saves one) is read as what it is."""
    import shutil
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    name = "2024_平潭综合实验区管委会.txt"
    gold = _gold_extra()[name]["cells"]
    _, docx = _typed(EXTRA / name, gold, tmp_path)
    renamed = tmp_path / "年报.doc"
    shutil.copy(tmp_path / "report.docx", renamed)
    assert _cells(parse_file(renamed)) == _cells(docx)

    page = EXTRA / "html" / "2023_平潭综合实验区管委会.html"
    from_html = parse_file(page)
    as_doc = tmp_path / "网页.doc"
    as_doc.write_bytes(page.read_bytes())
    assert _cells(parse_file(as_doc)) == _cells(from_html)
    mht = MIMEMultipart("related")
    mht.attach(MIMEText(page.read_bytes().decode("utf-8").replace("utf-8", "gb18030"), "html", "gb18030"))
    as_mht = tmp_path / "单个网页.doc"
    as_mht.write_bytes(mht.as_bytes())
    assert _cells(parse_file(as_mht)) == _cells(from_html)


# --- the reader on small documents -------------------------------------------------------------------

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _read(body: str, numbering: str = "") -> list[str]:
    """The lines of a body written as XML, with a numbering part's XML."""
    from docx.oxml import parse_xml

    from ingest.docx_read import Numbering, Reader

    reader = Reader()
    if numbering:
        reader.numbering = Numbering(parse_xml(f"<w:numbering {W}>{numbering}</w:numbering>"), None)
    reader.blocks(parse_xml(f"<w:body {W}>{body}</w:body>"))
    reader.number_headings()
    return [line.text for line in reader.lines]


def _p(text: str, num: int | None = None, level: int = 0) -> str:
    num_pr = f'<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr></w:pPr>' if num else ""
    return f"<w:p>{num_pr}<w:r><w:t>{text}</w:t></w:r></w:p>"


def _lvl(i: int, fmt: str, text: str, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{extra}'
        f'<w:suff w:val="nothing"/><w:lvlText w:val="{text}"/></w:lvl>'
    )


def test_list_numbers_count_restart_and_continue_as_in_word():
    """Two w:num of one list continue each other; a startOverride restarts; a level restarts under
    the level above unless its lvlRestart says never; isLgl prints the levels above in decimal."""
    numbering = (
        '<w:abstractNum w:abstractNumId="0">'
        + _lvl(0, "chineseCounting", "%1、")
        + _lvl(1, "decimal", "%1.%2", "<w:isLgl/>")
        + "</w:abstractNum>"
        + '<w:abstractNum w:abstractNumId="1">'
        + _lvl(0, "decimalEnclosedCircle", "%1")
        + _lvl(1, "lowerLetter", "%2)", '<w:lvlRestart w:val="0"/>')
        + "</w:abstractNum>"
        + '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        + '<w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>'
        + '<w:num w:numId="3"><w:abstractNumId w:val="0"/>'
        + '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="9"/></w:lvlOverride></w:num>'
        + '<w:num w:numId="4"><w:abstractNumId w:val="1"/></w:num>'
    )
    body = "".join(
        [
            _p("甲", 1),
            _p("乙", 1, 1),
            _p("丙", 1, 1),
            _p("丁", 2),  # another num of the same list: continues
            _p("戊", 2, 1),  # restarted under the new level-0 item
            _p("己", 3),  # startOverride 9
            _p("庚", 4, 1),
            _p("辛", 4),
            _p("壬", 4, 1),  # lvlRestart 0: never restarts
        ]
    )
    assert _read(body, numbering) == [
        "一、甲",
        "1.1乙",
        "1.2丙",
        "二、丁",
        "2.1戊",
        "九、己",
        "a)庚",
        "(1)辛",
        "b)壬",
    ]  # ① as normalised


def test_section_headings_from_lists_and_styles():
    """Headings numbered 1. 2. by a list read as 一、二、; the sub-list under them, (一) (二), and a
    sub-heading that happens to name a section stay as they are."""
    numbering = (
        '<w:abstractNum w:abstractNumId="0">'
        + _lvl(0, "decimal", "%1.")
        + _lvl(1, "chineseCounting", "（%2）")
        + '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    )
    body = _p("总体情况", 1) + _p("主动公开政府信息情况", 1, 1) + _p("正文") + _p("主动公开政府信息情况", 1)
    assert _read(body, numbering) == ["一、总体情况", "(一)主动公开政府信息情况", "正文", "二、主动公开政府信息情况"]


def test_a_table_of_contents_that_never_ends_is_read_after_all():
    """A damaged file whose TOC field has no end: rather than nothing after it, everything is read."""
    toc = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> TOC \\o "1-3" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>一、总体情况 1</w:t></w:r></w:p>'
    )
    from docx import Document

    from ingest.docx_read import read_body

    doc = Document()
    body = doc.element.body
    from docx.oxml import parse_xml

    for el in parse_xml(f"<w:body {W}>{toc}{_p('一、总体情况')}{_p('正文')}</w:body>"):
        body.insert(len(body) - 1, el)
    assert [line.text for line in read_body(doc)] == ["一、总体情况 1", "一、总体情况", "正文"]
