"""One function per operation of a typed Query over the values read from the facts store. Each
writes the direct sentence first (the number and its unit), then the items, through a Composer that
cites every cell it prints.

    >>> sorted(OPERATIONS)[:4]
    ['average', 'change_rate', 'compare', 'count']
"""

from __future__ import annotations

import re
from decimal import Decimal

from .measures import Measure, disjoint
from .tables import Composer, Value, fmt, parts_of, pct, siblings, times, unit, when, who
from .understand import DIFF_RE, POSITION_RE, TIMES


def _key(r: dict) -> tuple:
    return (r.get("body") or "", r.get("year") or 0)


def _label(m: Measure, en: bool) -> str:
    if not en:
        return m.label
    return m.key.split(".", 1)[1].replace(".", " · ").replace("_", " ")


def lookup(c: Composer, reports: list[dict], vals: dict) -> None:
    en = c.q.lang == "en"
    ms = c.q.measures
    for r in sorted(reports, key=_key):
        items = [vals[(r["id"], m.key)] for m in ms]
        head = f"In {r.get('year')}, {who(r)}" if en else f"{who(r)}{when(r)}"
        if len(items) == 1:
            v = items[0]
            line = f"{head}: {_label(v.measure, en)} — {c.num(v)}." if en else f"{head}{v.measure.label}：{c.num(v)}。"
            if (
                not en
                and v.known
                and len(reports) == 1
                and re.search(r"有没有|有无|是否有|有.{0,12}吗[？?]?$", c.q.question)
            ):
                line = ("没有。" if v.value == 0 else "有。") + line
            line += _wan(c, v)
            c.lines.append(line)
            for sub in _breakdown(c, r, v.measure, vals):
                c.lines.append(sub)
        else:
            parts = [f"{_label(v.measure, en)} {c.num(v)}" for v in items]
            line = f"{head}: " + "; ".join(parts) + "." if en else f"{head}：" + "；".join(parts) + "。"
            # the figure a yes-or-no asks about: the whole (a row's or group's total) among its parts
            first = min(items, key=lambda v: (not v.measure.key.endswith(".total"), v.measure.key.count(".")))
            if (
                not en
                and first.known
                and len(reports) == 1
                and re.search(r"有没有|有无|是否有|有.{0,12}吗[？?]?$", c.q.question)
            ):
                line = ("没有。" if first.value == 0 else "有。") + line
            c.lines.append(line)
        if not en and c.q.threshold and c.q.threshold.op != "==" and len(items) == 1 and items[0].known:
            ok = c.q.threshold.passes(items[0].value)
            c.lines.append(
                f"{'是' if ok else '否'}，{fmt(items[0].value)}{'' if ok else '不'}满足“{c.q.threshold.text().strip()}”。"
            )


def _wan(c: Composer, v: Value) -> str:
    if "万" in c.q.question and v.known and v.measure.unit == "件" and v.value >= 10000:
        w = (Decimal(v.value) / 10000).quantize(Decimal("0.01"))
        return f"折合约 {fmt(w)} 万件（{fmt(v.value)} ÷ 10000）。"
    return ""


def _breakdown(c: Composer, r: dict, m: Measure, vals: dict) -> list[str]:
    """A group's rows (不予公开 → its reasons; 行政诉讼 → direct and after reconsideration), or a
    row's applicant columns when asked by applicant."""
    rows = parts_of(c.q, m)
    if not rows:
        return []
    from .tables import read_values

    sub = read_values(c.facts, [r], rows)
    out = []
    col = m.label.rsplit("·", 1)[1] if m.key.startswith("B.result.total.") and "·" in m.label else ""
    for row in rows:
        v = sub[(r["id"], row.key)]
        if (v.known and v.value == 0) or v.why == "not_in_template":
            continue
        name = row.label.removeprefix(m.label + "·")
        out.append(f"- {name.removesuffix('·' + col) if col else name}：{c.num(v)}")
    return out


def which(c: Composer, reports: list[dict], vals: dict, count: bool = False) -> None:
    th = c.q.threshold
    if c.q.lang == "en":
        return _which_en(c, reports, vals, count)
    for m in c.q.measures[:3]:
        rows = [vals[(r["id"], m.key)] for r in reports]
        keep = [v for v in rows if v.known and (th.passes(v.value) if th else v.value > 0)]
        keep.sort(key=lambda v: (-v.value, _key(v.report)))
        cond = th.text().strip() + f" {m.unit}" if th else "大于 0"
        unknown = [v for v in rows if not v.known and v.why == "not_printed"]
        if count:
            c.lines.append(f"共 {len(keep)} 份年报的{m.label}{cond}。")
        elif keep:
            c.lines.append(f"{m.label}{cond}的有 {len(keep)} 份年报：")
        else:
            c.lines.append(f"没有一份年报的{m.label}{cond}。")
        for v in keep:
            c.lines.append(f"- {who(v.report)}（{when(v.report)}）：{c.num(v)}")
        if unknown:
            c.lines.append(
                f"另有 {len(unknown)} 份年报未印出这一项（未知，未计入）：{'、'.join(who(v.report) + when(v.report) for v in unknown[:8])}。"
            )


def _which_en(c: Composer, reports: list[dict], vals: dict, count: bool) -> None:
    th = c.q.threshold
    for m in c.q.measures[:3]:
        rows = [vals[(r["id"], m.key)] for r in reports]
        keep = sorted(
            (v for v in rows if v.known and (th.passes(v.value) if th else v.value > 0)),
            key=lambda v: (-v.value, _key(v.report)),
        )
        cond = f"{th.op} {th.value}" if th else "> 0"
        c.lines.append(f"{len(keep)} report(s) with {_label(m, True)} {cond}" + (":" if keep and not count else "."))
        for v in keep:
            c.lines.append(f"- {who(v.report)} ({v.report.get('year')}): {c.num(v)}")
        unknown = [v for v in rows if not v.known and v.why == "not_printed"]
        if unknown:
            c.lines.append(f"{len(unknown)} more report(s) do not print it (unknown, not counted).")


def count(c: Composer, reports: list[dict], vals: dict) -> None:
    which(c, reports, vals, count=True)


def measures_total(c: Composer, reports: list[dict], vals: dict) -> None:
    """Several figures of one report added ("行政复议和行政诉讼加起来多少件"), with the formula."""
    for r in sorted(reports, key=_key):
        items = [vals[(r["id"], m.key)] for m in disjoint(c.q.measures)]
        shown = "；".join(f"{v.measure.label} {c.num(v)}" for v in items)
        if not all(v.known for v in items):
            c.lines.append(f"{who(r)}{when(r)}：{shown}；有一项未印出，无法相加（不作推测）。")
            continue
        formula = " + ".join(fmt(v.value) for v in items)
        s = sum(v.value for v in items)
        c.lines.append(
            f"{who(r)}{when(r)}合计 {c.derived(fmt(s), formula)} {items[0].measure.unit}（{formula} = {fmt(s)}；{shown}）。"
        )


def total(c: Composer, reports: list[dict], vals: dict) -> None:
    if len(reports) == 1 and len(disjoint(c.q.measures)) > 1:
        return measures_total(c, reports, vals)
    for m in c.q.measures[:3]:
        rows = sorted((vals[(r["id"], m.key)] for r in reports), key=lambda v: _key(v.report))
        known = [v for v in rows if v.known]
        s = sum(v.value for v in known)
        parts = " + ".join(fmt(v.value) for v in known)
        if c.q.lang == "en":
            c.lines.append(f"{_label(m, True)}, total of {len(known)} report(s): {c.derived(fmt(s), parts)} ({parts}).")
            for v in rows:
                c.lines.append(f"- {who(v.report)} {v.report.get('year')}: {c.num(v)}")
            continue
        c.lines.append(f"{m.label}合计 {c.derived(fmt(s), parts)} {m.unit}（{len(known)} 份年报：{parts}）。")
        _items(c, rows, "合计")


def average(c: Composer, reports: list[dict], vals: dict) -> None:
    """The mean over the reports that print the cell (the others are said, not counted as 0)."""
    for m in c.q.measures[:3]:
        rows = sorted((vals[(r["id"], m.key)] for r in reports), key=lambda v: _key(v.report))
        known = [v for v in rows if v.known]
        if not known:
            c.lines.append(f"所选年报都没有印出{m.label}，无法计算平均数。")
            continue
        s = sum(Decimal(v.value) for v in known)
        mean = (s / len(known)).quantize(Decimal("0.1"))
        formula = f"({' + '.join(fmt(v.value) for v in known)}) ÷ {len(known)}"
        worked = f"{formula} = {fmt(s)} ÷ {len(known)} = {fmt(mean)}"  # the sum said too
        c.lines.append(f"{m.label}平均每份年报 {c.derived(fmt(mean), formula)} {m.unit}（{worked}）。")
        _items(c, rows, "平均")


def _items(c: Composer, rows: list, what: str) -> None:
    """Each report's cell under a total or a mean, and the reports left out because they print none."""
    for v in rows:
        c.lines.append(f"- {who(v.report)}{when(v.report)}：{c.num(v)}")
    missing = [v for v in rows if not v.known]
    if missing:
        c.lines.append(f"其中 {len(missing)} 份年报未印出这一项，未计入{what}（不作推测）。")


FEW = 5


def rank(c: Composer, reports: list[dict], vals: dict) -> None:
    q = c.q
    asc = q.order == "asc"
    m = q.measures[0]
    if POSITION_RE.search(q.question) and len(reports) == 1 and siblings(m):
        return _position(c, reports[0], m)
    if len(reports) == 1 and parts_of(q, m):
        return _rank_rows(c, reports[0], m)
    rows = [vals[(r["id"], m.key)] for r in reports]
    known = sorted((v for v in rows if v.known), key=lambda v: (v.value if asc else -v.value, _key(v.report)))
    if q.threshold is not None and q.threshold.op != "==":
        # "“本年新收”不是0的那些年报里，最少的": ranked among those that pass
        known = [v for v in known if q.threshold.passes(v.value)]
    if not known:
        c.lines.append(f"所选年报都没有印出{m.label}。")
        return
    # the one asked for, and, when the reports compared are few, every one of them to see it against
    top = None if q.top is None or (q.top == 1 and len(known) <= FEW) else q.top
    if q.lang == "en":
        c.lines.append(
            f"{'Lowest' if asc else 'Highest'} {_label(m, True)}: {who(known[0].report)} ({known[0].report.get('year')}), {c.num(known[0])}."
        )
        shown = known if top is None else known[:top]
        for i, v in enumerate(shown, 1):
            c.lines.append(f"{i}. {who(v.report)} {v.report.get('year')}: {c.num(v)}")
        return None
    word = "最少" if asc else "最多"
    one_body = len({who(v.report) for v in known}) == 1
    best = known[0]
    ties = [v for v in known if v.value == best.value]
    name = "、".join((when(v.report) if one_body else f"{who(v.report)}（{when(v.report)}）") for v in ties)
    c.lines.append(f"{m.label}{word}的是{name}：{c.num(best)}。")
    shown = known if top is None else known[: max(top, len(ties))]
    if len(shown) > 1:
        c.lines.append("从少到多：" if asc else "从多到少：")
        for i, v in enumerate(shown, 1):
            c.lines.append(f"{i}. {who(v.report)} {when(v.report)}：{c.num(v)}")
    unknown = [v for v in rows if not v.known and v.why == "not_printed"]
    if unknown:
        c.lines.append(
            f"另有 {len(unknown)} 份年报未印出这一项（未知，未参与排序）：{'、'.join(who(v.report) + when(v.report) for v in unknown[:8])}。"
        )


def _position(c: Composer, r: dict, m: Measure) -> None:
    """Where a figure stands among the others of its kind in one report ("无法提供排第几？")."""
    from .tables import read_values

    rows = siblings(m)
    sub = read_values(c.facts, [r], rows)
    known = sorted((sub[(r["id"], x.key)] for x in rows if sub[(r["id"], x.key)].known), key=lambda v: -v.value)
    mine = next((v for v in known if v.measure.key == m.key), None)
    if mine is None:
        c.lines.append(f"{who(r)}{when(r)}的年报没有印出{m.label}，无法排位（未知）。")
        return
    n = 1 + sum(1 for v in known if v.value > mine.value)
    c.lines.append(f"{who(r)}{when(r)}{m.label}（{c.num(mine)}）在同类 {len(known)} 项中排第{n}：")
    for i, v in enumerate(known, 1):
        c.lines.append(f"{i}. {v.measure.label}：{c.num(v)}")


def _part_name(key: str) -> str:
    from .measures import B_COLUMN_NAMES, B_ROW_NAMES

    return B_COLUMN_NAMES.get(key) or B_ROW_NAMES.get(key) or key


def _rank_rows(c: Composer, r: dict, m: Measure) -> None:
    from .tables import read_values

    rows = parts_of(c.q, m)
    sub = read_values(c.facts, [r], rows)
    asc = c.q.order == "asc"
    known = sorted(
        (sub[(r["id"], x.key)] for x in rows if sub[(r["id"], x.key)].known), key=lambda v: v.value if asc else -v.value
    )
    if not known:
        c.lines.append(f"{who(r)}{when(r)}的年报没有印出{m.label}的各项。")
        return
    top = known if c.q.top is None else known[: c.q.top]

    def name(v: Value) -> str:  # "本年新收…·法律服务机构" said as "法律服务机构" under its row
        return v.measure.label.removeprefix(m.label + "·")

    ties = [name(v) for v in known if v.value == top[0].value]
    left = f"（{'、'.join(_part_name(x) for x in c.q.excluded)}除外）" if c.q.excluded else ""
    c.lines.append(
        f"{who(r)}{when(r)}{m.label.replace('（各项合计）', '')}{left}中{'最少' if asc else '最多'}的是{'、'.join(ties)}：{c.num(top[0])}。"
    )
    for i, v in enumerate(top, 1):
        c.lines.append(f"{i}. {name(v)}：{c.num(v)}")


def difference(c: Composer, reports: list[dict], vals: dict) -> None:
    q = c.q
    en = q.lang == "en"
    order = _pair_order(q, reports)
    if len(order) != 2 and len(reports) == 1 and len(disjoint(q.measures)) >= 2:
        return _measures_difference(c, reports[0], vals)
    if len(order) != 2:
        return lookup(c, reports, vals)
    a, b = order
    for m in q.measures[:3]:
        va, vb = vals[(a["id"], m.key)], vals[(b["id"], m.key)]
        if not (va.known and vb.known):
            c.lines.append(f"无法计算差值：{who(a)}{when(a)} {c.num(va)}，{who(b)}{when(b)} {c.num(vb)}。")
            continue
        d = va.value - vb.value
        if re.search(TIMES, q.question) and vb.value:
            x = times(va.value, vb.value, c.places)
            formula = f"{fmt(va.value)} ÷ {fmt(vb.value)}"
            c.lines.append(
                f"{who(a)}{when(a)}{m.label} {c.num(va)}，是{_other(a, b)}（{c.num(vb)}）的 {c.derived(str(x), formula)} 倍（{formula} ≈ {x}）。"
            )
            if not DIFF_RE.search(q.question):  # "差多少件？大约是几倍？": the difference too
                continue
        word = ("more" if d >= 0 else "fewer") if en else ("多" if d >= 0 else "少")
        formula = f"{fmt(va.value)} − {fmt(vb.value)}"
        if d == 0 and not en:
            c.lines.append(
                f"{who(a)}{when(a)}与{_other(a, b)}{m.label}相同：都是 {c.num(va)}（{_other(a, b)} {c.num(vb)}）。"
            )
            continue
        if en:
            c.lines.append(
                f"{who(a)} {a.get('year')}: {c.num(va)}; {who(b)} {b.get('year')}: {c.num(vb)}; {c.derived(fmt(abs(d)), formula)} {word} ({formula} = {fmt(d)})."
            )
        else:
            c.lines.append(
                f"{who(a)}{when(a)}{m.label} {c.num(va)}，比{_other(a, b)}（{c.num(vb)}）{word} {c.derived(fmt(abs(d)), formula)} {m.unit}（{formula} = {fmt(d)}）。"
            )


def _measures_difference(c: Composer, r: dict, vals: dict) -> None:
    """Two figures of one report ("行政许可比行政处罚多多少"): the first less the second."""
    va, vb = (vals[(r["id"], m.key)] for m in disjoint(c.q.measures)[:2])
    if not (va.known and vb.known):
        c.lines.append(f"无法计算差值：{va.measure.label} {c.num(va)}，{vb.measure.label} {c.num(vb)}。")
        return
    d = va.value - vb.value
    formula = f"{fmt(va.value)} − {fmt(vb.value)}"
    if c.q.lang == "en":
        c.lines.append(
            f"{who(r)} {r.get('year')}: {_label(va.measure, True)} {c.num(va)}, {_label(vb.measure, True)} {c.num(vb)}; "
            f"difference {c.derived(fmt(d), formula)} ({formula} = {fmt(d)})."
        )
        return
    word = "多" if d >= 0 else "少"
    c.lines.append(
        f"{who(r)}{when(r)}{va.measure.label} {c.num(va)}，比{vb.measure.label}（{c.num(vb)}）{word} "
        f"{c.derived(fmt(abs(d)), formula)} {va.measure.unit}（{formula} = {fmt(d)}）。"
    )


def _other(a: dict, b: dict) -> str:
    return when(b) if who(a) == who(b) else f"{who(b)}{when(b)}"


def _pair_order(q, reports: list[dict]) -> list[dict]:
    """The two reports compared, the one the question puts first (the later year) first."""
    if q.pairs:
        got = [next((r for r in reports if (r.get("body"), r.get("year")) == p), None) for p in q.pairs]
        got = [r for r in got if r]
        if len(got) == 2:
            return got
    if len(reports) != 2:
        return reports
    a, b = reports
    if who(a) == who(b):  # the same body in two years: the year named first is the subject
        first = next((y for y in _years_in_order(q.question) if y in (a.get("year"), b.get("year"))), None)
        return [a, b] if a.get("year") == first else [b, a]
    pos = {who(r): min((q.question.find(w) for w in q.place_words if w and w in who(r)), default=99) for r in reports}
    if any(p == 99 for p in pos.values()) and all(r.get("body") in q.places for r in reports):
        # a name typed wrong ("洪择区") is not in the body's: the order the question names them in
        return sorted(reports, key=lambda r: q.places.index(r["body"]))
    return sorted(reports, key=lambda r: pos[who(r)])


def _years_in_order(question: str) -> list[int]:
    from .understand import YEAR_RE, _year

    return [_year(m.group(1)) for m in YEAR_RE.finditer(question)]


def change_rate(c: Composer, reports: list[dict], vals: dict) -> None:
    """同比: (this year − the year before) ÷ the year before, for each body and year asked; with two
    or more years named ("2025年比2024年增长了百分之多少"), the latest against the earliest."""
    from .tables import read_values

    named = sorted(set(c.q.years))
    for m in c.q.measures[:2]:
        for r in sorted(reports, key=_key):
            year = r.get("year") or 0
            if len(named) > 1 and year != named[-1]:
                continue
            base = named[0] if len(named) > 1 else year - 1
            prev = next((x for x in c.all_reports if who(x) == who(r) and x.get("year") == base), None)
            if prev is None:
                if year in c.q.years or not c.q.years:
                    c.lines.append(f"资料库中没有{who(r)}{base}年的年报，无法计算{when(r)}的变化率。")
                continue
            pv = read_values(c.facts, [prev], (m,))[(prev["id"], m.key)]
            v = vals[(r["id"], m.key)]
            what = "同比" if base == year - 1 else f"比{when(prev)}"
            if not (v.known and pv.known) or pv.value == 0:
                c.lines.append(
                    f"{who(r)}{when(r)}{m.label}{what}变化率无法计算：{when(r)} {c.num(v)}，{when(prev)} {c.num(pv)}。"
                )
                continue
            d = v.value - pv.value
            rate = pct(abs(d), pv.value, c.places)
            formula = f"({fmt(v.value)} − {fmt(pv.value)}) ÷ {fmt(pv.value)}"
            word = "增长" if d >= 0 else "下降"
            if c.q.lang == "en":
                c.lines.append(
                    f"{who(r)} {r.get('year')}: {_label(m, True)} {'rose' if d >= 0 else 'fell'} {c.derived(rate, formula)} "
                    f"against {prev.get('year')} ({formula} = {'-' if d < 0 else ''}{rate}; {r.get('year')}: {c.num(v)}, {prev.get('year')}: {c.num(pv)})."
                )
                continue
            c.lines.append(
                f"{who(r)}{when(r)}{m.label}{what}{word} {c.derived(rate, formula)}（{formula} = {'-' if d < 0 else ''}{rate}；"
                f"{when(r)} {c.num(v)}，{when(prev)} {c.num(pv)}）。"
            )


def trend(c: Composer, reports: list[dict], vals: dict) -> None:
    for m in c.q.measures[:3]:
        for body in sorted({who(r) for r in reports}):
            rows = sorted((vals[(r["id"], m.key)] for r in reports if who(r) == body), key=lambda v: _key(v.report))
            c.lines.append(f"{body}, {_label(m, True)} by year:" if c.q.lang == "en" else f"{body}{m.label}逐年：")
            prev = None
            for v in rows:
                change = ""
                if prev is not None and prev.known and v.known:
                    d = v.value - prev.value
                    rate = ""
                    if d and prev.value and v.report.get("year") == (prev.report.get("year") or 0) + 1:
                        p = pct(abs(d), prev.value, c.places)  # the change on the year before, as a percentage
                        formula = f"({fmt(v.value)} − {fmt(prev.value)}) ÷ {fmt(prev.value)}"
                        rate = f"，{'+' if d > 0 else '−'}{c.derived(p, formula)}"
                    change = f"（{'↑' if d > 0 else '↓'} {fmt(abs(d))}{rate}）" if d else "（持平）"
                year = v.report.get("year") if c.q.lang == "en" else when(v.report)
                c.lines.append(f"- {year}：{c.num(v)}{change}")
                prev = v


def compare(c: Composer, reports: list[dict], vals: dict) -> None:
    if len(reports) == 2 and len(c.q.measures) == 1:
        return difference(c, reports, vals)
    for m in c.q.measures[:3]:
        c.lines.append(f"{m.label}对比：")
        for r in sorted(reports, key=_key):
            c.lines.append(f"- {who(r)} {when(r)}：{c.num(vals[(r['id'], m.key)])}")


def ratio(c: Composer, reports: list[dict], vals: dict) -> None:
    rt = c.q.ratio
    en = c.q.lang == "en"
    from .tables import read_values

    ms = (*rt.numerator, rt.denominator)
    got = read_values(c.facts, reports, ms)

    def rate(r):
        nums = [got[(r["id"], m.key)] for m in rt.numerator]
        den = got[(r["id"], rt.denominator.key)]
        if not all(v.known for v in (*nums, den)) or den.value == 0:
            return None
        return Decimal(sum(v.value for v in nums)) / Decimal(den.value)

    order = sorted(reports, key=_key)
    if (len(reports) > 1 and c.q.top is not None) or re.search(r"最高|最低|最大|最小|排|highest|lowest", c.q.question):
        asc = bool(re.search(r"最低|最小|从低到高|lowest", c.q.question))
        known = [r for r in reports if rate(r) is not None]
        order = sorted(known, key=lambda r: rate(r) if asc else -rate(r)) + [r for r in reports if rate(r) is None]
        if known:
            best = order[0]
            c.lines.append(
                f"{rt.label}{'最低' if asc else '最高'}的是{who(best)}（{when(best)}）：{pct(rate(best) * 100, 100, c.places)}。"
            )
    for r in order:
        nums = [got[(r["id"], m.key)] for m in rt.numerator]
        den = got[(r["id"], rt.denominator.key)]
        if not all(v.known for v in (*nums, den)) or den.value == 0:
            why = "分母为 0" if den.known and den.value == 0 else "所需单元格未印出（未知）"
            parts = "；".join(f"{v.measure.label} {c.num(v)}" for v in (*nums, den))
            c.lines.append(f"{who(r)}{when(r)}的{rt.label}无法计算（{why}）：{parts}。")
            continue
        top = sum(v.value for v in nums)
        p = pct(top, den.value, c.places)
        if rt.multiple:
            p = f"{times(top, den.value, c.places)}{' times' if c.q.lang == 'en' else ' 倍'}"
        formula = f"{' + '.join(fmt(v.value) for v in nums)} ÷ {fmt(den.value)}"
        if len(nums) > 1:  # the sum said: (22 + 20) ÷ 81 = 42 ÷ 81
            formula = f"({' + '.join(fmt(v.value) for v in nums)}) ÷ {fmt(den.value)} = {fmt(top)} ÷ {fmt(den.value)}"
        cells = "，".join(f"{v.measure.label} {c.num(v)}" for v in (*nums, den))
        if en:
            top_en = " + ".join(_label(m, True) for m in rt.numerator)
            words = (
                f"({top_en}) ÷ {_label(rt.denominator, True)}"
                if len(rt.numerator) > 1
                else f"{top_en} ÷ {_label(rt.denominator, True)}"
            )
            cells_en = "; ".join(f"{_label(v.measure, True)} {c.num(v)}" for v in (*nums, den))
            c.lines.append(f"{who(r)} {r.get('year')}: {c.derived(p, formula)} ({words}: {formula} = {p}; {cells_en}).")
        else:
            c.lines.append(
                f"{who(r)}{when(r)}{rt.label}为 {c.derived(p, formula)}（{rt.formula}：{formula} = {p}；{cells}）。"
            )


OPERATIONS = {
    "lookup": lookup,
    "which": which,
    "count": count,
    "sum": total,
    "average": average,
    "rank": rank,
    "difference": difference,
    "change_rate": change_rate,
    "trend": trend,
    "compare": compare,
    "ratio": ratio,
}

__all__ = ["OPERATIONS", "Value", "unit"]
