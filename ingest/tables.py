"""Tables A, B and C read into the schema's cells, by row label, never by line position.

Two readers share the row labels of `schema`: the cell reader for rows that kept their cells (tabs,
pipes, HTML/Word/PDF tables, numbers after a label), and the run reader for web pages flattened to
one line, whose digits ran together ("一、本年新收政府信息公开申请数量21710000218"): those are split
only where the identities leave exactly one way (`splits`).

    >>> from ingest.load import Line
    >>> rows = [Line(("规章", "0", "0", "0"), "line 1"), Line(("行政处罚", "103"), "line 2")]
    >>> cells, _ = read_table_a(rows, "", "2021")
    >>> cells["A.penalty_decisions"].value
    103
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from . import schema
from .load import Line
from .model import Cell, Finding
from .splits import group_splits, plain_splits, row_splits
from .stated import COLUMN_WORDS, pinned_by_prose, stated_figures

NUM_RE = re.compile(r"^[-+]?\d+(?:\.\d+)?$")
UNIT_RE = re.compile(r"(万元|元|件|个|条|项|次)$")
# a cell printing no number: blank, dashes, a slash, 无 ("none" typed where a count goes); unknown
# unless an identity pins it, like a blank cell
BLANK_RE = re.compile(r"[-—–－─―/／\\\s]*|无|空|暂无")
_MINUS = "－−–"  # full-width hyphen-minus, minus sign, en dash before digits: a negative number
_NUMBERING = re.compile(r"^[\s(（]*[一二三四五六七八九十\d]+[)）、.．]?\s*")


@lru_cache(maxsize=65536)
def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


@lru_cache(maxsize=65536)
def as_number(text: str) -> str | None:
    """The number a cell prints ("251000元" → "251000", "－5" → "-5"), or None if the cell is not a number."""
    t = compact(text).replace(",", "").replace("，", "")
    t = UNIT_RE.sub("", t)
    if t[:1] in _MINUS:
        t = "-" + t[1:]
    return t if NUM_RE.match(t) else None


def to_value(text: str, key: str) -> int | Decimal | None:
    """The value of a printed number, as printed: a negative count, a count with a fraction or one no
    body could report is kept (the checks flag it, `schema.value_problem`), never dropped."""
    try:
        d = Decimal(text)
    except InvalidOperation:
        return None
    if key in schema.DECIMAL_CELLS or d != d.to_integral_value():
        return d
    return int(d)


@dataclass
class RawRow:
    """A printed row: the label text and the value cells after it (None = blank cell)."""

    label: str
    values: list[str | None]
    source: str
    raw: str
    tokens: bool = False  # values came from splitting on spaces (no blank cells possible)


def raw_row(line: Line) -> RawRow | None:
    cells = line.cells
    if len(cells) == 1:
        toks = cells[0].split(" ")
        vals: list[str] = []
        while toks and as_number(toks[-1]) is not None:
            vals.insert(0, as_number(toks.pop()))
        label = " ".join(toks)
        if not vals:
            return RawRow(label, [], line.source, line.text) if label else None
        return RawRow(label, list(vals), line.source, line.text, tokens=True)
    label_idx = [i for i, c in enumerate(cells) if not BLANK_RE.fullmatch(c) and as_number(c) is None]
    last = label_idx[-1] if label_idx else -1
    label = " ".join(cells[i] for i in label_idx)
    vals2: list[str | None] = []
    for c in cells[last + 1 :]:
        vals2.append(None if BLANK_RE.fullmatch(c) else as_number(c))
    if not any(v is not None for v in vals2):
        return RawRow(label, [], line.source, line.text) if label else None
    return RawRow(label, vals2, line.source, line.text)


def fit(values: list[str | None], n: int) -> list[str | None]:
    """Trim the padding blank cells of a row to n cells (leading blanks of a label column, trailing tabs)."""
    v = list(values)
    while len(v) > n and v and v[0] is None:
        v.pop(0)
    while len(v) > n and v and v[-1] is None:
        v.pop()
    return v


def _cell(key: str, text: str | None, source: str, raw: str) -> Cell:
    return Cell.model_construct(
        key=key, value=None if text is None else to_value(text, key), source=source, raw=raw[:300]
    )


# --- table A -------------------------------------------------------------------------------------


def match_a(label: str, template: str) -> schema.RowA | None:
    lab = compact(label)
    best, best_len = None, 0
    for row in schema.TABLE_A[template]:
        for k in row.labels:
            if k in lab and len(k) > best_len:
                best, best_len = row, len(k)
    return best


def read_table_a(lines: list[Line], text: str, template: str, prose: str = "") -> tuple[dict[str, Cell], list[Finding]]:
    """Table A's cells from its section (`text`); `prose`, the whole report, settles a flattened row."""
    cells: dict[str, Cell] = {}
    findings: list[Finding] = []
    short: list[tuple[schema.RowA, list[str], object]] = []  # rows printed one number short
    for line in lines:
        rr = raw_row(line)
        if rr is None or not rr.values:
            continue
        row = match_a(rr.label, template)
        if row is None or row.cells[0] in cells:
            continue
        n = len(row.cells)
        vals = fit(rr.values, n)
        if len(vals) > n:
            vals = vals[:n] if all(v is None for v in vals[n:]) else vals
        if len(vals) == n:
            for k, v in zip(row.cells, vals, strict=True):
                cells[k] = _cell(k, v, rr.source, rr.raw)
        elif len(vals) < n and rr.tokens and len(vals) == 1:
            _split_a(row, vals[0] or "", rr.source, rr.raw, cells, findings, prose)
        else:
            for k in row.cells:
                cells[k] = Cell.model_construct(key=k, value=None, source=rr.source, raw=rr.raw[:300])
            if len(vals) == n - 1 and None not in vals:
                short.append((row, vals, rr))
            else:
                findings.append(_unreadable_a(row, rr.raw, f"印有 {len(vals)} 个数字，应为 {n} 个"))
    placed = _floated_column(short, text)
    for row, vals, rr in short:
        if row.cells[0] in placed:
            got, raw = placed[row.cells[0]]
            cells.update({k: _cell(k, v, rr.source, rr.raw) for k, v in got.items()})
            findings.append(_floated_finding(row, got, raw))
        else:
            findings.append(_unreadable_a(row, rr.raw, f"印有 {len(vals)} 个数字，应为 {len(row.cells)} 个"))
    if len(cells) < len(schema.template_keys(template)[: sum(len(r.cells) for r in schema.TABLE_A[template])]) // 2:
        run_cells, run_findings = _read_a_runs(text, template, prose)
        if len(run_cells) > len(cells):
            return run_cells, run_findings
    return cells, findings


# a number standing alone on its line, and the note printed under it ("22" / "（其中修订 16 件）")
_FLOATED = re.compile(r"^[ \t]*(\d+)[ \t]*\n(?:[ \t]*[（(]([^）)\n]{1,30})[）)][ \t]*\n)?", re.MULTILINE)
_ITEM_ONE = re.compile(r"第二十条第[（(][一1][）)]项")


def _floated_column(short: list, text: str) -> dict[str, dict[str, str]]:
    r"""Rows of 第二十条第（一）项 printed one number short, with as many numbers standing alone under
    that item's heading: a PDF floated one column's cells out of the table (a cell with a note under
    its number prints on lines of its own). The numbers go to the rows in order, into the column
    their notes name ("含自然失效 29 件": 本年废止); with no note naming one, into the one column that
    keeps every row's 现行有效 at least its 本年制发; else nowhere (the cells stay unknown).

    >>> rows = [r for r in schema.TABLE_A["2021"][:2]]
    >>> got = _floated_column([(rows[0], ["22", "235"], None), (rows[1], ["34", "189"], None)],
    ...                       "第二十条第（一）项\n22\n（其中修订 16 件）\n55\n（含自然失效 29 件）\n第二十条第（五）项\n")
    >>> got["A.rules.issued"][0], got["A.normative_documents.issued"][0]
    ({'A.rules.issued': '22', 'A.rules.repealed': '22', 'A.rules.in_force': '235'}, {'A.normative_documents.issued': '34', 'A.normative_documents.repealed': '55', 'A.normative_documents.in_force': '189'})
    """
    if not short:
        return {}
    head = _ITEM_ONE.search(text)
    if not head:
        return {}
    end = re.search(r"第二十条第", text[head.end() :])
    block = text[head.end() : head.end() + end.start() if end else len(text)] + "\n"
    floated = [(m.group(1), m.group(2) or "", m.group(0).strip()) for m in _FLOATED.finditer(block.lstrip("\n"))]
    if len(floated) != len(short):
        return {}
    suffixes = [c.rsplit(".", 1)[1] for c in short[0][0].cells]
    named = {
        i
        for _v, note, _raw in floated
        for i, suffix in enumerate(suffixes)
        if note and re.search(COLUMN_WORDS.get(suffix, "$^"), note)
    }
    if len(named) > 1:
        return {}

    def filled(i: int) -> tuple[tuple[str, ...], ...]:
        return tuple((*vals[:i], v, *vals[i:]) for (_r, vals, _l), (v, _n, _w) in zip(short, floated, strict=True))

    def fits(i: int) -> bool:
        rows = [dict(zip(suffixes, f, strict=True)) for f in filled(i)]
        return all(int(r["in_force"]) >= int(r["issued"]) for r in rows if "issued" in r and "in_force" in r)

    if named:
        at = named.pop()
    else:
        places = [i for i in range(len(suffixes)) if fits(i)]
        if len({filled(i) for i in places}) != 1:
            return {}
        at = places[0]
    return {
        row.cells[0]: (dict(zip(row.cells, f, strict=True)), raw)
        for (row, _v, _l), f, (_n, _w, raw) in zip(short, filled(at), floated, strict=True)
    }


def _floated_finding(row: schema.RowA, got: dict[str, str], raw: str) -> Finding:
    labels = schema.cell_labels()
    printed = re.sub(r"\s+", "", raw)
    return Finding(
        kind="cell_inferred",
        severity="info",
        message=(
            f"表二“{row.labels[0]}”一行只印有 {len(got) - 1} 个数字，另一列的数字单独印在表格之外（“{printed}”）；归位后，"
            + "、".join(f"{labels.get(k, k)} 为 {v}" for k, v in got.items())
            + "。"
        ),
        cells=tuple(got),
        quotes=(raw,),
    )


def _unreadable_a(row: schema.RowA, raw: str, why: str) -> Finding:
    return Finding(
        kind="cell_missing",
        severity="warning",
        message=f"表二“{row.labels[0]}”一行的数字无法逐格读出（{why}），相关单元格记为未知。",
        cells=row.cells,
        quotes=(raw[:200],),
    )


def _split_a(row: schema.RowA, run: str, source: str, raw: str, cells: dict, findings: list, text: str = "") -> None:
    n = len(row.cells)
    if n == 1:
        cells[row.cells[0]] = _cell(row.cells[0], as_number(run) or None, source, raw)
        return
    if any(row.is_decimal(i) for i in range(n)) or "." in run or "-" in run:
        cands = []
    else:
        cands = plain_splits(run, n)
    if len(cands) == 1:
        for k, v in zip(row.cells, cands[0], strict=True):
            cells[k] = Cell.model_construct(key=k, value=v, source=source, raw=raw[:300])
        return
    pinned = pinned_by_prose(cands, stated_figures(text, row.labels, row.cells), row.cells) if len(cands) > 1 else {}
    for k in row.cells:
        cells[k] = Cell.model_construct(key=k, value=pinned.get(k), source=source, raw=raw[:300], inferred=k in pinned)
    if pinned:
        labels = schema.cell_labels()
        findings.append(
            Finding(
                kind="cell_inferred",
                severity="info",
                message=(
                    f"表二“{row.labels[0]}”一行的数字“{run.strip()}”连在一起；按正文写明的数字拆分，"
                    + "、".join(f"{labels.get(k, k)} 为 {v}" for k, v in pinned.items())
                    + ("" if len(pinned) == n else "，其余单元格仍未知")
                    + "。"
                ),
                cells=tuple(pinned),
                quotes=(f"{row.labels[0]}{run}"[:200],),
            )
        )
        if len(pinned) == n:
            return
    findings.append(
        _unreadable_a(row, f"{row.labels[0]}{run}", f"数字“{run.strip()}”连在一起，可有 {len(cands) or '多'} 种拆法")
    )


def _read_a_runs(text: str, template: str, prose: str = "") -> tuple[dict[str, Cell], list[Finding]]:
    cells: dict[str, Cell] = {}
    findings: list[Finding] = []
    pos = 0
    flat = text.replace("\n", "")
    for row in schema.TABLE_A[template]:
        hit = None
        for k in sorted(row.labels, key=len, reverse=True):
            i = flat.find(k, pos)
            if i >= 0 and (hit is None or i < hit[0]):
                hit = (i, i + len(k))
        if hit is None:
            continue
        m = re.match(r"[\s\d.,\-元]*", flat[hit[1] :])
        run = m.group(0) if m else ""
        run = run.replace("元", " ").replace(",", "")
        if not re.search(r"\d", run):
            continue
        pos = hit[1] + len(run)
        toks = run.split()
        if len(toks) == len(row.cells) and all(as_number(t) for t in toks):
            for k, t in zip(row.cells, toks, strict=True):
                cells[k] = _cell(k, t, "text", flat[hit[0] : pos])
        elif len(row.cells) == 1:
            cells[row.cells[0]] = _cell(row.cells[0], as_number(run.replace(" ", "")), "text", flat[hit[0] : pos])
        else:
            _split_a(row, run, "text", flat[hit[0] : pos], cells, findings, prose)
    return cells, findings


# --- table B -------------------------------------------------------------------------------------


def match_b(label: str, template: str) -> str | None:
    """The row key a printed label names; the longest distinctive key wins, later in the label on ties."""
    lab = compact(label)
    if not lab:
        return None
    best: tuple[int, int, str] | None = None
    rows = schema.B_ROWS[template] + ((schema.B_OTHER_ALL,) if template == "2021" else ())
    for r in rows:
        for k in r.keys:
            i = lab.rfind(k)
            if i >= 0 and (best is None or (len(k), i) > best[:2]):
                best = (len(k), i, r.key)
    if best:
        if best[2] == schema.B_OTHER_ALL.key and template == "2021":
            # the 2021 group label glued before its sub-row "3.其他" (a merged cell repeated per row):
            # the sub-row, not the 2019 template's single 其他处理 row
            tail = _NUMBERING.sub("", lab[best[1] + best[0] :])
            if tail.startswith("其他"):
                return "result.other.other"
        return best[2]
    bare = _NUMBERING.sub("", lab)
    if bare == "其他" and template == "2021":
        return "result.other.other"
    return None


@dataclass
class _RowRead:
    key: str
    values: list[str | None] | None = None  # exactly 7, or fewer when cells were lost
    candidates: list[tuple[int, ...]] = field(default_factory=list)  # for runs
    source: str = ""
    raw: str = ""


def read_table_b(lines: list[Line], text: str, template: str) -> tuple[dict[str, Cell], list[Finding]]:
    reads = _read_b_cells(lines, template)
    if len(reads) < len(schema.B_ROWS[template]) // 2:
        run_reads = _read_b_runs(text, template)
        if len(run_reads) > len(reads):
            reads = run_reads
    return _resolve_b(reads, template)


def _read_b_cells(lines: list[Line], template: str) -> dict[str, _RowRead]:
    order = [r.key for r in schema.B_ROWS[template]]
    if template == "2021":
        order.insert(order.index("result.total"), schema.B_OTHER_ALL.key)
    idx = {k: i for i, k in enumerate(order)}
    reads: dict[str, _RowRead] = {}
    pending: list[str] = []
    last = -1
    for line in lines:
        rr = raw_row(line)
        if rr is None:
            continue
        key = match_b(rr.label, template)
        if not rr.values:
            if key and reads and key not in reads and idx[key] > last:
                pending.append(key)
            continue
        if len(rr.values) < 5 and not rr.tokens and len([v for v in rr.values if v is not None]) < 2:
            continue
        if key is None or key in reads:
            pending = [k for k in pending if k not in reads]
            if pending:
                key = pending.pop(0)
            else:
                key = next((k for k in order[last + 1 :] if k not in reads), None)
            if key is None:
                continue
        vals = fit(rr.values, 7)
        if rr.tokens and len(vals) < 7:
            reads[key] = _RowRead(
                key, candidates=row_splits(" ".join(v or "" for v in vals)), source=rr.source, raw=rr.raw
            )
        else:
            reads[key] = _RowRead(key, values=vals, source=rr.source, raw=rr.raw)
        last = max(last, idx[key])
    return reads


def _read_b_runs(text: str, template: str) -> dict[str, _RowRead]:
    """Flattened text: find each row's label in print order and split the digits after it."""
    flat = text.replace("\n", "")
    rows = schema.B_ROWS[template]
    anchors: list[tuple[str, int, int]] = []
    pos = 0
    start = flat.find("本年新收")
    if start < 0:
        return {}
    pos = start
    for r in rows:
        keys = r.keys or ("其他",)
        hit = None
        for k in keys:
            i = flat.find(k, pos)
            if i >= 0 and (hit is None or i < hit[0]):
                hit = (i, i + len(k))
        if hit is None:
            continue
        anchors.append((r.key, hit[0], hit[1]))
        pos = hit[1]
    reads: dict[str, _RowRead] = {}
    for n, (key, s, e) in enumerate(anchors):
        stop = anchors[n + 1][1] if n + 1 < len(anchors) else len(flat)
        seg = flat[e:stop]
        m = re.search(r"\d", seg)
        if not m:
            continue
        run = re.match(r"[\d\s.]*", seg[m.start() :]).group(0)
        run = re.sub(r"\d\.\s*$", "", run) if run.rstrip().endswith(".") else run
        run = run.strip()
        if not run:
            continue
        reads[key] = _RowRead(key, candidates=row_splits(run), source="text", raw=flat[s : e + m.start() + len(run)])
    return reads


def _resolve_b(reads: dict[str, _RowRead], template: str) -> tuple[dict[str, Cell], list[Finding]]:
    cells: dict[str, Cell] = {}
    findings: list[Finding] = []
    cols = schema.B_COLUMN_KEYS
    multi: list[_RowRead] = []
    for key, rd in reads.items():
        if rd.values is not None:
            vals = rd.values
            if len(vals) == 7:
                for c, v in zip(cols, vals, strict=True):
                    cells[f"B.{key}.{c}"] = _cell(f"B.{key}.{c}", v, rd.source, rd.raw)
            else:
                _lost_cells(key, vals, rd, cells, findings)
        elif len(rd.candidates) == 1:
            for c, v in zip(cols, rd.candidates[0], strict=True):
                cells[f"B.{key}.{c}"] = Cell.model_construct(
                    key=f"B.{key}.{c}", value=v, source=rd.source, raw=rd.raw[:300]
                )
        elif rd.candidates:
            multi.append(rd)
        else:
            findings.append(_unreadable_b(key, rd.raw, "数字连在一起，无法按勾稽关系拆分"))
    if multi:
        _choose_by_identities(multi, cells, findings, template)
    return cells, findings


def _row_label(key: str) -> str:
    labels = schema.cell_labels()
    return labels.get(f"B.{key}.total", key).rsplit("·", 1)[0]


def _unreadable_b(key: str, raw: str, why: str) -> Finding:
    return Finding(
        kind="cell_missing",
        severity="warning",
        message=f"表三“{_row_label(key)}”一行{why}，该行单元格记为未知。",
        cells=tuple(f"B.{key}.{c}" for c in schema.B_COLUMN_KEYS),
        quotes=(raw[:200],),
    )


def _lost_cells(key: str, vals: list[str | None], rd: _RowRead, cells: dict, findings: list) -> None:
    """A row printing fewer than seven cells: keep a value only if every placement of the lost cells agrees."""
    cols = schema.B_COLUMN_KEYS
    n = len(vals)
    printed = [None if v is None else Decimal(v) for v in vals]
    # a count with a fraction: no placement is trusted, the row stays unknown (its text is quoted)
    placeable = all(v is None or v == v.to_integral_value() for v in printed)
    known = [None if v is None else int(v) for v in printed]
    outcomes: set[tuple[int | None, ...]] = set()
    for pos in itertools.combinations(range(7), n) if placeable else ():
        full: list[int | None] = [None] * 7
        for p, v in zip(pos, known, strict=True):
            full[p] = v
        missing = [i for i in range(7) if full[i] is None]
        parts = [full[i] for i in range(6)]
        if len(missing) == 1:
            i = missing[0]
            if i == 6 and all(p is not None for p in parts):
                full[6] = sum(parts)  # type: ignore[arg-type]
            elif i < 6 and full[6] is not None:
                rest = sum(p for j, p in enumerate(parts) if j != i and p is not None)
                full[i] = full[6] - rest
                if full[i] < 0:
                    continue
        elif full[6] is not None and sum(p for p in parts if p is not None) == full[6]:
            for i in missing:
                full[i] = 0
        if all(v is not None for v in full) and sum(full[:6]) != full[6]:
            continue
        outcomes.add(tuple(full))
    if len(outcomes) == 1 and None not in next(iter(outcomes)):
        values = next(iter(outcomes))
        for c, v in zip(cols, values, strict=True):
            cells[f"B.{key}.{c}"] = Cell.model_construct(
                key=f"B.{key}.{c}", value=v, source=rd.source, raw=rd.raw[:300], inferred=True
            )
        findings.append(
            Finding(
                kind="cell_inferred",
                severity="info",
                message=(
                    f"表三“{_row_label(key)}”一行只印出 {n} 个单元格（应为 7 个），缺失的单元格由勾稽关系"
                    f"（该行总计等于各列之和、各数非负）确定，该行为 {'、'.join(str(v) for v in values)}。"
                ),
                cells=tuple(f"B.{key}.{c}" for c in cols),
                quotes=(rd.raw[:200],),
                values=tuple(str(v) for v in values),
            )
        )
    else:
        for c in cols:
            cells[f"B.{key}.{c}"] = Cell.model_construct(
                key=f"B.{key}.{c}", value=None, source=rd.source, raw=rd.raw[:300]
            )
        findings.append(_unreadable_b(key, rd.raw, f"只印出 {n} 个单元格（应为 7 个），无法确定缺了哪一格"))


def _choose_by_identities(multi: list[_RowRead], cells: dict, findings: list, template: str) -> None:
    """Rows with several digit splits: keep the combinations the column identities allow."""
    from .infer import identity_holds

    ids = [i for i in schema.identities(template) if i.name in ("1", "2")]
    known = {k: c.value for k, c in cells.items()}
    options = [rd.candidates for rd in multi]
    survivors: list[tuple[tuple[int, ...], ...]] = []
    total = 1
    for o in options:
        total *= len(o)
    if total <= 200000:  # more readings than that: leave the rows unknown
        for combo in itertools.product(*options):
            trial = dict(known)
            for rd, vals in zip(multi, combo, strict=True):
                for c, v in zip(schema.B_COLUMN_KEYS, vals, strict=True):
                    trial[f"B.{rd.key}.{c}"] = v
            if all(identity_holds(i, trial) is not False for i in ids):
                survivors.append(combo)
                if len(survivors) > 1:
                    break
    for n, rd in enumerate(multi):
        if len(survivors) == 1:
            vals = survivors[0][n]
            for c, v in zip(schema.B_COLUMN_KEYS, vals, strict=True):
                k = f"B.{rd.key}.{c}"
                cells[k] = Cell.model_construct(key=k, value=v, source=rd.source, raw=rd.raw[:300], inferred=True)
            findings.append(
                Finding(
                    kind="cell_inferred",
                    severity="info",
                    message=(
                        f"表三“{_row_label(rd.key)}”一行的数字连在一起（{rd.raw[-40:]}），有 {len(rd.candidates)} 种拆法，"
                        f"按各列勾稽关系唯一确定为 {'、'.join(str(v) for v in vals)}。"
                    ),
                    cells=tuple(f"B.{rd.key}.{c}" for c in schema.B_COLUMN_KEYS),
                    quotes=(rd.raw[:200],),
                    values=tuple(str(v) for v in vals),
                )
            )
        else:
            findings.append(_unreadable_b(rd.key, rd.raw, "数字连在一起，按勾稽关系仍有多种拆法"))


# --- table C -------------------------------------------------------------------------------------


def read_table_c(lines: list[Line], text: str) -> tuple[dict[str, Cell], list[Finding]]:
    values: list[str | None] = []
    source, raws = "", []
    for line in lines:
        rr = raw_row(line)
        if rr is None or not rr.values:
            continue
        if rr.label and not re.fullmatch(r"[\s结果维持纠正其他尚未审结总计]*", compact(rr.label)):
            continue
        vals = rr.values
        if rr.tokens and len(vals) < 5 and len(values) + len(vals) < 15 and any(len(v or "") > 1 for v in vals):
            # digits run together after a label such as "总计": handled by the run reader
            values = []
            break
        if not source:
            source = rr.source
        raws.append(rr.raw)
        values.extend(vals)
        if len(values) >= 15:
            break
    values = fit(values, 15)
    findings: list[Finding] = []
    cells: dict[str, Cell] = {}
    if len(values) == 15:
        for k, v in zip(schema.C_KEYS, values, strict=True):
            cells[k] = _cell(k, v, source, " | ".join(raws))
        return cells, findings
    run = _c_run(text)
    if run:
        cands = group_splits(run)
        if len(cands) == 1:
            inferred = len(run.split()) != 15
            for k, v in zip(schema.C_KEYS, cands[0], strict=True):
                cells[k] = Cell.model_construct(key=k, value=v, source="text", raw=run, inferred=False)
            if inferred and len(run.replace(" ", "")) != 15:
                findings.append(
                    Finding(
                        kind="cell_inferred",
                        severity="info",
                        message=f"表四的数字连在一起（{run}），按每组“总计=各项之和”唯一拆分为 {'、'.join(map(str, cands[0]))}。",
                        cells=schema.C_KEYS,
                        quotes=(run,),
                        values=tuple(map(str, cands[0])),
                    )
                )
            return cells, findings
        if cands or run:
            findings.append(
                Finding(
                    kind="cell_missing",
                    severity="warning",
                    message=f"表四（行政复议、行政诉讼）的数字连在一起（{run}），无法唯一拆分，单元格记为未知。",
                    cells=schema.C_KEYS,
                    quotes=(run,),
                )
            )
            return {}, findings
    if values:
        findings.append(
            Finding(
                kind="cell_missing",
                severity="warning",
                message=f"表四（行政复议、行政诉讼）印出 {len(values)} 个单元格（应为 15 个），无法对应到各列，单元格记为未知。",
                cells=schema.C_KEYS,
                quotes=tuple(r[:200] for r in raws),
            )
        )
    return {}, findings


def _c_run(text: str) -> str | None:
    """The digits after table C's last header word (总计), where a flattened page ran them together."""
    best = None
    for m in re.finditer(r"总计\s*([\d\s]{5,})", text.replace("\n", " ")):
        best = m.group(1).strip()
        if len(best.replace(" ", "")) >= 15:
            return best
    return best
