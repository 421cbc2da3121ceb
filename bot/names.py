"""Body names as people say them: aliases derived by rule from each body's printed name, pinyin for
English questions, one-character typos, and places that cover the bodies under them.

A printed name splits into a place and a unit ("淮安市洪泽区" + "人民政府", "沭阳县" + "发展和改革局").
Aliases combine the place's forms (淮安市洪泽区, 洪泽区, 洪泽) with the unit's (人民政府 → 政府; 发展和改革局
→ 发改局; a government unit also stands for the place alone). An alias that names several bodies is
ambiguous and said so, never silently resolved to one of them.

    >>> idx = NameIndex([{"body": "沭阳县人民政府", "county": "沭阳县", "level": "county"},
    ...                  {"body": "沭阳县发展和改革局", "county": "沭阳县", "level": "department"}])
    >>> [(l.word, l.bodies) for l in idx.link("沭阳县发改局23年收到几件")]
    [('沭阳县发改局', ('沭阳县发展和改革局',))]
    >>> [(l.word, l.bodies) for l in idx.link("沭阳县政府2025年")]
    [('沭阳县政府', ('沭阳县人民政府',))]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import ahocorasick
from pypinyin import lazy_pinyin

from ingest.lexicon import GOVERNMENT_UNITS, OFFICE_UNITS, UNIT_ABBREVIATIONS

from . import gazetteer

PLACE_SUFFIX = ("综合实验区", "实验区", "自治州", "自治县", "新区", "街道", "省", "市", "县", "区", "旗", "镇", "乡")
_PLACE_RE = re.compile(rf"^((?:[\u4e00-\u9fff]{{2,8}}?(?:{'|'.join(PLACE_SUFFIX)}))+)")
_SINGLE = re.compile(rf"[\u4e00-\u9fff]{{2,}}?(?:{'|'.join(PLACE_SUFFIX)})")


@dataclass(frozen=True)
class Link:
    word: str  # as written in the question
    bodies: tuple[str, ...]  # the bodies it names (more than one: ambiguous)
    start: int
    end: int
    how: str = "name"  # name, pinyin, typo, place
    meant: str = ""  # the alias a typo or pinyin was read as


def split_name(body: str) -> tuple[str, str]:
    """'淮安市洪泽区人民政府' → ('淮安市洪泽区', '人民政府')."""
    m = _PLACE_RE.match(body)
    if not m or (m.end() == len(body) and not body.endswith(("镇", "乡", "街道"))):
        return (m.group(1), "") if m else ("", body)
    return m.group(1), body[m.end() :]


def place_forms(place: str) -> set[str]:
    """淮安市洪泽区 → {淮安市洪泽区, 洪泽区, 洪泽, 淮安洪泽区}; 平潭综合实验区 → {…, 平潭实验区, 平潭}."""
    parts = _SINGLE.findall(place)
    out = {place}
    if not parts:
        return out
    last = parts[-1]
    out.add(last)
    for suf in PLACE_SUFFIX:
        if last.endswith(suf) and len(last) - len(suf) >= 2:
            core = last[: -len(suf)]
            out.add(core)
            if suf == "综合实验区":
                out.add(core + "实验区")
            break
    if len(parts) > 1:
        out.add("".join(parts[:-1]) + last)
        first_core = re.sub(rf"({'|'.join(PLACE_SUFFIX)})$", "", parts[0])
        out.add(first_core + last)
    return {x for x in out if len(x) >= 2}


def unit_forms(unit: str) -> set[str]:
    out = {unit}
    for full, shorts in UNIT_ABBREVIATIONS.items():
        if unit.endswith(full):
            out |= {unit[: -len(full)] + s for s in shorts}
        elif unit in shorts:  # a body printed by its short name ("上海市科委"): the full and other short forms
            out |= {full, *shorts}
    m = re.fullmatch(r"([\u4e00-\u9fff]{2})和([\u4e00-\u9fff]{2,4})(局|委员会|厅|委)", unit)
    if m:  # 发展和改革局 → 发改局
        out.add(m.group(1)[0] + m.group(2)[0] + ("委" if m.group(3) == "委员会" else m.group(3)))
    if unit.startswith("地方") and len(unit) > 4:  # 地方税务局: "税务局" as people say it
        out.add(unit[2:])
    if unit in GOVERNMENT_UNITS or unit == "":
        out.add("")
    return out


def aliases(r: dict) -> set[str]:
    body = r["body"]
    place, unit = split_name(body)
    forms = {body}
    if place:
        for p in place_forms(place):
            for u in unit_forms(unit):
                forms.add(p + u)
    for extra in (r.get("town"),):
        if extra and (unit in GOVERNMENT_UNITS or unit == ""):
            forms |= place_forms(extra)
    if unit and unit not in GOVERNMENT_UNITS:  # a bare unit ("科委") names the body when it is unique
        forms |= {u for u in unit_forms(unit) if len(u) >= 2}
    return {f for f in forms if len(f) >= 2}


def _pinyin(s: str) -> str:
    # place names are read a character at a time: their polyphones are rare, and the cache makes
    # 10,000 bodies cheap
    return "".join(_char_pinyin(c) for c in s)


@cache
def _char_pinyin(c: str) -> str:
    return "".join(lazy_pinyin(c)).lower()


class NameIndex:
    """Every alias of every body in the library, for linking a question's words to bodies."""

    def __init__(self, reports: list[dict]):
        self.names: dict[str, set[str]] = {}
        self.placed: set[str] = set()  # aliases that carry a place name (the only ones a typo may match)
        self.levels: dict[str, str] = {}
        self.places: dict[str, set[str]] = {}  # county/city/province name forms → bodies under them
        self.prefixes: dict[str, set[str]] = {}  # the place a body's name starts with → the bodies
        seen: set[tuple] = set()
        for r in reports:
            body = r.get("body")
            ident = (body, r.get("town"), r.get("county"), r.get("city"), r.get("province"))
            if not body or ident in seen:
                continue  # the same body in another year: the same names
            seen.add(ident)
            self.levels[body] = r.get("level") or ""
            names = aliases(r)
            for a in names:
                self.names.setdefault(a, set()).add(body)
            place, _unit = split_name(body)
            cores = {f for f in place_forms(place) if len(f) >= 2} if place else set()
            for f in cores:
                self.prefixes.setdefault(f, set()).add(body)
            self.placed |= {a for a in names if any(a.startswith(c) for c in cores)}
            for key in ("county", "city", "province"):
                if r.get(key):
                    for f in place_forms(r[key]):
                        self.places.setdefault(f, set()).add(body)
        # "上海市政府" when the library holds only 上海市人民政府办公厅: the government's own office,
        # said so in the answer (how="office"), never when the government itself is in the library
        self.stands_in: dict[str, str] = {}
        for body in self.levels:
            place, unit = split_name(body)
            if place and unit in OFFICE_UNITS:
                for a in {p + u for p in place_forms(place) for u in unit_forms("人民政府") if u}:
                    if a not in self.names and a not in self.stands_in:
                        self.stands_in[a] = body
        for a, body in self.stands_in.items():
            self.names[a] = {body}
        self.auto = ahocorasick.Automaton()
        for a in self.names:
            self.auto.add_word(a, a)
        for p in [*self.places, *self.prefixes]:  # a place a body's name starts with ("上海")
            if p not in self.names and p not in self.auto:
                self.auto.add_word(p, p)
        if len(self.auto):
            self.auto.make_automaton()
        self._blanked: dict[str, set[str]] | None = None  # built on the first question with no exact name
        self._pinyin: dict[str, set[str]] | None = None  # built on the first English question

    @property
    def blanked(self) -> dict[str, set[str]]:
        """One-character typos: each place-bearing alias of 4+ characters with one position (not the
        first) blanked, and each three-character place name ("沭阳县") with any position blanked: a
        word matched by the latter is read as a typo only when it is no real place (bot/gazetteer)."""
        if self._blanked is None:
            table: dict[str, set[str]] = {}
            for a in self.placed:
                for i in range(1, len(a)) if len(a) >= 4 else ():
                    table.setdefault(a[:i] + "?" + a[i + 1 :], set()).add(a)
            for a in [*self.places, *self.prefixes]:
                if len(a) == 3 and a.endswith(PLACE_SUFFIX):
                    for i in range(3):
                        table.setdefault(a[:i] + "?" + a[i + 1 :], set()).add(a)
            self._blanked = table
        return self._blanked

    @property
    def pinyin(self) -> dict[str, set[str]]:
        if self._pinyin is None:
            table: dict[str, set[str]] = {}
            for a in [*self.names, *self.prefixes]:
                if len(a) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", a):
                    table.setdefault(_pinyin(a), set()).add(a)
            self._pinyin = table
        return self._pinyin

    def bodies_of(self, alias: str) -> tuple[str, ...]:
        return tuple(sorted(self.names.get(alias) or self.places.get(alias) or self.prefixes.get(alias) or ()))

    def link(self, text: str) -> list[Link]:
        """Longest non-overlapping names in the text; then typos, then pinyin when nothing matched."""
        found = []
        if len(self.auto):
            for end, alias in self.auto.iter(text):
                found.append((end - len(alias) + 1, end + 1, alias))
        found.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
        taken: list[tuple[int, int]] = []
        links: list[Link] = []
        for s, e, alias in found:
            if any(s < b and a < e for a, b in taken):
                continue
            taken.append((s, e))
            how = "office" if alias in self.stands_in else "name" if alias in self.names else "place"
            links.append(Link(alias, self.bodies_of(alias), s, e, how, self.stands_in.get(alias, alias)))
        if not links:
            links = self._typos(text) or self._homophones(text) or self._pinyin_links(text)
        else:  # "洪择区的…是平潭实验区的几倍": a name mistyped beside one typed right
            rest = "".join("\u3000" if any(a <= i < b for a, b in taken) else ch for i, ch in enumerate(text))
            links += self._typos(rest) or self._homophones(rest)
        return sorted(links, key=lambda x: x.start)

    def near(self, word: str) -> list[str]:
        """Names a word misses by one character ("沐阳县" → 沭阳县), for "did you mean": too risky to
        read as that name without asking (淮阳县 is a real county too), worth suggesting."""
        if gazetteer.is_real_place(word):  # 泗阳县 is a real county: not 沭阳县 mistyped
            return []
        out = []
        for a in [*self.names, *self.places]:
            if len(a) == len(word) and a != word and sum(x != y for x, y in zip(a, word, strict=True)) == 1:
                out.append(a)
        return sorted(set(out))

    def _typos(self, text: str) -> list[Link]:
        out: list[Link] = []
        for n in range(min(12, len(text)), 2, -1):
            for i in range(len(text) - n + 1):
                w = text[i : i + n]
                if not re.fullmatch(r"[\u4e00-\u9fff]+", w) or any(
                    i < b and a < i + n for a, b in [(x.start, x.end) for x in out]
                ):
                    continue
                hits = {a for j in range(n) for a in self.blanked.get(w[:j] + "?" + w[j + 1 :], ())}
                if n == 3 and (not w.endswith(PLACE_SUFFIX) or not gazetteer.known() or gazetteer.is_real_place(w)):
                    continue  # "泗阳县" is a real county, not 沭阳县 mistyped; without the gazetteer, asked
                if len(hits) == 1:
                    a = hits.pop()
                    out.append(Link(w, self.bodies_of(a), i, i + n, "typo", a))
        return out

    def _homophones(self, text: str) -> list[Link]:
        """'怀安市' typed for 淮安市: a run of 3+ characters that sounds like exactly one name; a run of
        two ('平谭' for 平潭) when its first character is the name's too."""
        out: list[Link] = []
        for n in range(min(12, len(text)), 1, -1):
            for i in range(len(text) - n + 1):
                w = text[i : i + n]
                if not re.fullmatch(r"[\u4e00-\u9fff]+", w) or any(i < x.end and x.start < i + n for x in out):
                    continue
                found = {a for a in self.pinyin.get(_pinyin(w), ()) if len(a) == n and (n > 2 or a[0] == w[0])}
                bodies = {b for a in found for b in (self.names.get(a) or self.prefixes.get(a) or ())}
                if len(bodies) == 1:
                    a = max(found, key=len)
                    out.append(Link(w, tuple(bodies), i, i + n, "typo", a))
        return out

    def _pinyin_links(self, text: str) -> list[Link]:
        words = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"[A-Za-z][A-Za-z'’-]*", text)]
        out: list[Link] = []
        i = 0
        while i < len(words):
            for n in (3, 2, 1):
                group = words[i : i + n]
                key = re.sub(r"[^a-z]", "", "".join(re.sub(r"['’]s$", "", w) for w, _, _ in group).lower())
                if len(group) == n and len(key) >= 4 and key in self.pinyin:
                    alias = max(self.pinyin[key], key=lambda a: (a in self.names, len(a)))
                    bodies = self.bodies_of(alias) or tuple(sorted(self.prefixes.get(alias, ())))
                    how = "pinyin" if alias in self.names else "place"
                    out.append(Link(text[group[0][1] : group[-1][2]], bodies, group[0][1], group[-1][2], how, alias))
                    i += n
                    break
            else:
                i += 1
        return out


@cache
def _syllables() -> frozenset[str]:
    """Every pinyin syllable (toneless), for telling a romanised Chinese place name in an English question."""
    return frozenset(lazy_pinyin("".join(chr(c) for c in range(0x4E00, 0x9FA6))))


def is_pinyin_word(word: str) -> bool:
    """'Fuzhou' and "Huai'an" are pinyin (fu+zhou, huai+an); 'Compute' is not."""
    w = re.sub(r"[^a-z]", "", word.lower())
    syl = _syllables()
    ok = [True] + [False] * len(w)
    for i in range(len(w)):
        if ok[i]:
            for j in range(i + 1, min(len(w), i + 6) + 1):
                if w[i:j] in syl:
                    ok[j] = True
    return len(w) >= 4 and ok[len(w)]
