"""Answering: understand the question into a typed Query, route it, compose a cited answer, verify.

Table questions are answered from the facts store over every matching report (never from retrieved
chunks, see tables.py and operations.py); narrative questions from hybrid retrieval (narrative.py) or
an LLM composer (llm.py); consistency questions from the parser's findings; "which reports mention …"
by a scan of every report's text; questions about the library from its catalog.

    >>> import tempfile
    >>> from vectorstore import Library, Settings
    >>> lib = Library(Settings(data_dir=tempfile.mkdtemp(), embeddings="none"))
    >>> _ = lib.ingest(["data/reports/004_9c54c256ccc794aa.txt"])
    >>> a = Bot(lib).answer("镇罗镇2024年作出了多少件行政处罚决定？")
    >>> "103 件" in a.text, a.numbers[0].status, a.citations[0].section
    (True, 'verified', 'proactive_disclosure')
"""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.schema import B_COLUMNS, cell_labels
from vectorstore import Library

from . import consistency, details, narrative
from .model import Answer, Citation, NumberCheck
from .operations import OPERATIONS
from .tables import Composer, flagged_cells, fmt, interpretation, read_values
from .understand import TABLE_KINDS, Catalog, Query, split_questions, subject_asked, understand

__all__ = ["Answer", "Bot", "Citation", "NumberCheck", "fmt"]

# "库里那五个镇 各是哪个县的": every body of a level (not "有没有哪个县的年报写了…", a precedent's scope)
_META_LEVEL_RE = re.compile(r"各是哪个|各属于|都属于|属于哪个|是一个(县|区|市)|同一个?(县|区|市)|写县|所属")
META_RE = re.compile(
    r"属于哪个(县|区|市|省)|哪个(县|区|市)的|在哪个(县|区|市)|位于|是一个(县|区|市)的|同一个?(县|区|市)|所属(县|区|市)|写县"
)


class Bot:
    """The product's heart: a question in, a cited and verified answer out."""

    def __init__(self, library: Library, composer=None):
        self.lib = library
        self.composer = composer  # None: extractive; else an LLM composer (see llm.py)
        self.generation = None
        self.refresh()

    def refresh(self) -> None:
        """Re-read the catalog when the library moved (another process may have ingested)."""
        gen = self.lib.facts.generation()
        if gen == self.generation:
            return
        self.catalog = Catalog(self.lib.reports())
        self.by_id = {r["id"]: r for r in self.catalog.reports}
        self.generation = gen

    # --- entry point -----------------------------------------------------------------------------
    def understand(self, question: str, context: Query | None = None) -> Query:
        return self._query(question, context, {})

    def answer(self, question: str, context: Query | None = None, on_token=None, **filters) -> Answer:
        """Answer one question; `context` is the previous question's Query (follow-ups), `on_token`
        receives an LLM composer's streamed text, `filters` (year, body) narrow the reports. A message
        that asks several things ("新收了多少件？比上一年涨了多少？") is answered part by part when
        reading it whole would miss a part."""
        whole = self._query(question, context, filters)
        parts = split_questions(question)
        if len(parts) > 1 and question.strip():
            queries, ctx = [], context
            for i, p in enumerate(parts):
                ctx = self._query(p, ctx, filters, part=i > 0)
                queries.append(ctx)
            if _asks_more(whole, queries):
                return self._joined(question, [self._route(q, on_token) for q in queries], queries[-1])
        return self._route(whole, on_token)

    def _query(self, question: str, context: Query | None, filters: dict, part: bool = False) -> Query:
        self.refresh()
        q = understand(question, self.catalog, context, part=part)
        if filters.get("year") and not q.years:
            y = filters["year"]
            q = replace(q, years=tuple(y) if isinstance(y, list | tuple) else (y,))
        if filters.get("body") and not q.places:
            b = filters["body"]
            q = replace(q, places=tuple(b) if isinstance(b, list | tuple) else (b,))
        return q

    def _route(self, q: Query, on_token=None) -> Answer:
        question = q.question
        if not question.strip():
            return Answer(
                question, "unanswerable", "请输入问题，例如：“淮安市2024年新收了多少件政府信息公开申请？”", query=q
            )
        missing = self._missing(q)
        if missing is not None:
            return self._finish(missing)
        if META_RE.search(question) and (q.places or (q.level and _META_LEVEL_RE.search(question))):
            return self._finish(self.metadata_answer(q))
        if details.ASKS_DETAIL.search(question) and (q.places or q.years) and (d := details.details_answer(self, q)):
            return self._finish(d)  # "平潭2024年报哪天发的", "洪泽区的年报留的邮箱": what the report says of itself
        if q.kind == "consistency":
            return self._finish(consistency.consistency_answer(self, q))
        if q.kind == "library":
            return self._finish(self.library_answer(q))
        if q.kind == "mentions":
            return self._finish(self.mentions_answer(q))
        if q.kind == "not_counted":
            return self._finish(self.not_counted_answer(q))
        if q.kind in TABLE_KINDS and (q.measures or q.ratio):
            scope = self.targets(q) if (q.places or q.years) else []
            if scope and all(r.get("template") not in ("2021", "2019") for r in scope) and q.lang == "zh":
                # reports before the 2019 template print no national tables: what their text says
                said = f"{q.question}（{_said_as(q.measures[:3])}）" if q.measures else q.question
                probe = replace(q, kind="narrative", measures=(), ratio=None, question=said)
                a = replace(narrative.narrative_answer(self, probe, on_token), question=q.question)
                note = "所选年报是2019年以前的格式，没有全国统一的统计表；以下是年报正文的原文（数字照录原文）："
                return self._finish(replace(a, text=f"{note}\n{a.text}"))
            a = self.table_answer(q)
            if q.kind == "rank" and a.citations:  # "那个镇…" next: the one ranked first
                a = replace(a, query=replace(q, first=(a.citations[0].body,)))
            return self._finish(a)
        if (diff := narrative.text_figures(self, q)) is not None:
            return self._finish(diff)
        if (share := narrative.text_share(self, q)) is not None:
            return self._finish(share)
        return self._finish(narrative.narrative_answer(self, q, on_token))

    @staticmethod
    def _joined(question: str, answers: list[Answer], last: Query) -> Answer:
        """Part answers as one: their texts in order, citations numbered on."""
        texts, citations, numbers = [], [], []
        for a in answers:
            shift = len(citations)
            texts.append(re.sub(r"\[(\d+)\]", lambda m, k=shift: f"[{int(m.group(1)) + k}]", a.text))
            citations += [replace(c, n=c.n + shift) for c in a.citations]
            numbers += a.numbers
        kind = next((a.kind for a in answers if a.kind != "unanswerable"), answers[0].kind)
        return Answer(question, kind, "\n\n".join(texts), tuple(citations), tuple(numbers), query=last)

    def converse(self, questions: list[str], **filters) -> Answer:
        """Ask questions in order as one conversation; the last one's answer (earlier ones are context)."""
        context = None
        a = None
        for question in questions:
            a = self.answer(question, context, **filters)
            context = a.query
        return a

    def _finish(self, a: Answer) -> Answer:
        from .verify import mark_unverified, verify

        if a.numbers or a.kind in TABLE_KINDS or (a.kind == "unanswerable" and not a.citations):
            return a  # a table answer checked its numbers as it wrote them; a refusal quotes nothing
        written = a.kind == "narrative" and self.composer is not None and a.query is not None
        anchors = sorted(narrative.key_phrases(a.query), key=len, reverse=True) if written else None
        numbers = tuple(verify(a.text, a.citations, self.lib, a.question, anchors))
        return replace(a, text=mark_unverified(a.text, numbers), numbers=numbers)

    # --- scope -----------------------------------------------------------------------------------
    def targets(self, q: Query) -> list[dict]:
        if q.pairs:
            return [r for r in self.catalog.reports if (r.get("body"), r.get("year")) in set(q.pairs)]
        ids = self.catalog.ids(q.places, q.years, q.level if not q.places else None)
        return [self.by_id[i] for i in ids]

    def _missing(self, q: Query) -> Answer | None:
        """Say so when the library has no report for the place or year asked about, and what it has."""
        en = q.lang == "en"
        if q.ambiguous and not q.places:
            word, bodies = q.ambiguous[0]
            text = (
                f"“{word}” may mean {len(bodies)} bodies: {', '.join(bodies[:10])}. Which one?"
                if en
                else f"“{word}”可以指{len(bodies)}个机关：{'、'.join(bodies[:10])}。请说明是哪一个。"
            )
            return Answer(q.question, "unanswerable", text, query=q)
        if q.unknown_places and not q.places:
            have = "、".join(sorted({r["body"] for r in self.catalog.reports if r.get("body")})[:8])
            index = self.catalog.index
            # "海原县人民政府": the bodies the library holds in that place, if any
            around = sorted(
                {b for w in q.unknown_places for p in (w.removesuffix("人民政府"),) for b in index.bodies_of(p)}
            )
            if around and not en:
                have = "、".join(around[:8])
            near = [n for w in q.unknown_places for n in self.catalog.index.near(w)]
            text = (
                f"There is no report of {', '.join(q.unknown_places)} in the library; it holds reports of {have} and others."
                if en
                else f"资料库中没有{'、'.join(q.unknown_places)}的年报，无法回答。资料库现有：{have}等。"
            )
            if near:
                text += f" Did you mean {', '.join(near)}?" if en else f"您是不是要问“{'、'.join(near)}”？"
            return Answer(q.question, "unanswerable", text, query=q)
        if q.places and q.years and not self.catalog.ids(q.places, q.years):
            parts = []
            for body in q.places:
                years = sorted(r["year"] for r in self.catalog.reports if r.get("body") == body and r.get("year"))
                short = next((w for w in q.place_words if w in body), body)
                parts.append(f"{short}（{body}）只有 {'、'.join(f'{y}年' for y in years)} 的年报")
            asked = "、".join(f"{y}年" for y in q.years)
            if en:
                have = "; ".join(
                    f"{b}: {', '.join(str(r['year']) for r in self.catalog.reports if r.get('body') == b)}"
                    for b in q.places
                )
                text = f"There is no report of {', '.join(q.places)} for {', '.join(map(str, q.years))} in the library (it holds {have})."
                return Answer(q.question, "unanswerable", text, query=q)
            text = f"资料库中没有{'、'.join(q.place_words) or '所问机关'}{asked}的年报，无法回答；{'；'.join(parts)}。"
            return Answer(q.question, "unanswerable", text, query=q)
        if q.years and not q.places and not self.catalog.ids((), q.years):
            text = f"资料库中没有 {'、'.join(map(str, q.years))} 年的年报；现有年份：{'、'.join(map(str, self.catalog.years))}。"
            return Answer(q.question, "unanswerable", text, query=q)
        if not self.catalog.reports:
            return Answer(q.question, "unanswerable", "资料库还是空的：请先导入年报（gongkai ingest）。", query=q)
        return None

    def name(self, r: dict) -> str:
        return r.get("body") or r["name"]

    # --- table answers ---------------------------------------------------------------------------
    def cell_citation(self, n: int, r: dict, keys: tuple[str, ...]) -> Citation:
        raw = next(iter(self.lib.facts.cell_raws(r["id"], keys)), "")
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
        reports = [r for r in self.targets(q) if r.get("template") in ("2021", "2019")] or self.targets(q)
        if not reports:
            return Answer(q.question, "unanswerable", "资料库中没有符合条件的年报。", query=q)
        c = Composer(q, self.cell_citation, self.lib.facts, self.catalog.reports)
        c.flagged = flagged_cells(self.lib.facts, reports)
        vals = read_values(self.lib.facts, reports, q.measures)
        OPERATIONS[q.kind](c, reports, vals)
        if q.kind in ("lookup", "which", "count"):
            self._contradictions(c, reports, q)
        lines = c.lines[:1] + ([interpretation(q, reports)] if q.lang == "zh" else []) + c.lines[1:]
        lines += self._pairs_missing(q)
        if q.unlisted:
            said = "、".join(f"“{w}”" for w in q.unlisted)
            lines.insert(
                0,
                f"The tables have no separate item {said}; the closest figures they do count:"
                if q.lang == "en"
                else f"年报统计表没有单列{said}这一项，无法给出它的数字；以下是表中最接近的统计项：",
            )
        numbers = tuple(NumberCheck(v, s, cell=cell) for v, s, cell in c.checks)
        a = Answer(q.question, q.kind, "\n".join(lines), tuple(c.citations), numbers, query=q)
        if q.kind in ("difference", "change_rate") and len(reports) == 1 and q.lang == "zh":
            a = self._change_said(a, reports[0], q)
        unprinted = [r for r in reports if all(not vals[(r["id"], m.key)].known for m in q.measures)]
        if q.kind == "lookup" and q.lang == "zh" and unprinted and len(reports) <= 2:
            # "累计公开的政府采购项目信息有多少条": no cell printed; what the text says of it
            a = self.with_passage(a, replace(q, kind="narrative"), unprinted, "正文中的相关内容：")
        older = [r for r in reports if r.get("template") not in ("2021", "2019")]
        if older and q.kind == "lookup" and q.lang == "zh" and not unprinted:
            # a report before the 2019 template has no such cell: what its text says about it
            probe = replace(q, kind="narrative", question=_said_as(q.measures[:3]))
            a = self.with_passage(a, probe, older, "正文：")
        return a

    def _pairs_missing(self, q: Query) -> list[str]:
        """ "和沭阳县比呢？" about 2024 when the library has 沭阳县's 2025 report only: said, with the
        years it has."""
        out = []
        have = {(r.get("body"), r.get("year")) for r in self.catalog.reports}
        asked = q.pairs
        if not asked and 0 < len(q.places) * len(q.years) <= 6 and not q.level:
            # "沭阳县2024年的…？跟它2025年的比一比": each body in each year named, when one is missing
            asked = tuple((b, y) for b in q.places for y in q.years)
        for body, year in asked:
            if (body, year) not in have:
                years = sorted(y for b, y in have if b == body and y)
                if q.lang == "en":
                    out.append(f"The library has no {year} report of {body} (it holds {', '.join(map(str, years))}).")
                else:
                    out.append(
                        f"资料库中没有{body}{year}年的年报（有 {'、'.join(f'{y}年' for y in years)} 的），无法比较。"
                    )
        return out

    def with_passage(self, a: Answer, probe: Query, reports: list[dict], lead: str) -> Answer:
        """An answer with, after it, the passages of these reports that `probe` reads (under `lead`),
        when there are any."""
        said = narrative.report_answer(self, probe, reports)
        if said is None or not said.citations:
            return a
        return self._joined(a.question, [a, replace(said, text=f"{lead}\n{said.text}")], a.query)

    def _change_said(self, a: Answer, r: dict, q: Query) -> Answer:
        """ "比上年回落了多少" when the library has no report of the year before: the change as the
        report's own text states it ("申请数量较去年回落12.3%"), quoted and cited."""
        year = r.get("year") or 0
        if self.catalog.ids((r["body"],), (year - 1,)):
            return a
        text = self.lib.facts.report_text(r["id"])
        words = {t for t in narrative.tokens(_said_as(q.measures[:2])) if len(t) >= 2} - _NOT_TELLING
        found = [
            (m.start(), m.end()) for m in _CHANGE_SAID_RE.finditer(text) if words & set(narrative.tokens(m.group(0)))
        ]
        if not found:
            return a
        lines, citations = (
            [f"资料库中没有{self.name(r)}{year - 1}年的年报，无法用两年的表格计算；年报正文写明了变化："],
            list(a.citations),
        )
        for st, en in found[:2]:
            quote = text[st:en].strip()
            c = Citation(
                len(citations) + 1,
                r["id"],
                r["file"],
                r.get("body") or "",
                year,
                "overview",
                quote,
                st,
                st + len(quote),
            )
            citations.append(c)
            lines.append(f"- {narrative.shown(quote)} [{c.n}]")
        return replace(a, text=a.text + "\n" + "\n".join(lines), citations=tuple(citations))

    def _contradictions(self, c: Composer, reports: list[dict], q: Query) -> None:
        """Beside a figure: where the text says otherwise, and how a cell not printed in its place was
        read ("另一列的数字单独印在表格之外（“22(其中修订16件)”）"), with what the print notes under it."""
        asked = {k for m in q.measures for k in m.parts}
        for r in reports[:3] if q.kind == "lookup" else ():
            for f in self.lib.facts.findings(r["id"]):
                if f["kind"] == "cell_inferred" and asked & set(f["cells"]) and len(f["message"]) <= 400:
                    fc = replace(self._finding_citation(len(c.citations) + 1, r, f), note=f["message"])
                    c.citations.append(fc)
                    c.lines.append(f"说明：{f['message']} [{fc.n}]")
        for r in reports[:200]:
            for m in q.measures:
                for f in self.contradictions(r["id"], m.parts)[:1]:
                    fc = replace(self._finding_citation(len(c.citations) + 1, r, f), note=f["message"])
                    c.citations.append(fc)
                    c.lines.append(
                        f"注意：{self.name(r)}{r.get('year')}年报正文与表格不一致（正文数字照录原文，未经核实）——{f['message']} [{fc.n}]"
                    )

    def not_counted_answer(self, q: Query) -> Answer:
        """A figure the national tables do not count: said plainly, never answered with another cell."""
        reports = self.targets(q) if (q.places or q.years) else []
        scope = "、".join(sorted({f"{self.name(r)}{r['year']}年" for r in reports})[:4]) or "资料库中"
        if q.lang == "en":
            text = f"The annual reports' statistics tables do not count {q.phrase}; no report in the library gives this figure."
        else:
            text = (
                f"年报的统计表没有统计“{q.phrase}”这一项（全国统一格式的三张表不区分、不记录它），"
                f"{scope}的年报未提供这个数字，无法回答，不作推测。"
            )
            if q.phrase.startswith("申请人"):
                text += "表三只按申请人类型统计：" + "、".join(name for _, name in B_COLUMNS[:-1]) + "。"
        subject = subject_asked(q.question)
        if subject and reports and q.lang != "en":
            text = (
                f"年报的统计表不按申请或案件涉及的事项分类，没有“{subject}”方面的件数；"
                f"{scope}的年报未提供这个数字，无法回答，不作推测。"
            )
            said = self._sentences_about(reports, subject)
            if said[0]:
                text += f"\n年报正文提到“{subject}”的地方：\n" + "\n".join(said[0])
            return Answer(q.question, "unanswerable", text, said[1], query=q)
        return Answer(q.question, "unanswerable", text, query=q)

    def _sentences_about(self, reports: list[dict], phrase: str, found=None) -> tuple[list[str], tuple[Citation, ...]]:
        """The sentences of these reports that say the phrase (`found`: where each first says it), as
        lines and citations, body by body and year by year."""
        lines, citations = [], []
        if found is None:
            found = self.lib.facts.texts_containing([r["id"] for r in reports], phrase)
        order = sorted(found, key=lambda x: (self.by_id[x[0]].get("body") or "", self.by_id[x[0]].get("year") or 0))
        for rid, first in order:
            r, text = self.by_id[rid], self.lib.facts.report_text(rid)
            sections = self.lib.facts.sections(rid)
            for a, b in _sentences_with(text, phrase, first):
                quote = text[a:b].strip()
                start = text.find(quote, a)
                sec = next((x["key"] for x in sections if x["start"] <= start < x["end"]), "overview")
                c = Citation.passage(len(citations) + 1, r, quote, start, start + len(quote), sec)
                citations.append(c)
                lines.append(f"- {self.name(r)}（{r.get('year')}年）：{narrative.shown(quote)} [{c.n}]")
        return lines, tuple(citations)

    # --- the library itself ----------------------------------------------------------------------
    def library_answer(self, q: Query) -> Answer:
        reports = self.targets(q) if (q.places or q.years or q.level) else list(self.catalog.reports)
        bodies = sorted({self.name(r) for r in reports})
        years = sorted({r["year"] for r in reports if r.get("year")})
        scope = ("、".join(map(str, q.years)) + "年度的") if q.years else ""
        lines = [f"资料库中有 {len(reports)} 份{scope}年报，来自 {len(bodies)} 个机关。"]
        lines.append("年份：" + "、".join(map(str, years)) + "。")
        held = {b: sorted(r["year"] for r in reports if self.name(r) == b and r.get("year")) for b in bodies}
        fewest = re.search(r"最少", q.question)
        if re.search(r"最多|最少|最全", q.question) and held:
            # "哪个单位的年报收得最多": the bodies by how many reports the library holds of each
            bodies = sorted(bodies, key=lambda b: (len(held[b]) if fewest else -len(held[b]), b))
            n = len(held[bodies[0]])
            top = [b for b in bodies if len(held[b]) == n]
            lines.insert(
                0,
                f"年报{'最少' if fewest else '最多'}的是{'、'.join(top)}：各 {n} 份"
                if len(top) > 1
                else f"年报{'最少' if fewest else '最多'}的是{top[0]}：共 {n} 份，"
                f"覆盖 {held[top[0]][0]}–{held[top[0]][-1]} 年（{'、'.join(map(str, held[top[0]]))}）。",
            )
        for b in bodies:
            lines.append(f"- {b}：{len(held[b])} 份（{'、'.join(f'{y}年' for y in held[b])}）")
        citations = [
            Citation(
                i + 1, r["id"], r["file"], r.get("body") or "", r.get("year"), "overview", r.get("title") or r["name"]
            )
            for i, r in enumerate(sorted(reports, key=lambda r: (r.get("body") or "", r.get("year") or 0)))
        ]
        return Answer(q.question, "library", "\n".join(lines), tuple(citations), query=q)

    # --- every report that mentions a phrase -----------------------------------------------------
    def mentions_answer(self, q: Query) -> Answer:
        """An exhaustive scan of every report's text in scope (not top-k retrieval)."""
        phrase = q.phrase
        if not phrase:
            return narrative.narrative_answer(self, q)
        reports = self.targets(q) if (q.places or q.years or q.level) else list(self.catalog.reports)
        ids = [r["id"] for r in reports]
        asked = re.split(r"[？?，,；;。]", phrase)[0].strip("“”\"' ") or phrase
        phrase, found = asked, []
        # "实际收过信息处理费": no report says it so; its ends, down to 信息处理费, are searched
        for tail in (asked[i:] for i in range(max(1, len(asked) - 2))):
            found = self.lib.facts.texts_containing(ids, tail)
            if found:
                phrase = tail
                break
        items = [x for x in re.split(r"[、，,]", asked) if len(x) >= 2]
        together = not found and len(items) > 1
        if together:  # "“一审、二审、三审”": reports that write each of them, close together
            phrase, found = items[0], self._together(ids, items)
        lines, citations = self._sentences_about(reports, phrase, found)
        said = "".join(f"“{x}”" for x in items) if together else f"“{phrase}”"
        head = (
            f"共 {len(found)} 份年报{'同时写到' if together else '提到'}{said}（逐份全文查找，共查 {len(reports)} 份）"
            + ("：" if found else "。")
        )
        if phrase != asked and not together:
            head = f"没有一份年报写到“{asked}”；按“{phrase}”查找，" + head
        return Answer(q.question, "mentions", "\n".join([head, *lines]), citations, query=q)

    def _together(self, ids: list[str], items: list[str], within: int = 80) -> list[tuple[str, int]]:
        """The reports that write every item within `within` characters of the first, and where."""
        out = []
        for rid, _ in self.lib.facts.texts_containing(ids, items[0]):
            text = self.lib.facts.report_text(rid)
            for m in re.finditer(re.escape(items[0]), text):
                near = text[max(0, m.start() - within) : m.end() + within]
                if all(x in near for x in items[1:]):
                    out.append((rid, m.start()))
                    break
        return out

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
        """Which county or city each body belongs to (as its report names them), and whether the bodies
        asked about share one ("海城镇跟七营镇是一个县的吗")."""
        lines, citations = [], []
        bodies = list(q.places) or sorted({r["body"] for r in self.targets(q) if r.get("body")})
        where_of = {}
        for body in bodies:
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
            where_of[body] = r.get("county") or ""
            if where:
                lines.append(f"{self.name(r)}属于{where}（年报发布机关：{body}）[{c.n}]。")
            else:
                lines.append(f"{self.name(r)}的年报没有写明所属县（区）（发布机关：{body}）[{c.n}]。")
        counties = set(where_of.values())
        if len(bodies) > 1 and "" not in counties:
            lines.insert(
                0,
                f"是同一个县：都属于{counties.pop()}。"
                if len(counties) == 1
                else f"不在同一个县（区）：分属{'、'.join(sorted(counties))}。",
            )
        return Answer(q.question, "lookup", "\n".join(lines), tuple(citations), query=q)


_NOT_TELLING = {"本年", "数量", "政府信息公开", "政府", "信息", "公开", "总计", "合计", "件数", "本年度"}
_CHANGE_SAID_RE = re.compile(
    r"[^。；;\n]{0,60}(?:较|比|同比)(?:上年|去年|上一年|前一年|\d{4}年)?[^。；;\n]{0,12}?(?:增长|增加|上升|下降|回落|减少|降低)了?\s*\d+(?:\.\d+)?\s*[%％][^。；;\n]{0,40}"
)


def _said_as(ms) -> str:
    """Measures in the words a report's text would use for them: their labels and the everyday
    phrases of their rows (新收 → 收到, 受理), for finding what an older report's text says."""
    from .vocabulary import phrase_table

    words = []
    for m in ms:
        words.append(m.label.replace("·", "、"))
        row = m.key.split(".", 1)[1].rsplit(".", 1)[0] if m.table == "B" else m.key.split(".")[1]
        words += [
            p for p, cs in phrase_table().items() if not p.isascii() and len(p) >= 2 and any(c[1] == row for c in cs)
        ][:6]
    return "、".join(dict.fromkeys(words))


def _sentences_with(text: str, phrase: str, at: int, most: int = 3) -> list[tuple[int, int]]:
    """The sentences that say a phrase (across the print's line breaks), the first `most` of them."""
    spans: list[tuple[int, int]] = []
    while at >= 0 and len(spans) < most:
        a = max(text.rfind("。", 0, at) + 1, text.rfind("\n\n", 0, at) + 2, at - 100)
        ends = [i for i in (text.find("。", at), text.find("\n\n", at)) if i >= 0]
        b = min([*ends, at + 160]) + 1
        if b - a < 40:  # "(2)落实主要领导“第一解读人”职责。": a point's heading, and what it says next
            more = [i for i in (text.find("。", b), text.find("\n\n", b)) if i >= 0]
            b = min([*more, b + 160]) + 1
        if not spans or a >= spans[-1][1]:
            spans.append((a, b))
        at = text.find(phrase, max(b, at + 1))
    return spans


def _asks_more(whole: Query, parts: list[Query]) -> bool:
    """Whether the parts of a message, read one after the other, ask for something its whole reading
    does not: another figure, a derived one, or an answer from the text beside a table answer."""
    if whole.kind not in TABLE_KINDS:
        return any(p.kind in TABLE_KINDS for p in parts) and whole.kind == "narrative"
    for p in parts:
        if p.kind not in TABLE_KINDS:
            if p.kind in ("narrative", "mentions", "not_counted"):
                return True
            continue
        if any(m not in whole.measures for m in p.measures) or (p.ratio and p.ratio != whole.ratio):
            return True
        if p.kind in ("change_rate", "difference", "ratio", "sum") and p.kind != whole.kind:
            return True  # "加起来一共多少件？哪一年最多？": the total as well as the ranking
        if p.kind == "lookup" and whole.kind == "rank":  # "一共多少件？哪种情形最多？": the total too
            return True
    return len({p.by for p in parts}) > 1  # "…加起来多少件？全都是个人申请的吗？": the applicant columns too
