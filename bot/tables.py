"""Table answers: a Query's measures over its reports, read with SQL from the facts store, and
composed as one direct sentence first, the interpretation used, then the items with their cells.

Every number printed is a cell, a sum of cells, or a derived figure whose formula and cells are
printed beside it; a cell not printed is unknown and said so, never counted as 0.

    >>> fmt(Decimal("24252.311082")), fmt(3119), pct(Decimal(64), Decimal(351))
    ('24252.311082', '3119', '18.2%')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from ingest.schema import B_COLUMNS, cell_labels

from .measures import B_ROW_NAMES, Measure, b_group_rows, b_measure
from .understand import Query

TABLE_NAMES = {"A": "表二 主动公开", "B": "表三 依申请公开", "C": "表四 行政复议、行政诉讼"}


@dataclass(frozen=True)
class Value:
    report: dict
    measure: Measure
    value: Decimal | int | None
    keys: tuple[str, ...]  # the cells summed (those of the report's template)
    why: str = ""  # for an unknown value: not_printed, not_in_template

    @property
    def known(self) -> bool:
        return self.value is not None


def fmt(v) -> str:
    if isinstance(v, Decimal):
        v = v.normalize()
        return format(v, "f") if v != v.to_integral_value() else str(int(v))
    return str(v)


def rounded(v: Decimal, places: int = 1) -> Decimal:
    return v.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def pct(num, den, places: int = 1) -> str:
    """A share in percent, to one decimal place unless the question asked for others."""
    return f"{rounded(Decimal(num) * 100 / Decimal(den), places)}%"


def times(num, den, places: int = 1) -> Decimal:
    """A multiple ("是…的几倍"), to one decimal place like a share unless the question asked otherwise;
    one below 1 to two (0.11, not 0.1)."""
    x = Decimal(num) / Decimal(den)
    return rounded(x, 2 if places == 1 and abs(x) < 1 else places)


def read_values(facts, reports: list[dict], ms: tuple[Measure, ...]) -> dict[tuple[str, str], Value]:
    """Every (report, measure) value, with one query over the facts store's cells."""
    if not reports or not ms:
        return {}
    cells = facts.cell_values([r["id"] for r in reports], sorted({k for m in ms for k in m.parts}))
    out = {}
    for r in reports:
        for m in ms:
            have = m.keys_for(r.get("template"))
            if not have:
                out[(r["id"], m.key)] = Value(r, m, None, (), "not_in_template")
                continue
            vals = [cells.get((r["id"], k)) for k in have]
            if any(v is None for v in vals):
                out[(r["id"], m.key)] = Value(r, m, None, have, "not_printed")
            else:
                out[(r["id"], m.key)] = Value(r, m, sum(vals), have)
    return out


class Composer:
    """Builds the lines and citations of one answer (numbers cited as they are written)."""

    def __init__(self, q: Query, cite: Callable[[int, dict, tuple[str, ...]], object], facts, all_reports: list[dict]):
        self.q = q
        self.facts = facts  # the facts store, for breakdowns and the year before
        self.all_reports = all_reports
        self.flagged: set[tuple[str, str]] = set()  # (report, cell) printed with an implausible value
        self.cite_fn = cite
        self.citations: list = []
        self.lines: list[str] = []
        self.checks: list[tuple[str, str, str]] = []  # value, status, cell or formula
        self.places = 1 if q.decimals is None else q.decimals  # of derived figures

    def cite(self, v: Value) -> str:
        if not v.keys:
            return ""
        for c in self.citations:
            if c.report_id == v.report["id"] and c.cell == ",".join(v.keys):
                return f" [{c.n}]"
        c = self.cite_fn(len(self.citations) + 1, v.report, v.keys)
        self.citations.append(c)
        return f" [{c.n}]"

    def num(self, v: Value) -> str:
        """'61 件 [1]' for a known value; the unknown said in words."""
        if v.value is None and v.why == "not_in_template":
            return self._not_in_template(v)
        if v.value is None:
            return unknown_text(v, self.q.lang) + self.cite(v)
        if any((v.report["id"], k) in self.flagged for k in v.keys):
            # printed, kept as printed, but no body could report it: said, never passed as verified
            self.checks.append((fmt(v.value), "not_found", ",".join(v.keys)))
            note = (
                "（年报印为此数，数值异常，照录未核实）"
                if self.q.lang == "zh"
                else " (as printed; implausible, not verified)"
            )
            return f"{fmt(v.value)} {unit(v, self.q.lang)}{note}{self.cite(v)}"
        self.checks.append((fmt(v.value), "verified", ",".join(v.keys)))
        u = unit(v, self.q.lang)
        return f"{fmt(v.value)}{' ' + u if u else ''}{self.cite(v)}"

    def _not_in_template(self, v: Value) -> str:
        """An item the report's template does not list: said, the report cited, and the row it is
        counted in where the template has one (the 2019 template's single 其他处理 row)."""
        from .measures import Measure

        r = v.report
        parent = _parent_keys(v.measure.parts, r.get("template") or "")
        if self.q.lang == "en":
            text = f"not listed separately in this report's ({r.get('template')} template) tables"
        else:
            text = f"该年报（{r.get('template')}年版模板）没有单列这一项（未知，不作推测）"
        cite = self.cite(replace(v, keys=v.measure.parts))
        if not parent:
            return text + cite
        keys, label = parent
        vals = self.facts.cell_values([r["id"]], list(keys))
        got = [vals.get((r["id"], k)) for k in keys]
        pv = Value(r, Measure(keys[0], label, keys, v.measure.unit), sum(got) if None not in got else None, keys)
        if self.q.lang == "en":
            return f"{text}{cite}; it is counted within “{label}”: {self.num(pv)}"
        return f"{text}{cite}；它计入“{label}”一行：{self.num(pv)}"

    def derived(self, text: str, formula: str) -> str:
        self.checks.append((text.rstrip("%"), "verified", "formula:" + formula))
        return text


def _parent_keys(keys: tuple[str, ...], template: str) -> tuple[tuple[str, ...], str] | None:
    """The cells of the row an item is counted in when the template does not list it separately."""
    from ingest.schema import template_keys

    have = set(template_keys(template))
    out = []
    for k in keys:
        parts = k.split(".")
        if len(parts) == 5 and parts[1] == "result":
            p = ".".join([*parts[:3], "all", parts[4]])
            if p in have and p not in out:
                out.append(p)
    if not out:
        return None
    return tuple(out), cell_labels()[out[0]].rsplit("·", 1)[0] if len(out) == 1 else labels_of(tuple(out))


def unit(v: Value, lang: str = "zh") -> str:
    if lang == "en":
        return {"万元": "×10,000 yuan", "元": "yuan", "个": ""}.get(v.measure.unit, "")
    return v.measure.unit


def unknown_text(v: Value, lang: str = "zh") -> str:
    if lang == "en":
        return "not printed in the report (unknown)" if v.why == "not_printed" else "not part of this report's template"
    if v.why == "not_in_template":
        return "该年报所用模板没有这一项（未知）"
    return "年报未印出（未知，不作推测）"


def who(r: dict) -> str:
    return r.get("body") or r.get("name") or ""


def when(r: dict) -> str:
    return f"{r['year']}年" if r.get("year") else ""


def interpretation(q: Query, reports: list[dict]) -> str:
    """按：淮安市人民政府 · 2024年 · 表四 行政复议、行政诉讼 · 行政复议·结果纠正"""
    bodies = sorted({who(r) for r in reports})
    years = sorted({r["year"] for r in reports if r.get("year")})
    parts = []
    if q.places and len(bodies) <= 3:
        parts.append("、".join(bodies))
    else:
        level = {"township": "乡镇", "department": "部门", "county": "县区", "city": "市"}.get(q.level or "", "")
        parts.append(f"{level or '全部机关'}（{len(reports)} 份年报）")
    if years:
        parts.append(f"{years[0]}—{years[-1]}年" if len(years) > 2 else "、".join(f"{y}年" for y in years))
    measures = list(q.measures)
    if q.ratio:
        measures = [*q.ratio.numerator, q.ratio.denominator]
    tables = sorted({m.table for m in measures})
    parts += [TABLE_NAMES[t] for t in tables]
    parts.append("、".join(m.label for m in measures[:6]))
    if q.threshold:
        parts.append(q.threshold.text().strip())
    parts += list(q.notes)
    return "按：" + " · ".join(p for p in parts if p)


def parts_of(q, m: Measure) -> tuple[Measure, ...]:
    """What a measure divides into for this question: a group's rows (不予公开 → its reasons), or,
    asked by applicant ("哪类申请人最多"), a table B row's applicant columns; less what the question
    leaves out ("除了自然人")."""
    if q.by == "applicant" and m.table == "B" and m.key.endswith(".total") and m.key.count(".") >= 2:
        row = m.key[2:].rsplit(".", 1)[0]
        if row in B_ROW_NAMES:
            return tuple(b_measure(row, col) for col, _ in B_COLUMNS if col != "total" and col not in q.excluded)
    return tuple(x for x in group_rows(m) if x.key.split(".", 1)[1].rsplit(".", 1)[0] not in q.excluded)


def siblings(m: Measure) -> tuple[Measure, ...]:
    """The figures a measure is ranked among in its report: the parts of the whole it is a part of
    (无法提供 among 予以公开, 部分公开, 不予公开…; 属于国家秘密 among the reasons of 不予公开)."""
    wholes = (
        [b_measure("result.total", "total")]
        + [b_measure(f"group:{g}", m.key.rsplit(".", 1)[-1]) for g in ("withheld", "unable", "not_processed", "other")]
        if m.table == "B"
        else []
    )
    for whole in wholes:
        rows = group_rows(whole)
        if any(x.key == m.key for x in rows):
            return rows
    return ()


def group_rows(m: Measure) -> tuple[Measure, ...]:
    """The rows a group measure sums (不予公开 → its eight reasons), for breakdowns."""
    key = m.key.split(".")
    if (
        m.table == "B"
        and len(key) == 4
        and key[1] == "result"
        and key[2] in ("withheld", "unable", "not_processed", "other")
    ):
        col = key[3]
        return tuple(b_measure(r, col) for r in b_group_rows(key[2]) if r in B_ROW_NAMES)
    if m.table == "C" and len(key) == 3 and key[1] == "litigation":  # 直接起诉 and 复议后起诉, the same column
        from .measures import c_measure

        return tuple(c_measure(g, key[2]) for g in ("litigation_direct", "litigation_after_reconsideration"))
    if m.key.startswith("B.result.total.") and key[3] != "total":
        # one applicant column's results ("律所的申请怎么处理的"): each result as printed, reasons included
        groups = ("withheld", "unable", "not_processed", "other")
        rows = ("result.disclosed", "result.partially_disclosed", *(r for g in groups for r in b_group_rows(g)))
        return tuple(b_measure(r, key[3]) for r in rows if r in B_ROW_NAMES)
    if m.key == "B.result.total.total":
        col = key[3]
        return tuple(
            b_measure(r, col)
            for r in (
                "result.disclosed",
                "result.partially_disclosed",
                "group:withheld",
                "group:unable",
                "group:not_processed",
                "group:other",
            )
        )
    return ()


def labels_of(keys: tuple[str, ...]) -> str:
    return "、".join(cell_labels().get(k, k) for k in keys)


def flagged_cells(facts, reports: list[dict]) -> set[tuple[str, str]]:
    """(report, cell) pairs the parser flagged as implausible (negative counts, beyond 10^9)."""
    return facts.finding_cells([r["id"] for r in reports], "implausible_value")
