"""Consistency answers: the parser's findings about the cells asked for, the schema's identities
computed with the printed numbers, the carry-over between consecutive years, and what the text
says about a statistic beside what the table prints.

    >>> identity_line({"a": 3119, "b": 34, "c": 3050, "d": 103}, ("a", "b"), ("c", "d"), {"a": "新收", "b": "上年结转", "c": "办理结果总计", "d": "结转下年度"})
    '新收 3119 + 上年结转 34 = 3153；办理结果总计 3050 + 结转下年度 103 = 3153：成立'
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from ingest.schema import C_COLUMNS, cell_labels, identities

from .measures import B_ROW_NAMES, C_COLUMN_NAMES, C_GROUP_NAMES, Measure, b_measure, c_measure, disjoint, measures
from .model import Answer, Citation
from .tables import fmt, group_rows, read_values
from .understand import _QUOTED_RE, Query
from .vocabulary import concepts, phrase_table

CHECK_KINDS = ("identity", "text_vs_table", "parts_sum", "carry_over", "year_mismatch", "implausible_value")


def identity_line(values: dict, lhs: tuple, rhs: tuple, labels: dict) -> str:
    left, right = sum(values[k] for k in lhs), sum(values[k] for k in rhs)
    side = lambda keys, total: " + ".join(f"{labels[k]} {fmt(values[k])}" for k in keys) + f" = {fmt(total)}"  # noqa: E731
    return f"{side(lhs, left)}；{side(rhs, right)}：{'成立' if left == right else f'不成立（相差 {fmt(abs(left - right))}）'}"


def _short_labels() -> dict:
    return {k: v.replace("·总计", "").replace("政府信息公开申请数量", "") for k, v in cell_labels().items()}


def consistency_answer(bot, q: Query) -> Answer:
    reports = sorted(bot.targets(q) if (q.places or q.years) else [], key=lambda r: r.get("year") or 0)
    if not reports:
        return Answer(q.question, "consistency", "请说明要核对哪个机关、哪一年的年报。", query=q)
    wanted = {k for m in q.measures for k in m.parts}
    citations: list[Citation] = []
    lines: list[str] = []

    def cite_cells(r, keys) -> str:
        c = bot.cell_citation(len(citations) + 1, r, tuple(keys))
        citations.append(c)
        return f"[{c.n}]"

    if re.search(r"条例", q.question) and re.search(r"名称|名字|对吗|对不对|正确|有没有错|写错|哪部|哪个", q.question):
        lines = [x for r in reports[:3] for x in _regulation_names(bot, r, citations)]
        if lines:
            return Answer(q.question, "consistency", "\n".join(lines), tuple(citations), query=q)
    if _carry_question(q, reports):
        return _carry_over(bot, q, reports)
    if _BASE_ASKED_RE.search(q.question) and not _BASE_RE.search(q.question):
        lines = [x for r in reports[:2] for x in _which_base(bot, r, q.question, citations)]
        if lines:
            return Answer(q.question, "consistency", "\n".join(lines), tuple(citations), query=q)
    shares = _share_claims(q.question)
    if shares:  # "写“…258件，占33.9%”，按答复总数805件算，这个百分比对吗": the arithmetic, checked
        said = [c for r in reports[:2] for c in _said_where(bot, r, shares, citations)]
        lines = _share_lines(shares) + [f"年报原文：{c.quote} [{c.n}]" for c in said]
        return Answer(q.question, "consistency", "\n".join(lines), tuple(citations), query=q)
    rates = rate_lines(q.question)
    if rates:  # "说“受理117件，办结171件，办结率100%”，说得通吗": the rate worked out from its counts
        for r in reports[:2]:
            text = bot.lib.facts.report_text(r["id"])
            for said, _ in rates:
                nums = re.findall(r"\d+(?:\.\d+)?", said)
                at = next((m for m in re.finditer(r"[^。；\n]+", text) if all(n in m.group(0) for n in nums)), None)
                if at:
                    c = Citation.passage(len(citations) + 1, r, at.group(0).strip(), at.start(), at.end())
                    citations.append(c)
                    lines.append(f"{bot.name(r)}{r['year']}年年报原文：{at.group(0).strip()} [{c.n}]")
        lines += [check for _, check in rates]
        return Answer(q.question, "consistency", "\n".join(lines), tuple(citations), query=q)
    if re.search(_SUM_WORDS + "|等于", q.question) and not q.measures and _parts_stated(q.question):
        # "说主动公开2069条，…又说区直1592条、乡镇477条。这两种拆分加起来都等于2069吗？"
        lines = [x for r in reports[:2] for x in _stated_sums(bot, r, q.question, citations)]
        if lines:
            return Answer(q.question, "consistency", "\n".join(lines), tuple(citations), query=q)
    if NONE_CLAIM_RE.search(q.question) and q.measures:
        return _none_claim(bot, q, reports)
    text_first = bool(re.search(r"正文|文字|文中|说的|写的|提到|说“", q.question))
    claims = question_claims(q.question)
    if claims:  # "正文说行政诉讼46件，其中维持25…对得上吗": the figures the question states, checked
        wanted = {k for m, _ in claims for k in m.parts}
    parts_asked = _parts_asked(q.question) if not claims else None
    for r in reports:
        said: list[str] = []
        summed = _text_parts_sum(bot, r, *parts_asked, citations) if parts_asked else []
        if summed:  # "说公开347条，网站、公众号、视频号几个分项加起来对得上吗": the text's own sum
            lines += summed
            continue
        if claims:
            lines += _claims_vs_table(bot, r, claims, citations)
        elif text_first:  # "正文说…，和表三对得上吗": that figure first
            for m in q.measures if re.search(r"各|分别|这几", q.question) else q.measures[:2]:
                said += _text_vs_table(bot, r, m, citations)
            lines += said
        fs = [f for f in bot.lib.facts.findings(r["id"]) if f["kind"] in CHECK_KINDS]
        named = _named_numbers(q.question)
        if named and any(_same_figures(named, f["message"]) for f in fs):
            fs = [f for f in fs if _same_figures(named, f["message"])]  # "说主动公开124条…": that one
        if wanted:
            rows = {k.rsplit(".", 1)[0] for k in wanted}
            fs = [
                f
                for f in fs
                if any(c in wanted or c.rsplit(".", 1)[0] in rows for c in f["cells"])
                or (
                    not f["cells"]
                    and (_same_figures(named, f["message"]) or not named)
                    and re.search(r"正文|文字|说的", q.question)
                )
            ]
        cells = bot.lib.facts.cells(r["id"])
        if fs:
            lines.append(f"{bot.name(r)}{r['year']}年的年报有 {len(fs)} 处数据不一致：")
            for f in fs:
                c = replace(bot._finding_citation(len(citations) + 1, r, f), note=f["message"])
                citations.append(c)
                detail = ""
                if f["kind"] == "identity":
                    labels = cell_labels()
                    shown = [
                        f"{labels.get(k, k)} {fmt(cells[k]['value'])}"
                        for k in f["cells"]
                        if cells.get(k, {}).get("value") is not None
                    ]
                    detail = "（" + "，".join(shown) + "）" if shown else ""
                lines.append(f"- {f['message']}{detail} [{c.n}]")
        # the identities over the cells asked for, computed with the printed numbers
        checked = _identities(r, wanted, cells, added=bool(re.search(_SUM_WORDS, q.question)))
        for lhs, rhs, desc in checked:
            vals = {k: cells[k]["value"] for k in (*lhs, *rhs)}
            lines.append(
                f"{bot.name(r)}{r['year']}年{desc}：{identity_line(vals, lhs, rhs, _short_labels())} {cite_cells(r, (*lhs, *rhs))}"
            )
        # what the text says about the statistic asked for, beside the table
        if not text_first and not claims:
            for m in q.measures[:2]:
                lines += _text_vs_table(bot, r, m, citations)
        if not fs and not checked and not lines:
            lines.append(
                f"{bot.name(r)}{r['year']}年的年报未发现数据前后不一致之处（表内勾稽关系、正文与表格均相符）。"
                if r.get("template") in ("2021", "2019")
                else f"{bot.name(r)}{r['year']}年的年报是2019年以前的格式，没有统一的统计表可核对，解析未发现前后不一致之处（未发现）。"
            )
    if not lines:
        lines.append("所选年报未发现数据前后不一致之处。")
    a = Answer(q.question, "consistency", "\n".join(lines), tuple(citations), query=q)
    older = all(r.get("template") not in ("2021", "2019") for r in reports)
    if (not wanted or older) and len(reports) <= 2 and all("未发现" in x for x in lines):
        # a check of the text's own words ("受理的审批事项和办结数对得上吗"): the passage, to read
        a = bot.with_passage(a, replace(q, kind="narrative"), reports, "正文中与此有关的原文：")
    return a


_SHARE_CLAIM_RE = re.compile(r"(?<![\d.])(\d+)\s*[件条个项人次]?[，,]?\s*占(?:比)?\s*(\d+(?:\.\d+)?)\s*[%％]")
_BASE_RE = re.compile(
    r"(?:按|拿|用)[^，,。？?\d“”]{0,10}?(\d+)\s*[件条个项人次]?\s*(?:算|计算|来算|做分母|为分母|当分母)"
    r"|(?:分母|基数|除以)[^，,。？?\d]{0,6}?(\d+)"
)


def _share_claims(question: str) -> list[tuple[int, Decimal, int]]:
    """Shares a question quotes with the whole to take them of ("258件，占33.9%…按答复总数805件算"):
    (part, the percentage said, whole)."""
    base = _BASE_RE.search(question)
    if not base:
        return []
    whole = int(base.group(1) or base.group(2))
    return [(int(m.group(1)), Decimal(m.group(2)), whole) for m in _SHARE_CLAIM_RE.finditer(question) if whole]


# "无法提供564件（47.36%）", "258件，占33.9%": a part and the percentage said of it
_SAID_SHARE_RE = re.compile(
    r"(?<![\d.])(\d+)\s*[件条个项人次]?\s*(?:[，,]?\s*占(?:比)?|[（(]\s*(?:占(?:比)?)?)\s*(\d+(?:\.\d+)?)\s*[%％]"
)
_BASE_ASKED_RE = re.compile(r"分母|拿哪个数|用哪个数|按哪个数|以哪个数|基数是|什么为基数|哪个数.{0,6}除|怎么算出来")


NATIONAL_REGULATION = "中华人民共和国政府信息公开条例"
_REGULATION_RE = re.compile(r"《([^《》]{2,30}?信息公开条例)》")


def _regulation_names(bot, r: dict, citations: list) -> list[str]:
    """The disclosure regulation a report says it follows, by the name it writes: the one regulation is
    the State Council's 《中华人民共和国政府信息公开条例》 (国务院令第711号); a 条例 is made by the State
    Council or a people's congress, never by a county or township government, so a 《…县人民政府信息公开
    条例》 names nothing that exists."""
    text = bot.lib.facts.report_text(r["id"])
    out = []
    for name in dict.fromkeys(m.group(1) for m in _REGULATION_RE.finditer(text)):
        m = re.search(rf"[^。\n]*《{re.escape(name)}》[^。\n]*。?", text)
        c = Citation.passage(len(citations) + 1, r, m.group(0).strip(), m.start(), m.end())
        citations.append(c)
        if name == NATIONAL_REGULATION:
            out.append(f"{bot.name(r)}{r['year']}年年报写的是《{name}》，名称正确 [{c.n}]。")
        elif not re.search(r"(?:县|区|乡|镇|街道)(?:人民)?政府", name):
            out.append(
                f"{bot.name(r)}{r['year']}年年报写的是《{name}》[{c.n}]；全国适用的是国务院令第711号《{NATIONAL_REGULATION}》。"
            )
        else:
            out.append(
                f"{bot.name(r)}{r['year']}年年报写的是《{name}》[{c.n}]：名称有误——没有这部条例。政府信息公开"
                f"适用的是国务院令第711号《{NATIONAL_REGULATION}》；“条例”是国务院或人大制定的法规的名称，"
                "县、乡镇人民政府不能制定条例，应写作《中华人民共和国政府信息公开条例》。"
            )
    return out


def _counts(text: str) -> list[tuple[int, str]]:
    """The counts a text states, with their units ("2069条…1592条" → (2069, 条), (1592, 条)); no percentages."""
    return [(int(m.group(1)), m.group(2)) for m in re.finditer(rf"(?<![\d.])(\d+)\s*([{_UNITS}])(?![\d%])", text)]


def _parts_stated(question: str) -> bool:
    """The question states a total and two or more parts of it in the same unit ("2069条…1592条、乡镇477条")."""
    said = _counts(question)
    return len(said) >= 3 and sum(1 for n, u in said[1:] if u == said[0][1] and n != said[0][0]) >= 2


def _stated_sums(bot, r: dict, question: str, citations: list) -> list[str]:
    """A total the question states, checked against the parts it states after it and against the first
    list of three or more figures the report's text gives after it (a breakdown by category)."""
    said = _counts(question)
    if not said:
        return []
    total, unit = said[0]
    text = bot.lib.facts.report_text(r["id"])
    at = re.search(rf"(?<![\d.]){total}\s*{unit}", text)
    out = []
    if at is not None:
        a = max(text.rfind("。", 0, at.start()) + 1, at.start() - 60)
        c = Citation.passage(len(citations) + 1, r, text[a : at.end() + 1].strip(), a, at.end() + 1)
        citations.append(c)
        out.append(f"{bot.name(r)}{r['year']}年年报写 {total} {unit} [{c.n}]。")
    parts = [n for n, u in said[1:] if u == unit and n != total]
    if len(parts) >= 2:
        s = sum(parts)
        verdict = "一致" if s == total else f"不一致，相差 {abs(s - total)} {unit}"
        out.append(f"问题中所说的分项：{' + '.join(map(str, parts))} = {s} {unit}，与 {total} {unit}{verdict}。")
    if at is not None:
        for m in re.finditer(r"[^。\n]+。?", text[at.end() : at.end() + 3000]):
            seg = m.group(0)
            nums = [int(x) for x in re.findall(rf"(?<![\d.])(\d+)\s*{unit}(?![\d%])", seg)]
            if len(nums) < 3 or total in nums:
                continue
            s = sum(nums)
            start = at.end() + m.start()
            c = Citation.passage(len(citations) + 1, r, seg.strip(), start, start + len(seg))
            citations.append(c)
            verdict = "一致" if s == total else f"不一致，相差 {abs(s - total)} {unit}"
            out.append(
                f"正文随后所列各项：{' + '.join(map(str, nums))} = {s} {unit}，与 {total} {unit}{verdict} [{c.n}]。"
            )
            break
    return out if len(out) > 1 else []


def _which_base(bot, r: dict, question: str, citations: list) -> list[str]:
    """ "这个百分比是拿哪个数当分母算的？": the share said, worked out over each whole table three
    gives (and any the asker tried), and which of them gives it."""
    said = [(int(m.group(1)), Decimal(m.group(2))) for m in _SAID_SHARE_RE.finditer(question)]
    if not said:
        return []
    cells = {k: v["value"] for k, v in bot.lib.facts.cells(r["id"]).items()}
    wholes = [  # (what it is, the cells it adds)
        ("办理结果总计（办结的申请）", (("", "B.result.total.total"),)),
        ("本年新收政府信息公开申请数量", (("", "B.new_applications.total"),)),
        (
            "本年新收与上年结转之和",
            (("本年新收", "B.new_applications.total"), ("上年结转", "B.carried_from_last_year.total")),
        ),
    ]
    out = []
    for part, pct in said:
        places = Decimal(1).scaleb(min(-1, pct.as_tuple().exponent))
        out.append(f"说 {part} 件占 {pct}%。按{bot.name(r)}{r['year']}年表三的数逐个试算分母：")
        fits = []
        for label, keys in wholes:
            values = [cells.get(k) for _, k in keys]
            if any(v is None for v in values) or not sum(values):
                continue
            whole = sum(values)
            c = bot.cell_citation(len(citations) + 1, r, tuple(k for _, k in keys))
            citations.append(c)
            added = " + ".join(f"{name} {fmt(v)}" for (name, _), v in zip(keys, values, strict=True))
            got = (Decimal(part) * 100 / Decimal(str(whole))).quantize(places, ROUND_HALF_UP)
            ok = got == pct.quantize(places, ROUND_HALF_UP)
            worked = f"{added} = {fmt(whole)}；{part} ÷ {fmt(whole)}" if len(keys) > 1 else f"{part} ÷ {fmt(whole)}"
            out.append(f"- 除以{label}：{worked} = {got}%{'，与所说的一致' if ok else ''} [{c.n}]")
            if ok:
                fits.append(f"{label}（{fmt(whole)}）")
        out.append(
            f"所以 {pct}% 是以{'、'.join(fits)}为分母算的。"
            if fits
            else f"表三的这几个数作分母都得不到 {pct}%，无法确定年报用的分母。"
        )
    return out


def _said_where(bot, r: dict, shares: list[tuple[int, Decimal, int]], citations: list) -> list[Citation]:
    """The sentence of the report that says each share the question quotes."""
    text = bot.lib.facts.report_text(r["id"])
    out = []
    for part, said, _ in shares:
        m = re.search(
            rf"[^。；\n]*?(?<![\d.]){part}\s*[件条个项人次]?[，,]?\s*占(?:比)?\s*{re.escape(str(said))}\s*[%％]", text
        )
        if m:
            c = Citation.passage(len(citations) + 1, r, m.group(0).strip(), m.start(), m.end())
            citations.append(c)
            out.append(c)
    return out


def _share_lines(shares: list[tuple[int, Decimal, int]]) -> list[str]:
    out = []
    for part, said, whole in shares:
        places = max(1, -said.as_tuple().exponent)
        got = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
        verdict = "一致" if got == said else f"不一致（相差 {abs(got - said)} 个百分点）"
        out.append(
            f"说 {part} 件占 {said}%：按 {whole} 件计算，{part} ÷ {whole} = {got}%，与所说的 {said}% {verdict}。"
        )
    return out


# "受理审批事项117件，办结171件，办结率100%": two counts and the rate the second makes of the first
_RATE_CLAIM_RE = re.compile(
    r"([^\d，,。；“”]{0,12}?)(\d+)\s*[件条个项次][，,、]\s*([\u4e00-\u9fff]{2})(?:了)?(\d+)\s*[件条个项次]"
    r"[，,、]\s*\3率(?:为|达|达到)?\s*(\d+(?:\.\d+)?)\s*[%％]"
)


def rate_lines(text: str) -> list[tuple[str, str]]:
    """Each rate a passage states beside its two counts, checked: (the words said, the check).

    >>> rate_lines("今年我局共受理审批事项117件，办结171件，办结率100%。")[0][1]
    '办结率按所写的数应为 171 ÷ 117 = 146.2%，年报写 100%：不一致；办结数（171）多于受理数（117），二者必有一处有误（疑为笔误）。'
    """
    out = []
    for m in _RATE_CLAIM_RE.finditer(text):
        a, b_word, b, said = int(m.group(2)), m.group(3), int(m.group(4)), Decimal(m.group(5))
        verb = re.search(r"受理|收到|接收|新收|登记|立案|申请|提出", m.group(1))
        a_word = verb.group(0) if verb else "前一"
        if not a:
            continue
        got = (Decimal(b) * 100 / Decimal(a)).quantize(Decimal("0.1"), ROUND_HALF_UP)
        places = Decimal(1).scaleb(min(0, said.as_tuple().exponent))
        same = (Decimal(b) * 100 / Decimal(a)).quantize(places, ROUND_HALF_UP) == said
        line = f"{b_word}率按所写的数应为 {b} ÷ {a} = {got}%，年报写 {said}%：{'一致' if same else '不一致'}"
        if b > a:
            line += f"；{b_word}数（{b}）多于{a_word}数（{a}），二者必有一处有误（疑为笔误）"
        out.append((m.group(0), line + "。"))
    return out


_SUM_WORDS = r"加起来|相加|之和|合计|加总|加在一起"
_UNITS = "条件篇个次项期人"


def _parts_asked(question: str) -> tuple[str, str, tuple[str, ...]] | None:
    """A total the question quotes and the parts it names to add up ("公开政府信息347条，网站、公众号、
    视频号几个分项加起来对得上吗"): (number, unit, parts)."""
    total = re.search(rf"(?<![\d.])(\d+)\s*([{_UNITS}])", question)
    clause = re.search(rf"([^，,；;。？?]+?)(?:{_SUM_WORDS})", question)
    if not total or not clause:
        return None
    words = re.sub(
        r"(?:这|那)?(?:几|些|各|两|三|四)?(?:个|项)?(?:分项|部分|渠道|平台|方面|项)?(?:的?数字?)?$", "", clause.group(1)
    )
    parts = tuple(w.strip('“”"的') for w in re.split(r"[、和及与跟]", words) if len(w.strip('“”"的')) >= 2)
    if len(parts) < 2 and re.search(r"这些|这几|以上|上述", clause.group(1)):
        # "后面列了政府网站、微信公众号、微博…各自的数。这些分项加起来是1962吗": the list named before
        listed = re.findall(r"((?:[\u4e00-\u9fff“”\"]{2,10}、)+[\u4e00-\u9fff“”\"]{2,10})", question[: clause.start()])
        if listed:
            last = re.sub(r"(?:各自|分别|各)?的?(?:数字?|数量|条数)?$", "", listed[-1])
            items = last.split("、")
            items[0] = re.sub(r"^.*?(?:列了|列出了?|包括|分为|分成|拆成|拆分为)", "", items[0])
            parts = tuple(w.strip('“”"的') for w in items if len(w.strip('“”"的')) >= 2)
    return (total.group(1), total.group(2), parts) if len(parts) >= 2 else None


def _text_parts_sum(bot, r: dict, total: str, unit: str, parts: tuple[str, ...], citations: list) -> list[str]:
    """The parts the text gives after a total, each the first figure in the total's unit after its
    name, added up against the total; nothing when the text does not give them all."""
    text = bot.lib.facts.report_text(r["id"])
    for m in re.finditer(rf"(?<![\d.]){total}\s*{unit}", text):
        window = text[m.end() : m.end() + 600]
        heading = re.search(r"\n\s*(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)", window)
        window = window[: heading.start()] if heading else window  # the paragraph, across print wraps
        found, at = [], 0
        for name in parts:
            i = window.find(name, at)
            if i < 0:
                break
            nxt = [j for j in (window.find(p, i + len(name)) for p in parts if p != name) if j > i]
            stop = min([*nxt, i + 120])
            n = re.search(rf"(?<![\d.])(\d+)\s*({unit})", window[i:stop]) or re.search(
                rf"(?<![\d.])(\d+)\s*([{_UNITS}])", window[i:stop]
            )  # "公众号…发布103期267条": the figure in the total's unit, else the one it gives
            if not n:
                break
            found.append((name, int(n.group(1)), i, i + n.end(), n.group(2)))
            at = i + len(name)
        if len(found) != len(parts):
            continue
        same = [f for f in found if f[4] == unit]
        other = [f for f in found if f[4] != unit]  # "视频号推出32期": another unit, not added in
        added = sum(f[1] for f in same)
        a, b = m.start(), m.end() + max(f[3] for f in found)
        c = Citation.passage(len(citations) + 1, r, text[a:b], a, b)
        citations.append(c)
        formula = " + ".join(f"{f[0]} {f[1]}" for f in same)
        verdict = "一致" if added == int(total) else f"不一致（相差 {abs(added - int(total))} {unit}）"
        line = f"{bot.name(r)}{r['year']}年年报正文写 {total} {unit}，其后列出的分项：{formula} = {added} {unit}：{verdict}（均为正文原文数字）[{c.n}]。"
        if other:  # one sentence: the sum it adds to is checked where it is written
            said = "、".join(f"{f[0]} {f[1]} {f[4]}" for f in other)
            line = line.removesuffix("。") + f"，另有{said}，单位不是“{unit}”，未计入"
            with_other = added + sum(f[1] for f in other)
            line += (
                f"，若把它也算作{unit}，{added} + {' + '.join(str(f[1]) for f in other)} = {with_other}，正好是 {total}。"
                if with_other == int(total)
                else "。"
            )
        return [line]
    return []


_CLAIM_NUMBER_RE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?![\d.])(?!\s*(?:年|%|％))")


def question_claims(question: str) -> list[tuple[Measure, str]]:
    """The figures a question states, each with the statistic named just before it: "正文说行政诉讼46件，
    其中维持25、纠正5" is 行政诉讼 46, its 结果维持 25 and 结果纠正 5 (a column alone takes the group or row
    of the figure before it).

    >>> [(m.label, n) for m, n in question_claims("正文说行政诉讼46件，其中维持25、纠正5，对得上吗？")]
    [('行政诉讼（直接起诉与复议后起诉合计）', '46'), ('行政诉讼·结果维持', '25'), ('行政诉讼·结果纠正', '5')]
    >>> question_claims("2024年的表三对得上吗？")
    []
    """
    out: list[tuple[Measure, str]] = []
    start = 0
    quoted = [q.span() for q in _QUOTED_RE.finditer(question)]  # the report's own words: read from the text
    scope = _COLUMN_SCOPE_RE.search(question)
    column = next((c.concept[1] for c in concepts(scope.group(1)) if c.concept[0] == "B.col"), None) if scope else None
    for num in _CLAIM_NUMBER_RE.finditer(question):
        if any(a <= num.start() < b for a, b in quoted):
            continue
        before = re.split(r"[，,；;。：:]", question[start : num.start()])[-1]  # the number's own clause
        start = num.end()
        context = (out[-1][0],) if out else ()
        found = disjoint(measures(concepts(before), context))
        if len(found) > 1:  # "行政复议、行政诉讼案件74件": one figure for both
            found = [
                Measure(
                    "+".join(m.key for m in found),
                    " + ".join(m.label for m in found),
                    tuple(k for m in found for k in m.parts),
                )
            ]
        if found and column and found[0].table == "B" and found[0].key.endswith(".total"):
            # "“商业企业”这一列：新收53件、…": every figure after is of that column
            found = [b_measure(found[0].key[2:].rsplit(".", 1)[0], column)]
        if found:
            out.append((found[0], num.group(1)))
    return out


# "表三“商业企业”这一列：": the column the figures that follow are of
_COLUMN_SCOPE_RE = re.compile(r"[“\"「]?([\u4e00-\u9fff]{2,8}?)[”\"」]?(?:这一列|这列|那一列|一列|列)[：:，,]")


def _part_label(key: str) -> str:
    return cell_labels().get(key, key).replace("·总计", "")


def _claims_vs_table(bot, r: dict, claims: list[tuple[Measure, str]], citations: list) -> list[str]:
    """Each figure the question states beside the table's; a table C group's outcomes in full (a claim
    "均获维持" is read against them)."""
    out = []
    for m, said in claims:
        v = read_values(bot.lib.facts, [r], (m,))[(r["id"], m.key)]
        if v.value is None:
            cells = bot.lib.facts.cells(r["id"])
            parts = [
                f"{_part_label(k)} {fmt(cells[k]['value']) + ' 件' if cells.get(k, {}).get('value') is not None else '未印出'}"
                for k in m.parts
            ]
            shown = f"未印出全（表格中{'，'.join(parts)}）" if len(parts) > 1 else ""
            out.append(
                f"{bot.name(r)}{r['year']}年表格的{m.label}{shown or '未印出（未知）'}，无法核对问题中的 {said} 件。"
            )
            continue
        t = bot.cell_citation(len(citations) + 1, r, v.keys)
        citations.append(t)
        table = f"{fmt(v.value)} 件"
        if len(v.keys) > 1:  # 行政诉讼: 未经复议直接起诉 26 + 复议后起诉 20
            cells = bot.lib.facts.cells(r["id"])
            table = " + ".join(f"{_part_label(k)} {fmt(cells[k]['value'])}" for k in v.keys) + f" = {table}"
        out.append(
            f"问题中的{m.label} {said} 件，{bot.name(r)}{r['year']}年表格为 {table} [{t.n}]：{_verdict(said, v.value)}。"
        )
    groups = dict.fromkeys(k.split(".")[1] for m, _ in claims for k in m.key.split("+") if k.startswith("C."))
    for g in list(groups):
        whole = read_values(bot.lib.facts, [r], (c_measure(g, "total"),))[(r["id"], c_measure(g, "total").key)]
        if g == "litigation" and not whole.known:  # one of its two parts not printed: each part as printed
            del groups[g]
            groups.update(dict.fromkeys(("litigation_direct", "litigation_after_reconsideration")))
    for g in groups:
        row = tuple(c_measure(g, c) for c, _ in C_COLUMNS)
        vals = read_values(bot.lib.facts, [r], row)
        shown = "、".join(
            f"{C_COLUMN_NAMES[m.key.rsplit('.', 1)[1]]} {fmt(vals[(r['id'], m.key)].value) if vals[(r['id'], m.key)].known else '未印出'}"
            for m in row
        )
        t = bot.cell_citation(len(citations) + 1, r, tuple(k for m in row for k in vals[(r["id"], m.key)].keys))
        citations.append(t)
        out.append(f"{bot.name(r)}{r['year']}年表四{C_GROUP_NAMES[g]}：{shown} [{t.n}]。")
    return out


def _identities(r: dict, wanted: set, cells: dict, added: bool = False) -> list[tuple[tuple, tuple, str]]:
    """Identities of the report's template over the column asked about (the total column unless
    the cells asked are of another) that involve two or more cells asked for (`added`: one, when the
    question asks for parts added up, "各项办理结果加起来是不是正好53")."""
    out = []
    columns = {k.rsplit(".", 1)[1] for k in wanted if k.startswith("B.")} or {"total"}
    for ident in identities(r.get("template") or ""):
        keys = (*ident.lhs, *ident.rhs)
        if not all(k.startswith("C.") or k.rsplit(".", 1)[1] in columns for k in keys):
            continue
        if len(set(keys) & wanted) < (1 if added else 2):
            continue
        if any(cells.get(k, {}).get("value") is None for k in keys):
            continue
        out.append((ident.lhs, ident.rhs, ident.description.split("：")[0]))
    return out


def _named_numbers(question: str) -> set[str]:
    """The figures a question quotes ("说共公布2599条"), not its years."""
    return {
        n for n in re.findall(r"(?<![\d.])\d+(?![\d.])", question) if not (len(n) == 4 and n.startswith(("19", "20")))
    }


def _same_figures(named: set[str], message: str) -> bool:
    """Whether a finding is about the figures a question quotes: one of three digits or more, or two
    (a lone small number, "不予公开2件", is in many findings by chance)."""
    shared = named & _named_numbers(message)
    return len(shared) >= 2 or any(len(n) >= 3 for n in shared)


# "年报说全年没有发生…纠错或…败诉的情形，表四支持这个说法吗": a claim that a count is nil
NONE_CLAIM_RE = re.compile(r"(?:说|称|写|表示)[^？?]{0,40}(?:没有|未发生|未出现|无一|均未|从未|零)")


def _none_claim(bot, q: Query, reports: list[dict]) -> Answer:
    """A report's claim that something never happened, against the cells that count it: all 0, the
    claim holds; any other figure, it does not; a cell not printed, it cannot be told."""
    ms = [m for m in q.measures if m.table == "C"] or list(q.measures)
    vals = read_values(bot.lib.facts, reports, tuple(ms))
    citations: list[Citation] = []
    lines = []
    for r in reports:
        got = [vals[(r["id"], m.key)] for m in ms]
        c = bot.cell_citation(1 + len(citations), r, tuple(k for v in got for k in v.keys))
        citations.append(c)
        shown = "，".join(f"{v.measure.label} {fmt(v.value) if v.known else '未印出'}" for v in got)
        if any(not v.known for v in got):
            verdict = "有的单元格未印出（未知），无法确认这一说法"
        elif all(v.value == 0 for v in got):
            verdict = "均为 0，与这一说法一致"
        else:
            verdict = "不全为 0，与这一说法不符"
        lines.append(f"{bot.name(r)}{r['year']}年表格：{shown} [{c.n}]：{verdict}。")
    return Answer(q.question, "consistency", "\n".join(lines), tuple(citations), query=q)


def _carry_question(q: Query, reports: list[dict]) -> bool:
    names = {m.key for m in q.measures}
    return (
        len(reports) >= 2
        and len({r.get("body") for r in reports}) == 1
        and {"B.carried_to_next_year.total", "B.carried_from_last_year.total"} <= names
    )


def _carry_over(bot, q: Query, reports: list[dict]) -> Answer:
    """结转下年度 of each year against 上年结转 of the next, along the years asked (the year before
    the first too, when the library holds it), and what the last year carries on."""
    out_m, in_m = b_measure("carried_to_next_year", "total"), b_measure("carried_from_last_year", "total")
    body = reports[0]["body"]
    held = {r.get("year"): r for r in bot.catalog.reports if r.get("body") == body}
    years = sorted({r["year"] for r in reports})
    citations: list[Citation] = []
    lines: list[str] = []
    show = lambda v: "未印出（未知）" if v.value is None else f"{fmt(v.value)} 件"  # noqa: E731
    agree = []
    for year in years:
        a, b = held.get(year - 1), held.get(year)
        if a is None or b is None:
            continue
        va = read_values(bot.lib.facts, [a], (out_m,))[(a["id"], out_m.key)]
        vb = read_values(bot.lib.facts, [b], (in_m,))[(b["id"], in_m.key)]
        c1 = bot.cell_citation(len(citations) + 1, a, va.keys)
        c2 = bot.cell_citation(len(citations) + 2, b, vb.keys)
        citations += [c1, c2]
        if va.value is None or vb.value is None:
            verdict = "其中一项未印出（未知），无法核对"
        elif va.value == vb.value:
            verdict = "两者一致（相符）"
        else:
            verdict = f"两者对不上，相差 {fmt(abs(va.value - vb.value))} 件"
        agree.append(va.value is not None and va.value == vb.value)
        lines.append(
            f"{bot.name(a)}{a['year']}年结转下年度继续办理 {show(va)} [{c1.n}]，{b['year']}年报的上年结转 {show(vb)} [{c2.n}]：{verdict}。"
        )
    last = held.get(years[-1])
    if last is not None and len(years) > 2:
        v = read_values(bot.lib.facts, [last], (out_m,))[(last["id"], out_m.key)]
        c = bot.cell_citation(len(citations) + 1, last, v.keys)
        citations.append(c)
        lines.append(f"{last['year']}年结转下年度继续办理 {show(v)} [{c.n}]。")
    if len(agree) > 1:
        lines.insert(0, "逐年核对，每一年都一致（相符）：" if all(agree) else "逐年核对，并非每一年都对得上：")
    if not lines:
        lines.append("资料库中没有相邻两年的年报可核对结转数。")
    return Answer(q.question, "consistency", "\n".join(lines), tuple(citations), query=q)


@cache
def phrases_all() -> tuple[str, ...]:
    """Every statistic's words of three characters or more (for telling "A及B N件" in the text)."""
    return tuple(p for p in phrase_table() if len(p) >= 3 and not p.isascii())


def _verdict(printed: str, value) -> str:
    """What a figure of the text is beside the table's: 一致, or 不一致 and by how much."""
    return "一致" if printed == fmt(value) else f"不一致，相差 {fmt(abs(Decimal(printed) - value))} 件"


def _joined_measure(between: str, m):
    """ "及部分公开" between a statistic's words and its number: the other statistic, the same column."""
    hit = re.fullmatch(r"\s*(?:及|和|与|、|以及|加)\s*([^\d，,。；]{2,12}?)(?:共|合计|共计|总计)?\s*", between)
    if not hit or m.table != "B":
        return None
    rows = [c.concept[1] for c in concepts(hit.group(1)) if c.concept[0] == "B.row"]
    if len(rows) != 1 or rows[0] not in B_ROW_NAMES:
        return None
    return b_measure(rows[0], m.key.rsplit(".", 1)[1])


def _listed_groups(between: str, m) -> list:
    """ "、行政诉讼案件的应诉工作，全县共办理相关案件" after 行政复议: table C's groups listed with the first,
    each as the cells that count it (行政诉讼: direct and after a review)."""
    hit = re.match(r"\s*(?:、|和|及|与|以及)\s*([^\d，,。；、]{2,8}?)(?:案件|的|等)", between)
    if not hit or m.table != "C" or not m.key.endswith(".total"):
        return []
    groups = [c.concept[1] for c in concepts(hit.group(1)) if c.concept[0] == "C.group"]
    out = []
    for g in groups:
        for part in ("litigation_direct", "litigation_after_reconsideration") if g == "litigation" else (g,):
            if f"C.{part}.total" not in m.parts:
                out.append(c_measure(part, "total"))
    return out


def _listed_vs_table(bot, r: dict, m, listed: list, printed: str, quote: str, at: tuple, citations: list) -> list[str]:
    c = Citation.passage(len(citations) + 1, r, quote, *at)
    citations.append(c)
    got = read_values(bot.lib.facts, [r], (m, *listed))
    values = [got[(r["id"], x.key)] for x in (m, *listed)]
    said = (
        f"{bot.name(r)}{r['year']}年正文说{'、'.join(x.label for x in (m, *listed))}共 {printed} 件（原文数字）[{c.n}]"
    )
    if any(v.value is None for v in values):
        return [f"{said}；表格有未印出的单元格（未知），无法核对。"]
    t = bot.cell_citation(len(citations) + 1, r, tuple(k for v in values for k in v.keys))
    citations.append(t)
    both = sum(v.value for v in values)
    parts = " + ".join(f"{v.measure.label} {fmt(v.value)}" for v in values)
    return [f"{said}，表格为 {parts} = {fmt(both)} 件 [{t.n}]：{_verdict(printed, both)}。"]


def _text_vs_table(bot, r: dict, m, citations: list) -> list[str]:
    """Sentences of the report's text that give a number for the statistic, beside the table's cell."""
    v = read_values(bot.lib.facts, [r], (m,))[(r["id"], m.key)]
    phrases = [
        p
        for p, cs in phrase_table().items()
        if len(p) >= 3 and any(m.key.startswith(f"{c[0][0]}.{c[1]}") or c[1] in m.key for c in cs)
    ]
    phrases = [p for p in phrases if not p.isascii()]
    if not phrases or v.value is None:
        return []
    from .narrative import _report  # the report's sentences, joined across the print's line breaks

    _text, sents, _ = _report(bot, r["id"])
    out = []
    for _s in sents:
        sent = _s.text
        if _s.heading or len(sent) < 4 or re.search(r"\d{6,}", sent) or "第二十条" in sent:
            continue  # a flattened table row, not prose
        for p in phrases:
            at = sent.find(p)
            if at < 0:
                continue
            num = re.search(r"(\d+(?:\.\d+)?)\s*(件|个|条)", sent[at:])
            if not num:
                continue
            printed = num.group(1)
            joined = re.search(r"(?:及|和|与|、|以及|加)$", sent[:at])
            if joined and any(sent[: joined.start()].endswith(o) for o in phrases_all()):
                continue  # "予以公开及部分公开258件": the figure of both, said with the first
            listed = _listed_groups(sent[at + len(p) : at + num.start()], m)
            if listed:  # "行政复议、行政诉讼案件…共办理相关案件74件": one figure for the groups listed
                cs = (_s.start, _s.end)
                return _listed_vs_table(bot, r, m, listed, printed, _text[cs[0] : cs[1]].strip(), cs, citations)
            with_other = _joined_measure(sent[at + len(p) : at + num.start()], m)
            c = Citation.passage(len(citations) + 1, r, _text[_s.start : _s.end].strip(), _s.start, _s.end)
            citations.append(c)
            if with_other is not None:
                w = read_values(bot.lib.facts, [r], (with_other,))[(r["id"], with_other.key)]
                if w.value is None:
                    out.append(
                        f"{bot.name(r)}{r['year']}年正文说{m.label}及{with_other.label}共 {printed} 件（原文数字）[{c.n}]；表格的{with_other.label}未印出（未知），无法核对。"
                    )
                    return out
                t = bot.cell_citation(len(citations) + 1, r, (*v.keys, *w.keys))
                citations.append(t)
                both = v.value + w.value
                verdict = _verdict(printed, both)
                out.append(
                    f"{bot.name(r)}{r['year']}年正文说{m.label}及{with_other.label}共 {printed} 件（原文数字）[{c.n}]，表格为"
                    f" {m.label} {fmt(v.value)} + {with_other.label} {fmt(w.value)} = {fmt(both)} 件 [{t.n}]：{verdict}。"
                )
                return out
            t = bot.cell_citation(len(citations) + 1, r, v.keys)
            citations.append(t)
            verdict = _verdict(printed, v.value)
            rows = group_rows(m)
            table = f"{fmt(v.value)} 件"
            if rows:  # a group: its rows added up
                sub = read_values(bot.lib.facts, [r], rows)
                parts = [sub[(r["id"], x.key)] for x in rows]
                if all(p.value is not None for p in parts):
                    table = (
                        " + ".join(f"{p.measure.label.split('·')[-1]} {fmt(p.value)}" for p in parts)
                        + f" = {fmt(v.value)} 件"
                    )
            out.append(
                f"{bot.name(r)}{r['year']}年正文说{m.label} {printed} 件（原文数字）[{c.n}]，表格为 {table} [{t.n}]：{verdict}。"
            )
            return out
    return out
