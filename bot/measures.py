"""Measures: what a question asks to be counted, as cells of the three tables (row × column), and
the derived figures with their formulas.

A measure sums one or more cell keys; the keys a report's template does not have are left out (the
2019 template's single 其他处理 row stands where 2021 prints three), and a measure over a report
whose template has none of them, or whose cells are not printed, is unknown, never 0.

    >>> from bot.vocabulary import concepts
    >>> [m.key for m in measures(concepts("自然人和商业企业各占多少"))]
    ['B.new_applications.natural_person', 'B.new_applications.commercial_enterprise']
    >>> [m.key for m in measures(concepts("规章的本年制发、本年废止分别是多少"))]
    ['A.rules.issued', 'A.rules.repealed']
    >>> ratio(concepts("行政复议纠错率")).formula
    '结果纠正 ÷ 总计'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.schema import B_COLUMNS, B_ROWS_2021, C_COLUMNS, C_GROUPS, TABLE_A, cell_labels, template_keys

from .vocabulary import Mention


@dataclass(frozen=True)
class Measure:
    key: str  # a canonical name: the cell key, or a name for a sum ("B.result.withheld.total")
    label: str  # Chinese, for answers
    parts: tuple[str, ...]  # cell keys summed
    unit: str = "件"

    def keys_for(self, template: str | None) -> tuple[str, ...]:
        have = set(template_keys(template or ""))
        return tuple(k for k in self.parts if k in have)

    @property
    def table(self) -> str:
        return self.key[0]


@dataclass(frozen=True)
class Ratio:
    """numerator ÷ denominator, as a percentage with one decimal place."""

    label: str
    numerator: tuple[Measure, ...]
    denominator: Measure
    multiple: bool = False  # "是…的多少倍": a multiple, not a percentage

    @property
    def formula(self) -> str:
        among = (*self.numerator, self.denominator)
        top = " + ".join(_short(m, among) for m in self.numerator)
        return (
            f"({top}) ÷ {_short(self.denominator, among)}"
            if len(self.numerator) > 1
            else f"{top} ÷ {_short(self.denominator, among)}"
        )


def _short(m: Measure, among: tuple[Measure, ...] = ()) -> str:
    """A measure's name in a formula: a table C column alone when every measure is of one group
    ("结果纠正 ÷ 总计"), with its group when they are not ("行政复议 ÷ 行政诉讼").

    >>> _short(c_measure("reconsideration", "total"), (c_measure("litigation", "total"),))
    '行政复议'
    """
    if m.table == "C":
        _, group, col = m.key.split(".")
        if len({x.key.split(".")[1] for x in (m, *among) if x.table == "C"}) > 1:
            return C_GROUP_NAMES[group] + ("" if col == "total" else f"·{C_COLUMN_NAMES[col]}")
        return "总计" if col == "total" else C_COLUMN_NAMES[col]
    return m.label.replace("·总计", "")


# --- table A -------------------------------------------------------------------------------------
_A_SUFFIX = {
    "_items_last_year": "items_last_year",
    "_items_change": "items_change",
    "_decisions": "decisions",
    "_10k_yuan": "amount",
    "_amount_yuan": "amount",
    "_projects": "projects",
}


def _a_split(key: str) -> tuple[str, str]:
    k = key[2:]
    if "." in k:
        row, col = k.split(".", 1)
    else:
        suffix = next(s for s in _A_SUFFIX if k.endswith(s))
        row, col = k[: -len(suffix)], _A_SUFFIX[suffix]
    return ("fees" if row == "fee" else row), col


A_KEYS: dict[tuple[str, str], str] = {_a_split(k): k for rows in TABLE_A.values() for r in rows for k in r.cells}
A_DEFAULT_COLUMN = {
    "rules": "issued",
    "normative_documents": "issued",
    "licensing": "decisions",
    "other_services": "decisions",
    "penalty": "decisions",
    "coercion": "decisions",
    "fees": "amount",
    "procurement": "projects",
}
_A_UNITS = {"A.fees_10k_yuan": "万元", "A.procurement_amount_yuan": "元", "A.procurement_projects": "个"}
_A_NAMES = {
    "A.licensing_decisions": "行政许可决定",
    "A.penalty_decisions": "行政处罚决定",
    "A.coercion_decisions": "行政强制决定",
    "A.other_services_decisions": "其他对外管理服务事项决定",
    "A.fees_10k_yuan": "行政事业性收费金额",
}


def a_measure(row: str, col: str) -> Measure | None:
    key = A_KEYS.get((row, col))
    if key is None:
        return None
    label = _A_NAMES.get(key) or cell_labels()[key].replace("（万元）", "").replace("（元）", "")
    return Measure(key, label, (key,), _A_UNITS.get(key, "项" if "_items_" in key else "件"))


# --- table B -------------------------------------------------------------------------------------
B_COLUMN_NAMES = dict(B_COLUMNS)
B_ROW_NAMES = {r.key: cell_labels()[f"B.{r.key}.total"].rsplit("·", 1)[0] for r in B_ROWS_2021}
B_ROW_NAMES.update({"result.total": "办理结果总计", "result.other.all": "其他处理"})
B_GROUPS = {
    "withheld": "不予公开",
    "unable": "无法提供",
    "not_processed": "不予处理",
    "other": "其他处理",
}
LEGAL_COLUMNS = (
    "commercial_enterprise",
    "research_institution",
    "public_welfare_org",
    "legal_service_org",
    "other_org",
)


def b_group_rows(group: str) -> tuple[str, ...]:
    rows = tuple(r.key for r in B_ROWS_2021 if r.group == group)
    return (*rows, "result.other.all") if group == "other" else rows


def b_measure(row: str, col: str) -> Measure:
    """A table B measure; `row` may be a result group ("group:withheld"), `col` the legal-persons group."""
    rows = b_group_rows(row[6:]) if row.startswith("group:") else (row,)
    cols = LEGAL_COLUMNS if col == "legal_persons" else (col,)
    row_name = B_GROUPS[row[6:]] + "（各项合计）" if row.startswith("group:") else B_ROW_NAMES[row]
    col_name = "法人或其他组织" if col == "legal_persons" else B_COLUMN_NAMES[col]
    key = f"B.{row.replace('group:', 'result.')}.{col}"
    label = row_name if col == "total" else f"{row_name}·{col_name}"
    return Measure(key, label, tuple(f"B.{r}.{c}" for r in rows for c in cols))


# --- table C -------------------------------------------------------------------------------------
C_GROUP_NAMES = {**dict(C_GROUPS), "litigation": "行政诉讼"}
C_COLUMN_NAMES = dict(C_COLUMNS)


def c_measure(group: str, col: str) -> Measure:
    groups = ("litigation_direct", "litigation_after_reconsideration") if group == "litigation" else (group,)
    label = C_GROUP_NAMES[group] + ("" if col == "total" else f"·{C_COLUMN_NAMES[col]}")
    if group == "litigation" and col == "total":
        label = "行政诉讼（直接起诉与复议后起诉合计）"
    return Measure(f"C.{group}.{col}", label, tuple(f"C.{g}.{col}" for g in groups))


# --- composition ---------------------------------------------------------------------------------
def _ordered(mentions: list[Mention], part: str, strong_only: bool = False) -> list[str]:
    out: list[str] = []
    for m in mentions:
        if m.concept[0] == part and (not strong_only or not m.weak) and m.concept[1] not in out:
            out.append(m.concept[1])
    return out


def _b_rows(mentions: list[Mention]) -> list[str]:
    strong = [m for m in mentions if m.concept[0] in ("B.row", "B.group") and not m.weak]
    chosen = strong or [m for m in mentions if m.concept[0] in ("B.row", "B.group")]
    rows: list[str] = []
    specific_groups = {r.split(".")[1] for m in chosen if m.concept[0] == "B.row" for r in [m.concept[1]] if "." in r}
    for m in chosen:
        name = m.concept[1] if m.concept[0] == "B.row" else f"group:{m.concept[1]}"
        if name.startswith("group:") and name[6:] in specific_groups:
            continue  # "属于国家秘密被不予公开": the row, not the whole group
        if name not in rows:
            rows.append(name)
    return rows


def measures(mentions: list[Mention], context: tuple[Measure, ...] = ()) -> tuple[Measure, ...]:
    """The measures the mentions name, in the order the question names them. `context` (the previous
    question's measures) fills in a table's rows when the question names only its columns."""
    first: dict[str, int] = {}
    for m in mentions:
        first.setdefault(m.concept[0][0], m.start)
    out: list[tuple[int, Measure]] = []
    # table A
    a_rows = _ordered(mentions, "A.row")
    a_cols = _ordered(mentions, "A.col")
    if not a_rows and a_cols and context and context[0].table == "A":
        a_rows = [_a_split(context[0].parts[0])[0]]
    for row in a_rows:
        cols = [c for c in a_cols if (row, c) in A_KEYS] or [A_DEFAULT_COLUMN[row]]
        for col in cols:
            m = a_measure(row, col)
            if m:
                out.append((first.get("A", 0), m))
    # table B
    b_rows = _b_rows(mentions)
    b_cols = _ordered(mentions, "B.col") + (["legal_persons"] if _ordered(mentions, "B.colgroup") else [])
    if not b_rows and b_cols:
        prev = next((m for m in context if m.table == "B"), None)
        b_rows = [prev.key.split(".", 1)[1].rsplit(".", 1)[0]] if prev and "." in prev.key[2:] else []
        b_rows = [r if r in B_ROW_NAMES else f"group:{r.split('.')[-1]}" for r in b_rows] or ["new_applications"]
    for row in b_rows:
        for col in b_cols or ["total"]:
            out.append((first.get("B", 0), b_measure(row, col)))
    # table C
    groups = _ordered(mentions, "C.group")
    strong_groups = _ordered(mentions, "C.group", strong_only=True)
    if strong_groups:
        groups = strong_groups
    cols = _ordered(mentions, "C.col")
    if "litigation" in groups and ({"litigation_direct", "litigation_after_reconsideration"} & set(groups)):
        groups.remove("litigation")
        if not cols and not _qualifies(mentions):  # "行政诉讼一共多少，直接起诉和复议后起诉各多少": the total too
            out.append((first.get("C", 0), c_measure("litigation", "total")))
    if "outcomes" in cols:
        cols = [c for c, _ in C_COLUMNS]
    if cols and not groups:
        # "其中“其他结果”几件" after 复议后起诉: the narrowest group asked before
        before = [m.key.split(".")[1] for m in context if m.table == "C"]
        parts = {"litigation_direct", "litigation_after_reconsideration"}
        # 行政诉讼 with its two parts shown under it is 行政诉讼; with one part named, that part
        narrow = (
            [g for g in before if g != "litigation"] if len(set(before)) > 1 and not parts <= set(before) else before
        )
        groups = narrow[:1] or ["reconsideration"]
    for g in groups:
        gcols = cols or ["total"]
        if g == "litigation" and gcols == ["total"]:
            out.append((first.get("C", 0), c_measure(g, "total")))
            out += [
                (first.get("C", 0), c_measure(x, "total"))
                for x in ("litigation_direct", "litigation_after_reconsideration")
            ]
            continue
        out += [(first.get("C", 0), c_measure(g, c)) for c in gcols]
    out.sort(key=lambda x: x[0])
    return tuple(dict.fromkeys(m for _, m in out))


def _qualifies(mentions: list[Mention]) -> bool:
    """ "复议后起诉的行政诉讼": the group word right after its part qualifies it, asks nothing more."""
    parts = [
        m
        for m in mentions
        if m.concept == ("C.group", "litigation_direct") or m.concept == ("C.group", "litigation_after_reconsideration")
    ]
    whole = [m for m in mentions if m.concept == ("C.group", "litigation")]
    return bool(whole) and all(any(0 <= w.start - p.end <= 3 for p in parts) for w in whole)


def disjoint(ms) -> list:
    """The measures a sum adds: none counted twice (行政诉讼 and its 直接起诉/复议后起诉 breakdown)."""
    chosen: list = []
    for m in sorted(ms, key=lambda m: -len(m.parts)):
        if not any(_overlap(a, b) for x in chosen for a in m.parts for b in x.parts):
            chosen.append(m)
    return sorted(chosen, key=list(ms).index)


def _overlap(a: str, b: str) -> bool:
    """Whether one cell counts what the other does: the same cell, or a row's total and its column."""
    (ra, ca), (rb, cb) = a.rsplit(".", 1), b.rsplit(".", 1)
    return a == b or (ra == rb and "total" in (ca, cb))


DIVIDE_RE = re.compile(r"÷|/|除以|除|divided by|\bover\b")
SHARE_RE = re.compile(r"占")


ADD_TO_RE = re.compile(r"加上|再加|连同|算上|包括上|and add|plus")


def ratio(mentions: list[Mention], question: str = "", context: tuple[Measure, ...] = ()) -> Ratio | None:
    """A derived figure: a named metric (纠错率, 予以公开率) or "X ÷ Y" / "X 占 Y" between measures."""
    metric = _ordered(mentions, "metric")
    if "correction_rate" in metric:
        groups = [g for g in _ordered(mentions, "C.group", strong_only=True) if g] or [
            next((m.key.split(".")[1] for m in context if m.table == "C"), "reconsideration")
        ]
        g = groups[0]
        return Ratio(f"{C_GROUP_NAMES[g]}纠错率", (c_measure(g, "corrected"),), c_measure(g, "total"))
    if "disclosure_rate" in metric:
        return Ratio("予以公开率", (b_measure("result.disclosed", "total"),), b_measure("result.total", "total"))
    if "completion_rate" in metric:
        return Ratio(
            "办结率",
            (b_measure("result.total", "total"),),
            Measure(
                "B.to_handle", "本年新收 + 上年结转", ("B.new_applications.total", "B.carried_from_last_year.total")
            ),
        )
    if "change_rate" in metric:
        return None
    share_of = _share_of(mentions, question, context)
    if share_of is not None:
        return share_of
    cut = DIVIDE_RE.search(question) or SHARE_RE.search(question)
    if not cut:
        found = measures(mentions, context)
        if "倍" in question or re.search(r"\btimes\b", question):
            found = tuple(disjoint(found))  # 行政诉讼 with its breakdown is one figure here
            if len(found) == 2:
                a, b = (_short(m, found) for m in found)
                return Ratio(f"{a}是{b}的倍数", (found[0],), found[1], multiple=True)
            return None
        if len(found) == 1 and re.search(r"率|比例|占比|百分|比重|share|proportion|percent", question):
            cut = re.search(r"$", question)  # "维持率": the measure over its own total
        else:
            return None
    before = [m for m in mentions if m.end <= cut.start()]
    stop = re.search(r"[，,？?；;。]", question[cut.end() :])  # the denominator is named in the cut's clause
    end = cut.end() + stop.start() if stop else len(question)
    after = [m for m in mentions if cut.end() <= m.start < end] or [m for m in mentions if m.start >= cut.end()]
    den = measures(after, context)
    num = tuple(m for m in measures(before, context) if m not in den)
    cols = {m.key.rsplit(".", 1)[1] for m in num if m.table == "B" and not m.key.endswith(".total")}
    if len(cols) == 1 and re.search(
        r"该类|这类|此类|该类申请|其(?:办理|申请)|它们的|他们的", question[cut.end() : end]
    ):
        # "法律服务机构的申请，予以公开的占该类申请办理结果总计的…": the denominator of that column too
        col = cols.pop()
        den = tuple(
            b_measure(m.key[2:].rsplit(".", 1)[0], col) if m.table == "B" and m.key.endswith(".total") else m
            for m in den
        )
    total = b_measure("result.total", "total")
    if total in num and len(num) > 1 and not den:
        # "办理结果里，予以公开占总数的比例": the results are where the share is taken, not a part of it
        num, den = tuple(m for m in num if m != total), (total,)
    if not num and not before and context:
        num = tuple(m for m in context if m not in den)  # "占新收总数的百分之几？" after "企业提了多少件？"
    elif num and context and ADD_TO_RE.search(question[: cut.start()]):
        # "加上部分公开的话，占…的百分之几" after "予以公开多少件": what was asked, and this
        num = tuple(dict.fromkeys([*(m for m in context if m not in den and m.table == num[0].table), *num]))
    if not num:
        return None
    den = den or _whole_of(num[0])
    if not den:
        return None
    label = " + ".join(_short(m) for m in num) + "占" + _short(den[0]) + "的比例"
    return Ratio(label, num, den[0])


def _whole_of(first: Measure) -> tuple[Measure, ...]:
    """The total a part is a share of when the question names none."""
    if first.table == "B" and first.key.startswith("B.result"):
        return (b_measure("result.total", "total"),)
    if first.table == "B" and not first.key.endswith(".total"):
        return (b_measure(first.key.split(".")[1], "total"),)
    if first.table == "C":
        return (c_measure(first.key.split(".")[1], "total"),)
    return ()


_SHARE_OF_RE = re.compile(r"\b(?:share|percentage|proportion|percent|fraction|ratio)\s+of\b", re.IGNORECASE)
_EN_VERB_RE = re.compile(r"\b(?:were|was|are|is|got|get|did|had|have|ended|received|went|came)\b", re.IGNORECASE)


def _share_of(mentions: list[Mention], question: str, context: tuple[Measure, ...]) -> Ratio | None:
    """English "what share of the new applications were disclosed in full": the whole after "of", the
    part after the verb."""
    cut = None if DIVIDE_RE.search(question) else _SHARE_OF_RE.search(question)  # "÷" says it exactly
    verb = _EN_VERB_RE.search(question, cut.end()) if cut else None
    if not verb:
        return None
    stop = re.search(r"[?？.;；]", question[verb.end() :])
    end = verb.end() + stop.start() if stop else len(question)
    den = measures([m for m in mentions if cut.end() <= m.start < verb.start()], context)
    num = tuple(m for m in measures([m for m in mentions if verb.end() <= m.start < end], context) if m not in den)
    den = den or (_whole_of(num[0]) if num else ())
    if not num or not den:
        return None
    return Ratio(" + ".join(_short(m) for m in num) + "占" + _short(den[0]) + "的比例", num, den[0])
