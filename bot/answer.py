"""Answering: route the understood question, compose a cited answer, verify every number.

Table questions are answered from the facts store over every matching report (never from retrieved
chunks); narrative questions from hybrid retrieval through an extractive composer (or an LLM
composer, see `llm.py`); consistency questions from the parser's findings.

    >>> import tempfile
    >>> from vectorstore import Library, Settings
    >>> lib = Library(Settings(data_dir=tempfile.mkdtemp(), embeddings="none"))
    >>> _ = lib.ingest(["data/reports/004_9c54c256ccc794aa.txt"])
    >>> a = Bot(lib).answer("镇罗镇2024年作出了多少件行政处罚决定？")
    >>> "103件" in a.text, a.numbers[0].status, a.citations[0].section
    (True, 'verified', 'proactive_disclosure')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from ingest.schema import SECTION_TITLES, cell_labels
from vectorstore import Library
from vectorstore.lexical import tokens

from .understand import STAT_NAMES, WHICH_RE, Catalog, Query, understand

QUESTION_WORDS = set(
    [
        "多少",
        "几",
        "几件",
        "几个",
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


@dataclass(frozen=True)
class Citation:
    n: int
    report_id: str
    file: str
    body: str
    year: int | None
    section: str
    quote: str
    start: int | None = None
    end: int | None = None
    cell: str | None = None
    note: str | None = None  # a parser finding the passage is cited for


@dataclass(frozen=True)
class NumberCheck:
    value: str
    status: str  # verified, not_found, contradicted
    cell: str | None = None
    quote: str | None = None
    expected: str | None = None


@dataclass(frozen=True)
class Answer:
    question: str
    kind: str
    text: str
    citations: tuple[Citation, ...] = ()
    numbers: tuple[NumberCheck, ...] = ()
    query: Query | None = field(default=None, compare=False)

    def to_json(self) -> dict:
        return {
            "answer": self.text,
            "kind": self.kind,
            "citations": [
                {
                    "n": c.n,
                    "file": Path(c.file).name,
                    "body": c.body,
                    "year": c.year,
                    "section": c.section,
                    "quote": c.quote,
                    "start": c.start,
                    "end": c.end,
                    **({"cell": c.cell} if c.cell else {}),
                }
                for c in self.citations
            ],
            "numbers": [
                {"value": x.value, "status": x.status, **({"cell": x.cell} if x.cell else {"quote": x.quote})}
                for x in self.numbers
            ],
        }


def fmt(v) -> str:
    if isinstance(v, Decimal):
        return format(v.normalize(), "f")
    return str(v)


class Bot:
    """The product's heart: a Chinese question in, a cited and verified answer out."""

    def __init__(self, library: Library, composer=None):
        self.lib = library
        self.composer = composer  # None: extractive; else an LLM composer (see llm.py)
        self.refresh()

    def refresh(self) -> None:
        self.catalog = Catalog(self.lib.reports())
        self.by_id = {r["id"]: r for r in self.catalog.reports}

    # --- entry point -----------------------------------------------------------------------------
    def answer(self, question: str, context: Query | None = None, on_token=None, **filters) -> Answer:
        """Answer one question; `context` is the previous question's Query (follow-ups), `on_token`
        receives an LLM composer's streamed text, `filters` (year, body) narrow the reports."""
        q = understand(question, self.catalog, context)
        if filters.get("year") and not q.years:
            q = replace(q, years=tuple(filters["year"]) if isinstance(filters["year"], list) else (filters["year"],))
        if filters.get("body") and not q.places:
            b = filters["body"]
            q = replace(q, places=tuple(b) if isinstance(b, list) else (b,))
        missing = self._missing(q)
        if missing is not None:
            return self._finish(missing)
        if META_RE.search(question) and q.places:
            return self._finish(self.metadata_answer(q))
        if q.kind == "consistency":
            return self._finish(self.consistency_answer(q))
        if q.stats and q.kind != "narrative":
            return self._finish(self.table_answer(q))
        return self._finish(self.narrative_answer(q, on_token))

    def _finish(self, a: Answer) -> Answer:
        from .verify import mark_unverified, verify

        written = a.kind == "narrative" and self.composer is not None and a.query is not None
        anchors = sorted(key_phrases(a.query), key=len, reverse=True) if written else None
        numbers = tuple(verify(a.text, a.citations, self.lib, a.question, anchors))
        return replace(a, text=mark_unverified(a.text, numbers), numbers=numbers)

    # --- scope -----------------------------------------------------------------------------------
    def targets(self, q: Query) -> list[dict]:
        ids = self.catalog.ids(q.places, q.years, q.level if not q.places else None)
        return [self.by_id[i] for i in ids]

    def _missing(self, q: Query) -> Answer | None:
        """Say so when the library has no report for the place or year asked about, and what it has."""
        if q.unknown_places and not q.places:
            have = "、".join(sorted({r["body"] for r in self.catalog.reports if r.get("body")})[:8])
            text = f"资料库中没有{'、'.join(q.unknown_places)}的年报，无法回答。资料库现有：{have}等。"
            return Answer(q.question, "unanswerable", text, query=q)
        if q.places and q.years and not self.catalog.ids(q.places, q.years):
            parts = []
            for body in q.places:
                years = sorted(r["year"] for r in self.catalog.reports if r.get("body") == body and r.get("year"))
                short = next((w for w in q.place_words if w in body), body)
                parts.append(f"{short}（{body}）只有 {'、'.join(f'{y}年' for y in years)} 的年报")
            asked = "、".join(f"{y}年" for y in q.years)
            text = f"资料库中没有{'、'.join(q.place_words) or '所问机关'}{asked}的年报，无法回答；{'；'.join(parts)}。"
            return Answer(q.question, "unanswerable", text, query=q)
        if q.years and not q.places and not self.catalog.ids((), q.years):
            text = f"资料库中没有 {'、'.join(map(str, q.years))} 年的年报；现有年份：{'、'.join(map(str, self.catalog.years))}。"
            return Answer(q.question, "unanswerable", text, query=q)
        if not self.catalog.reports:
            return Answer(q.question, "unanswerable", "资料库还是空的：请先导入年报（gongkai ingest）。", query=q)
        return None

    def name(self, r: dict) -> str:
        return r.get("town") or r.get("body") or r["name"]

    # --- table answers ---------------------------------------------------------------------------
    def stat_value(self, rid: str, keys: tuple[str, ...]):
        cells = self.lib.facts.cells(rid)
        vals = [cells.get(k, {}).get("value") for k in keys]
        if any(v is None for v in vals):
            return None
        return sum(vals)

    def cell_citation(self, n: int, r: dict, keys: tuple[str, ...]) -> Citation:
        row = self.lib.facts.db.execute(
            f"SELECT key, raw, source FROM cells WHERE report_id=? AND key IN ({','.join('?' * len(keys))})",
            (r["id"], *keys),
        ).fetchall()
        raw = next((x["raw"] for x in row if x["raw"]), "") or ""
        text = self.lib.facts.report_text(r["id"])
        quote = raw.replace("\t", " ").strip() if raw else "、".join(cell_labels().get(k, k) for k in keys)
        start = text.find(raw) if raw else -1
        section = {"A": "proactive_disclosure", "B": "applications", "C": "reconsideration_litigation"}[keys[0][0]]
        return Citation(
            n=n,
            report_id=r["id"],
            file=r["file"],
            body=r["body"] or "",
            year=r.get("year"),
            section=section,
            quote=quote[:300],
            start=start if start >= 0 else None,
            end=start + len(raw) if start >= 0 else None,
            cell=keys[0] if len(keys) == 1 else ",".join(keys),
        )

    def contradictions(self, rid: str, keys: tuple[str, ...]) -> list[dict]:
        return [f for f in self.lib.facts.findings(rid) if f["kind"] == "text_vs_table" and set(f["cells"]) & set(keys)]

    def table_answer(self, q: Query) -> Answer:
        reports = self.targets(q)
        if not reports:
            return Answer(q.question, "unanswerable", "资料库中没有符合条件的年报。", query=q)
        citations: list[Citation] = []
        lines: list[str] = []
        threshold = THRESHOLD_RE.search(q.question)
        for keys in q.stats:
            stat = stat_name(keys)
            unit = "万元" if keys == ("A.fees_10k_yuan",) else "件"
            rows = [(r, self.stat_value(r["id"], keys)) for r in reports]
            if q.kind in ("which", "count"):
                keep = [(r, v) for r, v in rows if v is not None and _passes(v, threshold)]
                odd = [(r, v, f) for r, v in rows if (r, v) not in keep for f in self.contradictions(r["id"], keys)[:1]]
                scope = _scope(q)
                if keep:
                    lines.append(f"{scope}{stat}{_threshold_text(threshold)}的有 {len(keep)} 份年报：")
                    for r, v in sorted(keep, key=lambda x: -x[1]):
                        c = self.cell_citation(len(citations) + 1, r, keys)
                        citations.append(c)
                        lines.append(f"- {self.name(r)}（{r['body']}，{r['year']}年）：{fmt(v)}{unit} [{c.n}]")
                else:
                    lines.append(f"{scope}没有一份年报的统计表显示{stat}{_threshold_text(threshold) or '大于 0'}。")
                for r, v, f in odd:
                    c = self.cell_citation(len(citations) + 1, r, keys)
                    citations.append(c)
                    fc = replace(self._finding_citation(len(citations) + 1, r, f), note=f["message"])
                    citations.append(fc)
                    lines.append(
                        f"- 注意：{self.name(r)}（{r['year']}年）的统计表为 {fmt(v)}{unit} [{c.n}]，但正文与表格不一致：{f['message']} [{fc.n}]"
                    )
                unknown = [r for r, v in rows if v is None]
                if unknown:
                    lines.append(
                        f"另有 {len(unknown)} 份年报未印出或无法读出该项数据：{'、'.join(self.name(r) for r in unknown[:6])}。"
                    )
                if q.kind == "count":
                    lines.insert(0, f"共 {len(keep)} 份。")
            elif q.kind == "sum":
                known = [(r, v) for r, v in rows if v is not None]
                total = sum(v for _, v in known)
                parts = []
                for r, v in known:
                    c = self.cell_citation(len(citations) + 1, r, keys)
                    citations.append(c)
                    parts.append(f"{self.name(r)}{r['year']}年 {fmt(v)}{unit} [{c.n}]")
                lines.append(f"{_scope(q)}{stat}合计 {fmt(total)}{unit}（{len(known)} 份年报）：{'；'.join(parts)}。")
            elif q.kind in ("rank", "compare"):
                known = sorted([(r, v) for r, v in rows if v is not None], key=lambda x: (-x[1], x[0].get("year") or 0))
                if not known:
                    lines.append(f"所选年报都没有印出{stat}。")
                    continue
                if q.kind == "rank":
                    r, v = known[0]
                    c = self.cell_citation(len(citations) + 1, r, keys)
                    citations.append(c)
                    lines.append(f"{stat}最多的是{self.name(r)}{r['year']}年：{fmt(v)}{unit} [{c.n}]。排序如下：")
                else:
                    known = sorted(known, key=lambda x: (x[0].get("body") or "", x[0].get("year") or 0))
                    lines.append(f"{stat}对比：")
                for r, v in known:
                    c = self.cell_citation(len(citations) + 1, r, keys)
                    citations.append(c)
                    lines.append(f"- {self.name(r)} {r['year']}年：{fmt(v)}{unit} [{c.n}]")
            else:
                for r, v in rows:
                    if v is None:
                        lines.append(f"{self.name(r)}{r['year']}年的年报没有印出{stat}（或无法读出），不作推测。")
                        continue
                    c = self.cell_citation(len(citations) + 1, r, keys)
                    citations.append(c)
                    lines.append(f"{self.name(r)}{r['year']}年{stat}为 {fmt(v)}{unit} [{c.n}]。")
                    for f in self.contradictions(r["id"], keys)[:1]:
                        fc = replace(self._finding_citation(len(citations) + 1, r, f), note=f["message"])
                        citations.append(fc)
                        lines.append(f"注意：该报告正文与表格不一致——{f['message']} [{fc.n}]")
        return Answer(q.question, q.kind, "\n".join(lines), tuple(citations), query=q)

    # --- consistency -----------------------------------------------------------------------------
    def consistency_answer(self, q: Query) -> Answer:
        reports = self.targets(q) if (q.places or q.years) else []
        if not reports:
            return Answer(q.question, "consistency", "请说明要核对哪个机关、哪一年的年报。", query=q)
        wanted = {k.rsplit(".", 1)[0] for keys in q.stats for k in keys}
        citations: list[Citation] = []
        lines: list[str] = []
        for r in reports:
            fs = [
                f
                for f in self.lib.facts.findings(r["id"])
                if f["kind"] in ("identity", "text_vs_table", "parts_sum", "carry_over", "year_mismatch")
            ]
            if wanted:
                fs = [f for f in fs if any(c.rsplit(".", 1)[0] in wanted for c in f["cells"])] or fs
            if not fs:
                lines.append(
                    f"{self.name(r)}{r['year']}年的年报未发现数据前后不一致之处（表内勾稽关系、正文与表格均相符）。"
                )
                continue
            lines.append(f"{self.name(r)}{r['year']}年的年报有 {len(fs)} 处数据不一致：")
            cells = self.lib.facts.cells(r["id"])
            for f in fs:
                c = replace(self._finding_citation(len(citations) + 1, r, f), note=f["message"])
                citations.append(c)
                detail = ""
                if f["kind"] == "identity":
                    labels = cell_labels()
                    detail = (
                        "（"
                        + "，".join(f"{labels.get(k, k)} {fmt(cells[k]['value'])}" for k in f["cells"] if k in cells)
                        + "）"
                    )
                lines.append(f"- {f['message']}{detail} [{c.n}]")
        return Answer(q.question, "consistency", "\n".join(lines), tuple(citations), query=q)

    def _finding_citation(self, n: int, r: dict, f: dict) -> Citation:
        if f["quotes"]:
            quote = f["quotes"][0]
            text = self.lib.facts.report_text(r["id"])
            i = text.find(quote[:40])
            sec = next((x["key"] for x in self.lib.facts.sections(r["id"]) if x["start"] <= i < x["end"]), "overview")
            return Citation(
                n,
                r["id"],
                r["file"],
                r["body"] or "",
                r.get("year"),
                sec,
                quote[:300],
                i if i >= 0 else None,
                i + len(quote) if i >= 0 else None,
            )
        keys = tuple(f["cells"]) or ("B.new_applications.total",)
        return self.cell_citation(n, r, keys[:1] if len(keys) > 5 else keys)

    # --- metadata --------------------------------------------------------------------------------
    def metadata_answer(self, q: Query) -> Answer:
        lines, citations = [], []
        for body in q.places:
            r = next(x for x in self.catalog.reports if x.get("body") == body)
            text = self.lib.facts.report_text(r["id"])
            i = text.find(body)
            c = Citation(
                len(citations) + 1,
                r["id"],
                r["file"],
                body,
                r.get("year"),
                "overview",
                body,
                i if i >= 0 else None,
                i + len(body) if i >= 0 else None,
            )
            citations.append(c)
            where = "、".join(x for x in (r.get("city"), r.get("county")) if x)
            if where:
                lines.append(f"{self.name(r)}属于{where}（年报发布机关：{body}）[{c.n}]。")
            else:
                lines.append(f"{self.name(r)}的年报没有写明所属县（区）（发布机关：{body}）[{c.n}]。")
        return Answer(q.question, "lookup", "\n".join(lines), tuple(citations), query=q)

    # --- narrative -------------------------------------------------------------------------------
    def narrative_answer(self, q: Query, on_token=None) -> Answer:
        per_report = not q.places and (
            WHICH_RE.search(q.question) or re.search(r"各镇|各乡|各街道|各单位|各地", q.question)
        )
        if self.composer is not None and not per_report:
            return self.composer.compose(self, q, on_token=on_token)
        if per_report:
            return self._per_report(q)
        section = next((sec for pat, sec in SECTION_OF_QUESTION if pat.search(q.question)), None)
        targets = self.targets(q) if q.places else []
        if section and targets and len(targets) <= 3:
            answer = self._section_points(q, targets, section)
            if answer is not None:
                return answer
        if section:
            hits = self.retrieve(q, k=12, section=section)
            if hits:
                return self._extract(q, hits, max_sentences=5, listing=True)
        hits = self.retrieve(q, k=12)
        return self._extract(q, hits, max_sentences=3)

    def retrieve(self, q: Query, k: int = 8, bodies=None, section: str | None = None):
        filters = {"kind": "text"}
        if section:
            filters["section"] = section
        if bodies or q.places:
            filters["body"] = list(bodies or q.places)
        if q.years:
            filters["year"] = list(q.years)
        if q.level and not (bodies or q.places):
            towns = sorted({r["town"] for r in self.catalog.reports if r.get("town")})
            if towns:
                filters["town"] = towns
        query = q.question
        for w in q.place_words:
            query = query.replace(w, " ")
        return self.lib.search(query, k=k, **filters)

    def _per_report(self, q: Query) -> Answer:
        reports = self.targets(q)
        key = key_terms(q)
        citations: list[Citation] = []
        lines: list[str] = []
        phrase = max(key_phrases(q), key=len, default="")
        require = [phrase[i:] for i in range(max(0, len(phrase) - 2))] if len(phrase) >= 3 else []
        for r in reports:
            hits = self.retrieve(q, k=6, bodies=[r["body"]])
            best = best_sentences(q, hits, 1, require_any=require)
            for _score, s, h, start in best:
                start = self._locate(h.report_id, s, start)
                c = Citation(
                    len(citations) + 1, h.report_id, h.file, h.body, h.year, h.section, s, start, start + len(s)
                )
                citations.append(c)
                lines.append(f"- {self.name(r)}（{r['year']}年）：{s} [{c.n}]")
        if not lines:
            return Answer(
                q.question,
                "narrative",
                f"在所选年报中没有找到关于“{'、'.join(key[:2]) or q.question}”的内容。",
                query=q,
            )
        head = f"共 {len(lines)} 份年报提到相关内容："
        return Answer(q.question, "narrative", "\n".join([head, *lines]), tuple(citations), query=q)

    def _section_points(self, q: Query, reports: list[dict], section: str) -> Answer | None:
        """The points a section makes (一是…二是…), in print order: the problems before the
        improvements sub-heading, or the improvements after it, as the question asks."""
        improve = bool(re.search(r"改进|整改|措施|打算|下一步|计划|怎样|如何", q.question))
        specific = [
            t
            for t in key_terms(q)
            if t not in GENERIC_WORDS and t not in ("问题", "改进", "措施", "不足", "打算", "存在")
        ]
        citations: list[Citation] = []
        lines: list[str] = []
        for r in reports:
            spans = [x for x in self.lib.facts.sections(r["id"]) if x["key"] == section]
            if not spans:
                continue
            text = self.lib.facts.report_text(r["id"])
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
                lines.append(f"据{self.name(r)}{r['year']}年年报（{SECTION_TITLES[section]}）：")
                lines += [
                    f"- {sent} [{c.n}]" for (_, sent), c in zip(picked[:6], citations[-len(picked[:6]) :], strict=True)
                ]
        if not lines:
            return None
        return Answer(q.question, "narrative", "\n".join(lines), tuple(citations), query=q)

    def _locate(self, rid: str, quote: str, near: int) -> int:
        """The quote's offset in the report's text (searched from the passage's start)."""
        text = self.lib.facts.report_text(rid)
        i = text.find(quote, max(0, near - 50))
        return i if i >= 0 else max(0, text.find(quote))

    def _extract(self, q: Query, hits, max_sentences: int = 3, listing: bool = False) -> Answer:
        best = best_sentences(q, hits, max_sentences, listing=listing)
        if not best:
            scope = "、".join(q.place_words) or "资料库"
            return Answer(q.question, "narrative", f"在{scope}的年报中没有找到能回答这个问题的内容。", query=q)
        citations: list[Citation] = []
        by_report: dict[str, list[str]] = {}
        names: dict[str, str] = {}
        for _score, s, h, start in best:
            start = self._locate(h.report_id, s, start)
            c = Citation(len(citations) + 1, h.report_id, h.file, h.body, h.year, h.section, s, start, start + len(s))
            citations.append(c)
            by_report.setdefault(h.report_id, []).append(f"{s} [{c.n}]")
            r = self.by_id.get(h.report_id, {})
            names[h.report_id] = (
                f"{r.get('town') or h.body}{h.year}年年报（{SECTION_TITLES.get(h.section, h.section)}）"
            )
        lines = []
        for rid, sents in by_report.items():
            lines.append(f"据{names[rid]}：" + "".join(sents))
        return Answer(q.question, "narrative", "\n".join(lines), tuple(citations), query=q)


def stat_name(keys: tuple[str, ...]) -> str:
    if len(keys) == 1:
        return STAT_NAMES.get(keys[0]) or cell_labels().get(keys[0], keys[0]).replace("·", "")
    if all(".withheld." in k for k in keys):
        return "不予公开（各项理由合计）"
    if all(".unable." in k for k in keys):
        return "无法提供（合计）"
    if all(".not_processed." in k for k in keys):
        return "不予处理（合计）"
    if all(k.startswith("C.litigation") for k in keys):
        return "政府信息公开行政诉讼（直接起诉与复议后起诉合计）"
    return "、".join(cell_labels().get(k, k) for k in keys)


def _scope(q: Query) -> str:
    s = ""
    if q.years:
        s += "、".join(map(str, q.years)) + "年"
    if q.level == "township":
        s += "各乡镇中，"
    elif s:
        s += "，"
    return s


def _passes(v, threshold) -> bool:
    if threshold is None:
        return v > 0
    word, n = threshold.group(1), int(threshold.group(2))
    if word in ("超过", "多于", "大于", "高于"):
        return v > n
    if word in ("不少于", "至少"):
        return v >= n
    return v < n


def _threshold_text(threshold) -> str:
    return f"{threshold.group(1)} {threshold.group(2)} 件" if threshold else ""


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
                score += 3 if UNIT_NUM_RE.search(s) else -2
            score -= rank * 0.05
            offset = h.text.find(s)
            scored.append((score, s, h, h.start + max(0, offset) if h.kind == "text" else h.start))
    scored.sort(key=lambda x: -x[0])
    top = scored[:n]
    if listing:
        top.sort(key=lambda x: (x[2].report_id, x[3]))
    return top
