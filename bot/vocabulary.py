"""The question vocabulary: every phrase that names a row, column, group or derived figure of the
three tables, generated from the schema's labels plus the everyday lexicon beside it.

    >>> [(m.concept, m.text) for m in concepts("镇罗镇罚款罚了几次，有多少件是企业提的")]
    [(('A.row', 'penalty'), '罚款'), (('A.row', 'penalty'), '罚了'), (('B.col', 'commercial_enterprise'), '企业'), (('B.row', 'new_applications'), '提的')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ingest.lexicon import EVERYDAY, WEAK
from ingest.schema import B_COLUMNS, B_ROWS_2021, C_COLUMNS, C_GROUPS, TABLE_A

Concept = tuple[str, str]


@dataclass(frozen=True)
class Mention:
    concept: Concept
    text: str
    start: int
    end: int
    weak: bool = False


@cache
def phrase_table() -> dict[str, tuple[Concept, ...]]:
    """phrase → concepts: the schema's labels and distinctive keys, then the everyday lexicon."""
    table: dict[str, list[Concept]] = {}

    def add(phrase: str, concept: Concept) -> None:
        if len(phrase) >= 2 and phrase not in ("其他", "总计", "合计") and concept not in table.get(phrase, []):
            table.setdefault(phrase, []).append(concept)

    rows_a = {"规章": "rules", "行政规范性文件": "normative_documents", "规范性文件": "normative_documents"}
    for rows in TABLE_A.values():
        for r in rows:
            for label in r.labels:
                if label in rows_a:
                    add(label, ("A.row", rows_a[label]))
    for r in B_ROWS_2021:
        label = re.sub(r"^[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*", "", r.label.rsplit(" ", 1)[-1])
        label = re.sub(r"^\d+\.", "", label)
        if r.key != "result.total":
            add(label, ("B.row", r.key))
            for k in r.keys:
                add(k, ("B.row", r.key))
    for key, label in B_COLUMNS:
        if key not in ("other_org", "total"):
            add(label, ("B.col", key))
    for key, label in C_GROUPS:
        add(label.rsplit("·", 1)[-1], ("C.group", key))
    for key, label in C_COLUMNS:
        if key != "total":
            add(label, ("C.col", key))
    for phrase, cs in EVERYDAY.items():
        for c in cs:
            add(phrase, c)
    return {p: tuple(cs) for p, cs in table.items()}


_QUOTES = '“”"‘’「」『』'


@cache
def _pattern() -> re.Pattern:
    """The phrases, longest first; a Chinese phrase also with quotation marks inside it ("“其他”组织")."""
    phrases = sorted(phrase_table(), key=len, reverse=True)
    inside = f"[{re.escape(_QUOTES)}]?"
    # an English phrase also in the plural ("reconsiderations", "lawsuits")
    parts = [rf"\b{re.escape(p)}(?:e?s)?\b" if p.isascii() else inside.join(map(re.escape, p)) for p in phrases]
    return re.compile("|".join(parts), re.IGNORECASE)


def _singulars(word: str) -> tuple[str, ...]:
    return (
        (word[:-2], word[:-1])
        if word.isascii() and word.lower().endswith("es")
        else (word[:-1],)
        if word.isascii() and word.lower().endswith("s")
        else ()
    )


def concepts(text: str) -> list[Mention]:
    """Every phrase of the vocabulary in the text, longest first where they overlap, in order.

    >>> [m.concept for m in concepts("申请人是“其他”组织的")]
    [('B.col', 'other_org')]
    """
    table = phrase_table()
    out = []
    for m in _pattern().finditer(text):
        phrase = m.group(0)
        if phrase not in table:  # quotation marks inside the words ("“其他”组织")
            bare = phrase.translate({ord(q): None for q in _QUOTES})
            phrase = next((p for p in (bare, *table) if p.lower() == bare.lower() and p in table), phrase)
        key = next(
            (p for w in (phrase, *_singulars(phrase)) for p in (w, *table) if p.lower() == w.lower() and p in table),
            None,
        )
        if key is None:
            continue
        for c in table[key]:
            out.append(Mention(c, phrase, m.start(), m.end(), key in WEAK))
    return out
