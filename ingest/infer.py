"""The identities (勾稽关系): pin blank or lost cells where they leave one value, and report breaks.

>>> from ingest.schema import identities
>>> i = identities("2021")[-1]            # 复议后起诉: total = upheld + corrected + other + pending
>>> identity_holds(i, {k: 0 for k in i.lhs + i.rhs})
True
"""

from __future__ import annotations

from decimal import Decimal

from . import schema
from .model import Cell, Finding
from .schema import Identity


def identity_holds(identity: Identity, values: dict) -> bool | None:
    """True/False when every cell is known, None when one is not."""
    try:
        lhs = sum(values[k] for k in identity.lhs)
        rhs = sum(values[k] for k in identity.rhs)
    except (KeyError, TypeError):
        return None
    return lhs == rhs


def _inference_identities(template: str, values: dict) -> list[Identity]:
    ids = list(schema.identities(template))
    if template == "2021" and any(values.get(f"B.result.other.all.{c}") is not None for c in schema.B_COLUMN_KEYS):
        # a 2021 report printing the 2019 single (六)其他处理 row: its three sub-rows add up to it
        for c in schema.B_COLUMN_KEYS:
            ids.append(
                Identity(
                    "6",
                    f"表三“{dict(schema.B_COLUMNS)[c]}”列：（六）其他处理=其三个子项之和",
                    (f"B.result.other.all.{c}",),
                    tuple(f"B.result.other.{r}.{c}" for r in ("no_correction", "fee_unpaid", "other")),
                )
            )
    return ids


def propagate(cells: dict[str, Cell], template: str, tables: set[str]) -> tuple[dict[str, Cell], list[Finding]]:
    """Fill the unknown cells of the printed tables that the identities and non-negativity pin down.

    Only blank cells are filled: a printed value is never replaced, and an identity holding a value
    no report could mean (negative, beyond 10^9, a fraction of a count) pins nothing. The result
    carries values only on the template's keys: a 2021 report's printed single 其他处理 row helps
    pin its three sub-rows, then goes (announced where it could not be carried over)."""
    values = {k: c.value for k, c in cells.items()}
    suspect = {k for k, v in values.items() if schema.value_problem(k, v)}
    ids = [i for i in _inference_identities(template, values) if not suspect & set(i.lhs + i.rhs)]
    inferred: dict[str, tuple[int, str]] = {}
    keys = [k for k in schema.template_keys(template) if k[0] in tables]
    unknown = {k for k in keys if values.get(k) is None}
    changed = True
    while changed and unknown:
        changed = False
        for ident in ids:
            cells_in = ident.lhs + ident.rhs
            if not any(k in unknown for k in cells_in):
                continue
            if any(k[0] not in tables for k in cells_in):
                continue
            ul = [k for k in ident.lhs if k in unknown]
            ur = [k for k in ident.rhs if k in unknown]
            kl = sum(values[k] for k in ident.lhs if k not in unknown and values.get(k) is not None)
            kr = sum(values[k] for k in ident.rhs if k not in unknown and values.get(k) is not None)
            if any(values.get(k) is None and k not in unknown for k in cells_in):
                continue
            if ul and ur:
                continue
            side = ul or ur
            need = (kr - kl) if ul else (kl - kr)
            if need < 0:
                continue
            if len(side) == 1:
                solved = {side[0]: need}
            elif need == 0:
                solved = dict.fromkeys(side, 0)
            else:
                continue
            for k, v in solved.items():
                values[k] = v
                unknown.discard(k)
                inferred[k] = (v, ident.description)
            changed = True
    out = dict(cells)
    for k, (v, _how) in inferred.items():
        old = cells.get(k)
        assert old is None or old.value is None, k  # a printed value is never replaced
        out[k] = Cell.model_construct(
            key=k, value=v, source=old.source if old else None, raw=old.raw if old else None, inferred=True
        )
    findings = _inferred_findings(inferred) + _other_all_findings(cells, values, template)
    own = set(schema.template_keys(template))
    for k, c in out.items():
        if k not in own and c.value is not None:
            out[k] = Cell.model_construct(key=k)
    return out, findings


def _other_all_findings(cells: dict[str, Cell], values: dict, template: str) -> list[Finding]:
    """A 2021 report printing the 2019 template's single 其他处理 row, which it does not keep: say so
    where the row disagrees with its sub-rows or could not be carried over to them."""
    if template != "2021":
        return []
    out: list[Finding] = []
    unplaced: list[Identity] = []
    for ident in _inference_identities(template, values):
        if ident.name != "6":
            continue
        held = identity_holds(ident, values)
        if held is False:
            out.append(_identity_finding(ident, values))
        elif held is None and values.get(ident.lhs[0]) is not None:
            unplaced.append(ident)
    if unplaced:
        printed = [f"“{_OTHER_COLS[i.lhs[0].rsplit('.', 1)[-1]]}”列 {_fmt(values[i.lhs[0]])}" for i in unplaced]
        raw = cells[unplaced[0].lhs[0]].raw
        out.append(
            Finding(
                kind="cell_missing",
                severity="warning",
                message=(
                    f"表三印有一行“（六）其他处理”合计（2019 年模板的写法）：{'、'.join(printed)}；"
                    "2021 年模板把其他处理分为三项，勾稽关系无法确定各项的数字，这些格记为未知，合计数只见于原文。"
                ),
                cells=tuple(k for i in unplaced for k in i.rhs if values.get(k) is None),
                quotes=(raw[:200],) if raw else (),
                values=tuple(_fmt(values[i.lhs[0]]) for i in unplaced),
            )
        )
    return out


_OTHER_COLS = dict(schema.B_COLUMNS)


def _inferred_findings(inferred: dict[str, tuple[int, str]]) -> list[Finding]:
    labels = schema.cell_labels()
    out: list[Finding] = []
    for table, name in (("A", "表二"), ("B", "表三"), ("C", "表四")):
        ks = [k for k in inferred if k[0] == table]
        if not ks:
            continue
        nonzero = [f"{'·'.join(_row_col(k, labels))}={inferred[k][0]}" for k in ks if inferred[k][0] != 0]
        zeros = [k for k in ks if inferred[k][0] == 0]
        # rows in print order, columns left to right
        rows = list(dict.fromkeys(_row_col(k, labels)[0] for k in sorted(zeros, key=lambda k: _KEY_AT.get(k, 0))))
        by_col = sorted(zeros, key=lambda k: _COLUMN_AT.get(k.rsplit(".", 1)[-1], 0))
        cols = list(dict.fromkeys(_row_col(k, labels)[1] for k in by_col))
        parts = []
        if nonzero:
            parts.append("、".join(nonzero))
        if zeros:
            parts.append(
                f"另有 {len(zeros)} 格推定为 0（涉及“{'、'.join(rows[:12])}{'等' if len(rows) > 12 else ''}”行的“{'、'.join(cols)}”）"
            )
        hows = sorted({inferred[k][1] for k in ks})
        out.append(
            Finding(
                kind="cell_inferred",
                severity="info",
                message=(
                    f"{name}有 {len(ks)} 个单元格空白或在转换中丢失，由勾稽关系和非负性唯一确定："
                    f"{'；'.join(parts)}。所用关系：{'；'.join(hows[:4])}{'等' if len(hows) > 4 else ''}。"
                ),
                cells=tuple(ks),
                values=tuple(str(inferred[k][0]) for k in ks),
            )
        )
    return out


_KEY_AT = {k: i for i, k in enumerate(schema.all_keys())}
_COLUMN_AT = {c: i for i, c in enumerate(dict.fromkeys(k.rsplit(".", 1)[-1] for k in schema.all_keys()))}
_ORG_COLS = frozenset(name for key, name in schema.B_COLUMNS if key not in ("natural_person", "total"))


def _row_col(key: str, labels: dict[str, str]) -> tuple[str, str]:
    """A cell's row and column as messages name them: the column is the label's last part, a table B
    applicant column under its heading ("法人或其他组织·商业企业"); the row is the rest, so a row
    named "其他" ("（六）其他处理 3.其他") stays a row and gains no column heading.

    >>> _row_col("B.result.other.other.other_org", schema.cell_labels())
    ('其他处理·其他', '法人或其他组织·其他')
    """
    row, _, col = labels.get(key, key).rpartition("·")
    if key.startswith("B.") and col in _ORG_COLS:
        col = f"法人或其他组织·{col}"
    return row, col


def identity_findings(cells: dict[str, Cell], template: str) -> list[Finding]:
    """An `identity` error for every identity that fails on known cells: which, both sides, the difference."""
    values = {k: c.value for k, c in cells.items()}
    return [_identity_finding(i, values) for i in schema.identities(template) if identity_holds(i, values) is False]


def _identity_finding(ident: Identity, values: dict) -> Finding:
    lhs = sum(values[k] for k in ident.lhs)
    rhs = sum(values[k] for k in ident.rhs)
    left_name, right_name = _sides(ident)
    return Finding(
        kind="identity",
        severity="error",
        message=(
            f"勾稽关系不成立（{ident.description}）：{left_name.removesuffix('为')}为 {_fmt(lhs)}，"
            f"{right_name}为 {_fmt(rhs)}，相差 {_fmt(abs(lhs - rhs))}。"
        ),
        cells=ident.lhs + ident.rhs,
        values=(_fmt(lhs), _fmt(rhs), _fmt(abs(lhs - rhs))),
    )


def _sides(ident: Identity) -> tuple[str, str]:
    if ident.name == "1":
        return "本年新收+上年结转", "办理结果总计+结转下年度"
    if ident.name == "2":
        return "（七）总计印为", "各项办理结果相加"
    if ident.name == "3":
        return "总计印为", "各申请人列相加"
    if ident.name == "6":
        return "（六）其他处理合计印为", "其三个子项相加"
    return "总计印为", "结果维持+结果纠正+其他结果+尚未审结"


def _fmt(v) -> str:
    if isinstance(v, Decimal):
        return format(v.normalize(), "f")
    return str(v)


def missing_findings(cells: dict[str, Cell], template: str, tables: set[str]) -> list[Finding]:
    """A `cell_missing` warning per row (B) or group (C, A) whose cells stay unknown."""
    labels = schema.cell_labels()
    groups: dict[str, list[str]] = {}
    for k in schema.template_keys(template):
        if k[0] not in tables or cells.get(k) is None or cells[k].value is not None:
            continue
        if k[0] == "B":
            g = k.rsplit(".", 1)[0]
        elif k[0] == "C":
            g = ".".join(k.split(".")[:2])
        else:
            g = labels.get(k, k).split("·")[0]
        groups.setdefault(g, []).append(k)
    out = []
    names = {"A": "表二", "B": "表三", "C": "表四"}
    for g, ks in groups.items():
        head = labels.get(ks[0], ks[0]).rsplit("·", 1)[0] if g[0] in "BC" else g
        cols = "、".join(labels.get(k, k).rsplit("·", 1)[-1] for k in ks)
        out.append(
            Finding(
                kind="cell_missing",
                severity="warning",
                message=f"{names.get(ks[0][0], '')}“{head}”的 {len(ks)} 个单元格（{cols}）空白或无法读出，且无勾稽关系可确定，记为未知（不是 0）。",
                cells=tuple(ks),
            )
        )
    return out
