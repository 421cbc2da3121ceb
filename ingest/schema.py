"""The annual-report schema as data: sections, tables, rows, columns, keys, labels, identities.

Everything else (the parser, the checks, the facts store, the CLI export) reads this module, so a
new label variant or template is a change of data here, not a new code path.

    >>> from ingest.schema import all_keys, template_keys
    >>> len(template_keys("2021"))
    200
    >>> "B.result.other.all.total" in template_keys("2019")
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

TEMPLATES = ("2021", "2019", "pre2019")
LEVELS = ("township", "county", "city", "province", "department")


@dataclass(frozen=True)
class SectionDef:
    key: str
    number: str  # 一 … 六
    title: str  # canonical Chinese heading
    variants: tuple[str, ...]  # heading texts as printed (without numbering)


SECTIONS: tuple[SectionDef, ...] = (
    SectionDef("overview", "一", "总体情况", ("总体情况", "概述", "基本情况")),
    SectionDef(
        "proactive_disclosure",
        "二",
        "主动公开政府信息情况",
        ("主动公开政府信息情况", "主动公开政府信息", "主动公开情况"),
    ),
    SectionDef(
        "applications",
        "三",
        "收到和处理政府信息公开申请情况",
        ("收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请", "依申请公开政府信息情况"),
    ),
    SectionDef(
        "reconsideration_litigation",
        "四",
        "政府信息公开行政复议、行政诉讼情况",
        (
            "政府信息公开行政复议、行政诉讼情况",
            "政府信息公开行政复议和行政诉讼情况",
            "因政府信息公开申请提起行政复议、行政诉讼情况",
            "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
            "因政府信息公开工作被申请行政复议和提起行政诉讼情况",
            "政府信息公开行政复议、行政诉讼",
            "政府信息公开行政法复议、行政诉讼情况",
            "行政复议、行政诉讼情况",
        ),
    ),
    SectionDef(
        "problems_and_improvements",
        "五",
        "存在的主要问题及改进情况",
        (
            "存在的主要问题及改进情况",
            "政府信息公开工作存在的主要问题及改进情况",
            "存在的主要问题及整改措施",
            "存在的主要问题和改进情况",
            "存在的主要问题及改进措施",
            "主要问题及改进情况",
            "存在的问题及改进情况",
        ),
    ),
    SectionDef("other_matters", "六", "其他需要报告的事项", ("其他需要报告的事项", "其他需要报告事项")),
)
SECTION_KEYS = tuple(s.key for s in SECTIONS)
SECTION_TITLES = {s.key: s.title for s in SECTIONS}


# --- Table A -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowA:
    """One printed row of table A: its label keys and the cell keys it prints, in print order."""

    labels: tuple[str, ...]
    cells: tuple[str, ...]
    fee: tuple[bool, ...] = ()  # per cell: decimal rather than a count

    def is_decimal(self, i: int) -> bool:
        return bool(self.fee) and self.fee[i]


TABLE_A: dict[str, tuple[RowA, ...]] = {
    "2021": (
        RowA(("规章",), ("A.rules.issued", "A.rules.repealed", "A.rules.in_force")),
        RowA(
            ("行政规范性文件", "规范性文件"),
            ("A.normative_documents.issued", "A.normative_documents.repealed", "A.normative_documents.in_force"),
        ),
        RowA(("行政许可",), ("A.licensing_decisions",)),
        RowA(("行政处罚",), ("A.penalty_decisions",)),
        RowA(("行政强制",), ("A.coercion_decisions",)),
        RowA(("行政事业性收费",), ("A.fees_10k_yuan",), (True,)),
    ),
    "2019": (
        RowA(("规章",), ("A.rules.made", "A.rules.published", "A.rules.total_published")),
        RowA(
            ("行政规范性文件", "规范性文件"),
            (
                "A.normative_documents.made",
                "A.normative_documents.published",
                "A.normative_documents.total_published",
            ),
        ),
        RowA(
            ("行政许可",),
            ("A.licensing_items_last_year", "A.licensing_items_change", "A.licensing_decisions"),
        ),
        RowA(
            ("其他对外管理服务事项",),
            (
                "A.other_services_items_last_year",
                "A.other_services_items_change",
                "A.other_services_decisions",
            ),
        ),
        RowA(("行政处罚",), ("A.penalty_items_last_year", "A.penalty_items_change", "A.penalty_decisions")),
        RowA(
            ("行政强制",),
            ("A.coercion_items_last_year", "A.coercion_items_change", "A.coercion_decisions"),
        ),
        RowA(("行政事业性收费",), ("A.fee_items_last_year", "A.fee_items_change")),
        RowA(
            ("政府集中采购",),
            ("A.procurement_projects", "A.procurement_amount_yuan"),
            (False, True),
        ),
    ),
}
# Cells that may be negative (2019 template's 本年增/减).
SIGNED_CELLS = frozenset(k for k in {c for rows in TABLE_A.values() for r in rows for c in r.cells} if "change" in k)
DECIMAL_CELLS = frozenset({"A.fees_10k_yuan", "A.procurement_amount_yuan"})
# The largest value any body could report: counts (and 万元) beyond 10^9 are misprints or junk.
# Procurement is in 元 (a province's yearly total stays far below 10^13).
PLAUSIBLE_MAX = 10**9
PLAUSIBLE_MAX_BY_KEY = {"A.procurement_amount_yuan": 10**13}


def value_problem(key: str, value) -> str | None:
    """Why a printed value is not one a report could mean (Chinese, for messages), or None.

    >>> value_problem("B.new_applications.total", -5)
    '为负数（只有表二的“本年增/减”可以为负）'
    >>> value_problem("A.licensing_items_change", -3) is None
    True
    """
    if value is None:
        return None
    if value < 0 and key not in SIGNED_CELLS:
        return "为负数（只有表二的“本年增/减”可以为负）"
    limit = PLAUSIBLE_MAX_BY_KEY.get(key, PLAUSIBLE_MAX)
    if abs(value) > limit:
        return f"超过 {limit:,}，不是任何机关可能报出的数"
    if key not in DECIMAL_CELLS and value != int(value):
        return "不是整数，而这一格是件数"
    return None


# --- Table B -------------------------------------------------------------------------------------

B_COLUMNS: tuple[tuple[str, str], ...] = (
    ("natural_person", "自然人"),
    ("commercial_enterprise", "商业企业"),
    ("research_institution", "科研机构"),
    ("public_welfare_org", "社会公益组织"),
    ("legal_service_org", "法律服务机构"),
    ("other_org", "其他"),
    ("total", "总计"),
)
B_COLUMN_KEYS = tuple(c for c, _ in B_COLUMNS)


@dataclass(frozen=True)
class RowB:
    key: str
    label: str  # canonical Chinese label
    keys: tuple[str, ...]  # distinctive substrings that identify the row in a printed label
    group: str = ""  # result group (withheld, unable, …) or ""


B_ROWS_2021: tuple[RowB, ...] = (
    RowB("new_applications", "一、本年新收政府信息公开申请数量", ("本年新收", "新收政府信息公开申请")),
    RowB("carried_from_last_year", "二、上年结转政府信息公开申请数量", ("上年结转",)),
    RowB("result.disclosed", "(一) 予以公开", ("予以公开",)),
    RowB("result.partially_disclosed", "(二) 部分公开", ("部分公开", "区分处理")),
    RowB("result.withheld.state_secret", "(三) 不予公开 1.属于国家秘密", ("国家秘密",), "withheld"),
    RowB(
        "result.withheld.prohibited_by_law",
        "2.其他法律行政法规禁止公开",
        ("其他法律行政法规禁止公开", "其他法律", "法规禁止", "行政止公开", "禁止公开"),
        "withheld",
    ),
    RowB(
        "result.withheld.endangers_security_stability",
        "3.危及“三安全一稳定”",
        ("三安全一稳定", "危及"),
        "withheld",
    ),
    RowB("result.withheld.third_party_rights", "4.保护第三方合法权益", ("第三方合法权益", "第三方"), "withheld"),
    RowB("result.withheld.internal_affairs", "5.属于三类内部事务信息", ("内部事务",), "withheld"),
    RowB("result.withheld.process_information", "6.属于四类过程性信息", ("过程性信息", "过程性"), "withheld"),
    RowB("result.withheld.enforcement_files", "7.属于行政执法案卷", ("执法案卷",), "withheld"),
    RowB("result.withheld.administrative_query", "8.属于行政查询事项", ("行政查询",), "withheld"),
    RowB("result.unable.not_held", "(四) 无法提供 1.本机关不掌握相关政府信息", ("不掌握",), "unable"),
    RowB("result.unable.needs_creation", "2.没有现成信息需要另行制作", ("另行制作", "没有现成"), "unable"),
    RowB("result.unable.unclear_after_correction", "3.补正后申请内容仍不明确", ("仍不明确", "补正后申请"), "unable"),
    RowB(
        "result.not_processed.petition_or_complaint",
        "(五) 不予处理 1.信访举报投诉类申请",
        ("信访举报", "举报投诉"),
        "not_processed",
    ),
    RowB("result.not_processed.repeated", "2.重复申请", ("重复申请",), "not_processed"),
    RowB("result.not_processed.publication", "3.要求提供公开出版物", ("出版物",), "not_processed"),
    RowB("result.not_processed.excessive", "4.无正当理由大量反复申请", ("大量反复",), "not_processed"),
    RowB(
        "result.not_processed.reconfirmation",
        "5.要求行政机关确认或重新出具已获取信息",
        ("重新出具", "确认或重新", "已获取信息"),
        "not_processed",
    ),
    RowB(
        "result.other.no_correction",
        "(六) 其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ("逾期不补正", "不补正"),
        "other",
    ),
    RowB(
        "result.other.fee_unpaid",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ("缴纳费用", "收费通知"),
        "other",
    ),
    RowB("result.other.other", "3.其他", (), "other"),
    RowB("result.total", "(七) 总计", ("总计",)),
    RowB("carried_to_next_year", "四、结转下年度继续办理", ("结转下年度", "下年度继续办理", "转下年度")),
)
_OTHER_ALL = RowB("result.other.all", "(六) 其他处理", ("其他处理",))
_2019_ROWS = [r for r in B_ROWS_2021 if r.group != "other"]
_TOTAL_AT = [r.key for r in _2019_ROWS].index("result.total")
B_ROWS_2019: tuple[RowB, ...] = (*_2019_ROWS[:_TOTAL_AT], _OTHER_ALL, *_2019_ROWS[_TOTAL_AT:])
B_ROWS = {"2021": B_ROWS_2021, "2019": B_ROWS_2019}
B_OTHER_ALL = _OTHER_ALL


def b_result_rows(template: str) -> tuple[str, ...]:
    """Row keys that identity 2 sums into result.total."""
    return tuple(r.key for r in B_ROWS[template] if r.key.startswith("result.") and r.key != "result.total")


# --- Table C -------------------------------------------------------------------------------------

C_GROUPS: tuple[tuple[str, str], ...] = (
    ("reconsideration", "行政复议"),
    ("litigation_direct", "行政诉讼·未经复议直接起诉"),
    ("litigation_after_reconsideration", "行政诉讼·复议后起诉"),
)
C_COLUMNS: tuple[tuple[str, str], ...] = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)
C_KEYS = tuple(f"C.{g}.{c}" for g, _ in C_GROUPS for c, _ in C_COLUMNS)


# --- keys ----------------------------------------------------------------------------------------


@cache
def template_keys(template: str) -> tuple[str, ...]:
    """Every cell key of one template, in print order (pre2019 has no fixed tables)."""
    if template not in B_ROWS:
        return ()
    a = tuple(k for r in TABLE_A[template] for k in r.cells)
    b = tuple(f"B.{r.key}.{c}" for r in B_ROWS[template] for c in B_COLUMN_KEYS)
    return a + b + C_KEYS


@cache
def all_keys() -> tuple[str, ...]:
    """The union of both templates' keys: what every parsed report carries (others null)."""
    seen: dict[str, None] = {}
    for t in ("2021", "2019"):
        for k in template_keys(t):
            seen.setdefault(k, None)
    return tuple(seen)


@cache
def cell_labels() -> dict[str, str]:
    """Chinese label of every key, for people: 'B.new_applications.total' → '本年新收政府信息公开申请数量·总计'."""
    out: dict[str, str] = {}
    a_names = {
        "issued": "本年制发件数",
        "repealed": "本年废止件数",
        "in_force": "现行有效件数",
        "made": "本年新制作数量",
        "published": "本年新公开数量",
        "total_published": "对外公开总数量",
    }
    for rows in TABLE_A.values():
        for r in rows:
            for k in r.cells:
                tail = k.split(".")[-1]
                if tail in a_names:
                    out[k] = f"{r.labels[0]}·{a_names[tail]}"
                elif tail.endswith("items_last_year"):
                    out[k] = f"{r.labels[0]}·上一年项目数量"
                elif tail.endswith("items_change"):
                    out[k] = f"{r.labels[0]}·本年增/减"
                elif k == "A.fees_10k_yuan":
                    out[k] = "行政事业性收费·本年收费金额（万元）"
                elif k == "A.procurement_projects":
                    out[k] = "政府集中采购·采购项目数量"
                elif k == "A.procurement_amount_yuan":
                    out[k] = "政府集中采购·采购总金额（元）"
                else:
                    out[k] = f"{r.labels[0]}·本年处理决定数量"
    cols = dict(B_COLUMNS)
    for rows in B_ROWS.values():
        for r in rows:
            label = _strip_numbering(r.label.rsplit(" ", 1)[-1])
            if r.group:
                label = f"{_GROUP_NAMES[r.group]}·{label}"
            for c in B_COLUMN_KEYS:
                out[f"B.{r.key}.{c}"] = f"{_strip_numbering(label)}·{cols[c]}"
    for g, gl in C_GROUPS:
        for c, cl in C_COLUMNS:
            out[f"C.{g}.{c}"] = f"{gl}·{cl}"
    return out


_GROUP_NAMES = {"withheld": "不予公开", "unable": "无法提供", "not_processed": "不予处理", "other": "其他处理"}


def _strip_numbering(label: str) -> str:
    import re

    return re.sub(r"^[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*", "", label)


# --- identities ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    """A linear identity: sum(lhs) == sum(rhs). `name` says which of the spec's identities it is."""

    name: str  # "1", "2", "3", "4"
    description: str  # Chinese, for messages
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]


@cache
def identities(template: str) -> tuple[Identity, ...]:
    if template not in B_ROWS:
        return ()
    out: list[Identity] = []
    cols = dict(B_COLUMNS)
    result_rows = b_result_rows(template)
    labels = {
        r.key: _strip_numbering(r.label.split(" ", 1)[-1] if r.label.startswith("(") else r.label)
        for r in B_ROWS[template]
    }
    for c in B_COLUMN_KEYS:
        out.append(
            Identity(
                "1",
                f"表三“{cols[c]}”列：本年新收+上年结转=办理结果总计+结转下年度",
                (f"B.new_applications.{c}", f"B.carried_from_last_year.{c}"),
                (f"B.result.total.{c}", f"B.carried_to_next_year.{c}"),
            )
        )
    for c in B_COLUMN_KEYS:
        out.append(
            Identity(
                "2",
                f"表三“{cols[c]}”列：（七）总计=各项办理结果之和",
                (f"B.result.total.{c}",),
                tuple(f"B.{r}.{c}" for r in result_rows),
            )
        )
    for r in B_ROWS[template]:
        out.append(
            Identity(
                "3",
                f"表三“{labels[r.key]}”行：总计=自然人+法人或其他组织各列之和",
                (f"B.{r.key}.total",),
                tuple(f"B.{r.key}.{c}" for c in B_COLUMN_KEYS[:-1]),
            )
        )
    for g, gl in C_GROUPS:
        out.append(
            Identity(
                "4",
                f"表四“{gl}”：总计=结果维持+结果纠正+其他结果+尚未审结",
                (f"C.{g}.total",),
                tuple(f"C.{g}.{c}" for c, _ in C_COLUMNS[:-1]),
            )
        )
    return tuple(out)
