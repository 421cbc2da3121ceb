"""Narrative answers: retrieved passages, the sentences that answer, each cited to its report and
section; a section's points in print order; one sentence per report for "which towns …".

    >>> best_sentences.__name__
    'best_sentences'
"""

from __future__ import annotations

import re

from ingest.schema import SECTION_TITLES
from vectorstore.lexical import tokens

from .model import Answer, Citation
from .understand import WHICH_RE, Query

QUESTION_WORDS = set(
    [
        "多少",
        "几",
        "几件",
        "几个",
        "几名",
        "几位",
        "几人",
        "多少名",
        "多少人",
        "多少条",
        "多少次",
        "几次",
        "哪些",
        "哪个",
        "哪里",
        "什么",
        "怎么",
        "怎样",
        "如何",
        "是否",
        "有没有",
        "吗",
        "呢",
        "请问",
        "年",
        "年度",
        "分别",
        "各",
        "各镇",
        "各乡",
        "哪些镇",
        "了",
        "的",
        "在",
        "有",
        "和",
        "与",
        "是",
        "作出",
        "打算",
        "进行",
        "开展",
        "一下",
        "介绍",
        "存在",
        "方面",
        "名字",
        "叫",
    ]
)
SECTION_WORDS = set(
    [
        "问题",
        "改进",
        "措施",
        "不足",
        "打算",
        "存在",
        "主要",
        "困难",
        "短板",
        "整改",
        "计划",
        "下一步",
        "方面",
        "哪些",
        "怎样",
        "如何",
    ]
)
GENERIC_WORDS = set(["政府", "信息", "公开", "政府信息", "工作", "情况", "报告", "年报", "通过", "发布", "镇", "乡"])
SECTION_OF_QUESTION = (
    (re.compile(r"问题|不足|困难|短板|差距|改进|整改|措施|打算|下一步|计划"), "problems_and_improvements"),
)
QUANTITY_RE = re.compile(r"多少|几[件个条次人名期篇场项]|数量|人次")
UNIT_NUM_RE = re.compile(r"\d+(?:\.\d+)?\s*(?:万)?(?:条|件|人次|次|期|个|篇|场|项|人|万元|元|%)")
META_RE = re.compile(r"属于哪个(县|区|市|省)|哪个(县|区|市)的|在哪个(县|区|市)|位于")
THRESHOLD_RE = re.compile(r"(超过|多于|大于|高于|不少于|至少|少于|低于|不足)\s*(\d+)")


def narrative_answer(bot, q: Query, on_token=None) -> Answer:
    per_report = not q.places and (
        WHICH_RE.search(q.question) or re.search(r"各镇|各乡|各街道|各单位|各地", q.question)
    )
    if bot.composer is not None and not per_report:
        return bot.composer.compose(bot, q, on_token=on_token)
    if per_report:
        return _per_report(bot, q)
    section = next((sec for pat, sec in SECTION_OF_QUESTION if pat.search(q.question)), None)
    targets = bot.targets(q) if q.places else []
    if section and targets and len(targets) <= 3:
        answer = _section_points(bot, q, targets, section)
        if answer is not None:
            return answer
    if section:
        hits = retrieve(bot, q, k=12, section=section)
        if hits:
            return _extract(bot, q, hits, max_sentences=5, listing=True)
    hits = retrieve(bot, q, k=12)
    return _extract(bot, q, hits, max_sentences=3)


def retrieve(bot, q: Query, k: int = 8, bodies=None, section: str | None = None):
    filters = {"kind": "text"}
    if section:
        filters["section"] = section
    if bodies or q.places:
        filters["body"] = list(bodies or q.places)
    if q.years:
        filters["year"] = list(q.years)
    if q.level and not (bodies or q.places):
        towns = sorted({r["town"] for r in bot.catalog.reports if r.get("town")})
        if towns:
            filters["town"] = towns
    query = q.question
    for w in q.place_words:
        query = query.replace(w, " ")
    return bot.lib.search(query, k=k, **filters)


def _per_report(bot, q: Query) -> Answer:
    reports = bot.targets(q)
    key = key_terms(q)
    citations: list[Citation] = []
    lines: list[str] = []
    phrase = max(key_phrases(q), key=len, default="")
    require = [phrase[i:] for i in range(max(0, len(phrase) - 2))] if len(phrase) >= 3 else []
    for r in reports:
        hits = retrieve(bot, q, k=6, bodies=[r["body"]])
        best = best_sentences(q, hits, 1, require_any=require)
        for _score, s, h, start in best:
            start = _locate(bot, h.report_id, s, start)
            c = Citation(len(citations) + 1, h.report_id, h.file, h.body, h.year, h.section, s, start, start + len(s))
            citations.append(c)
            lines.append(f"- {bot.name(r)}（{r['year']}年）：{s} [{c.n}]")
    if not lines:
        return Answer(
            q.question,
            "narrative",
            f"在所选年报中没有找到关于“{'、'.join(key[:2]) or q.question}”的内容。",
            query=q,
        )
    head = f"共 {len(lines)} 份年报提到相关内容："
    return Answer(q.question, "narrative", "\n".join([head, *lines]), tuple(citations), query=q)


def _section_points(bot, q: Query, reports: list[dict], section: str) -> Answer | None:
    """The points a section makes (一是…二是…), in print order: the problems before the
    improvements sub-heading, or the improvements after it, as the question asks."""
    improve = bool(re.search(r"改进|整改|措施|打算|下一步|计划|怎样|如何", q.question))
    specific = [
        t for t in key_terms(q) if t not in GENERIC_WORDS and t not in ("问题", "改进", "措施", "不足", "打算", "存在")
    ]
    citations: list[Citation] = []
    lines: list[str] = []
    for r in reports:
        spans = [x for x in bot.lib.facts.sections(r["id"]) if x["key"] == section]
        if not spans:
            continue
        text = bot.lib.facts.report_text(r["id"])
        a, b = spans[0]["start"], spans[0]["end"]
        body = text[a:b]
        cut = re.search(r"\n\s*[(（]?[二2][)）]?[^\n]{0,12}(改进|措施|整改|解决|办法)|下一步", body)
        lo, hi = (cut.start(), len(body)) if (improve and cut) else (0, cut.start() if cut else len(body))
        picked = []
        for m in _SENT.finditer(body, lo, hi):
            sent = m.group(0).strip()
            if len(sent) < 6 or (re.match(r"^[(（]?[一二三四五六七八九十]+[)）、]", sent) and len(sent) < 24):
                continue
            if specific and not any(t in sent for t in specific):
                continue
            point = re.match(r"^[(（]?[一二三四五六七八九十\d][)）、.]|^[一二三四五六七八九十]是", sent)
            if point or specific:
                picked.append((a + m.start() + (len(m.group(0)) - len(m.group(0).lstrip())), sent))
        for start, sent in picked[:6]:
            c = Citation(
                len(citations) + 1,
                r["id"],
                r["file"],
                r["body"] or "",
                r.get("year"),
                section,
                sent,
                start,
                start + len(sent),
            )
            citations.append(c)
        if picked:
            lines.append(f"据{bot.name(r)}{r['year']}年年报（{SECTION_TITLES[section]}）：")
            lines += [
                f"- {sent} [{c.n}]" for (_, sent), c in zip(picked[:6], citations[-len(picked[:6]) :], strict=True)
            ]
    if not lines:
        return None
    return Answer(q.question, "narrative", "\n".join(lines), tuple(citations), query=q)


def _locate(bot, rid: str, quote: str, near: int) -> int:
    """The quote's offset in the report's text (searched from the passage's start)."""
    text = bot.lib.facts.report_text(rid)
    i = text.find(quote, max(0, near - 50))
    return i if i >= 0 else max(0, text.find(quote))


def _extract(bot, q: Query, hits, max_sentences: int = 3, listing: bool = False) -> Answer:
    best = best_sentences(q, hits, max_sentences, listing=listing)
    if not best:
        scope = "、".join(q.place_words) or "资料库"
        return Answer(q.question, "narrative", f"在{scope}的年报中没有找到能回答这个问题的内容。", query=q)
    citations: list[Citation] = []
    by_report: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for _score, s, h, start in best:
        start = _locate(bot, h.report_id, s, start)
        c = Citation(len(citations) + 1, h.report_id, h.file, h.body, h.year, h.section, s, start, start + len(s))
        citations.append(c)
        by_report.setdefault(h.report_id, []).append(f"{s} [{c.n}]")
        r = bot.by_id.get(h.report_id, {})
        names[h.report_id] = f"{r.get('town') or h.body}{h.year}年年报（{SECTION_TITLES.get(h.section, h.section)}）"
    lines = []
    specific = [t for t in key_terms(q) if t not in GENERIC_WORDS and t not in SECTION_WORDS]
    counted = counted_noun(q.question)
    missing_noun = bool(counted) and not any(counted in s for _, s, _, _ in best)
    missing_terms = len(specific) >= 2 and not any(t in s for _, s, _, _ in best for t in specific)
    if QUANTITY_RE.search(q.question) and (missing_noun or missing_terms):
        # nothing retrieved speaks of what was asked: say so rather than pass off a neighbour as the answer
        scope = "、".join(q.place_words) or "所选"
        what = counted if missing_noun else "、".join(specific[:3])
        lines.append(f"{scope}的年报没有提到“{what}”的数量（未说明）；以下是最接近的原文，供参考：")
    for rid, sents in by_report.items():
        lines.append(f"据{names[rid]}：" + "".join(sents))
    return Answer(q.question, "narrative", "\n".join(lines), tuple(citations), query=q)


_SENT = re.compile(r"[^。！？；\n]+[。！？；]?")


def key_terms(q: Query) -> list[str]:
    text = q.question
    for w in q.place_words:
        text = text.replace(w, " ")
    terms = [t for t in tokens(text) if len(t) >= 2 and t not in QUESTION_WORDS and not t.isdigit()]
    return sorted(dict.fromkeys(terms), key=len, reverse=True)


def key_phrases(q: Query) -> list[str]:
    """Runs of adjacent content words of the question ("开通了微信视频号" → 开通, 微信视频号)."""
    text = q.question
    for w in q.place_words:
        text = text.replace(w, "，")
    runs, cur = [], ""
    for t in tokens(text):
        if t in QUESTION_WORDS or t in GENERIC_WORDS or not re.match(r"[\u4e00-\u9fff]", t):
            if cur:
                runs.append(cur)
            cur = ""
        else:
            cur += t
    if cur:
        runs.append(cur)
    return runs


def best_sentences(q: Query, hits, n: int, require_any: list[str] | None = None, listing: bool = False):
    """The sentences of the retrieved passages that answer best: question terms they contain
    (longer terms weigh more, generic ones little), a number with a unit when the question asks how
    many. `listing`: the question asks for a section's points (一是…二是…), kept in print order."""
    terms = key_terms(q)
    specific = [t for t in terms if t not in GENERIC_WORDS and t not in SECTION_WORDS]
    wants_number = bool(QUANTITY_RE.search(q.question))
    scored = []
    seen = set()
    for rank, h in enumerate(hits):
        for m in _SENT.finditer(h.text):
            s = m.group(0).strip()
            if len(s) < 6 or s in seen:
                continue
            seen.add(s)
            if require_any and not any(t in s for t in require_any):
                continue
            if listing and re.match(r"^[(（]?[一二三四五六七八九十]+[)）、]", s) and len(s) < 24:
                continue  # a heading, not a point
            score = sum((0.5 if t in GENERIC_WORDS else len(t)) for t in terms if t in s)
            if listing:
                point = re.match(r"^[(（]?[一二三四五六七八九十\d][)）、.]|^[一二三四五六七八九十]是", s)
                if specific and not any(t in s for t in specific):
                    score = 0
                elif point or re.search(r"问题|不足|薄弱|不够|有待|滞后|缺失|不充分|改进|加强|提升", s):
                    score += 4
            if score <= 0:
                continue
            if len(s) < 15 and not re.search(r"\d", s):
                score -= 3  # a heading, not an answer
            if score <= 0:
                continue
            if wants_number:
                score = score + 3 if UNIT_NUM_RE.search(s) else score * 0.3 - 2
            score -= rank * 0.05
            offset = h.text.find(s)
            scored.append((score, s, h, h.start + max(0, offset) if h.kind == "text" else h.start))
    scored.sort(key=lambda x: -x[0])
    top = scored[:n]
    if listing:
        top.sort(key=lambda x: (x[2].report_id, x[3]))
    return top


_UNIT_IN_Q = re.compile(r"多少(条|件|个|人次|次|期|篇|场|项|人|名)|几(条|件|个|次|期|篇|场|项|人|名)")


def text_difference(bot, q: Query) -> Answer | None:
    """ "镇罗镇比七营镇多公开了多少条政府信息？": a figure only the text prints, read from the best
    sentence of each report, and the difference with its formula and both quotes."""
    m = _UNIT_IN_Q.search(q.question)
    if len(q.places) != 2 or not m:
        return None
    unit = m.group(1) or m.group(2)
    order = sorted(q.places, key=lambda b: min((q.question.find(w) for w in q.place_words if w in b), default=99))
    found = []
    for body in order:
        hits = retrieve(bot, q, k=8, bodies=[body])
        for _score, s, h, start in best_sentences(q, hits, 3):
            num = re.search(rf"(\d+(?:\.\d+)?)\s*{unit}", s)
            if num:
                found.append((body, s, h, start, num.group(1)))
                break
    if len(found) != 2:
        return None
    citations = []
    for _body, s, h, start, _ in found:
        start = _locate(bot, h.report_id, s, start)
        c = Citation(len(citations) + 1, h.report_id, h.file, h.body, h.year, h.section, s, start, start + len(s))
        citations.append(c)
    (a, _, _, _, va), (b, _, _, _, vb) = found
    d = float(va) - float(vb)
    diff = int(d) if d == int(d) else round(d, 2)
    word = "多" if d >= 0 else "少"
    text = (
        f"据两份年报正文，{a}为 {va}{unit} [1]，{b}为 {vb}{unit} [2]，前者{word} {abs(diff)}{unit}（{va} − {vb} = {diff}）。"
        "\n（数字取自正文叙述，统计表没有这一项。）"
    )
    return Answer(q.question, "difference", text, tuple(citations), query=q)


_COUNTER = re.compile(r"(?:几|多少)(?:名|个|位|人次|人|条|件|次|项|期|篇|场|家)([\u4e00-\u9fff]{2,12})")


def counted_noun(question: str) -> str:
    """What a how-many question counts: "安排了几名专职人员负责…" → 专职人员 (its first content word)."""
    m = _COUNTER.search(question)
    if not m:
        return ""
    for t in tokens(m.group(1)):
        if len(t) >= 2 and t not in QUESTION_WORDS and t not in GENERIC_WORDS:
            return t
    return ""
