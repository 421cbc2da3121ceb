"""Scoring answers against ../shared/eval/questions.jsonl: what the answer says (all/any/none),
what it cites (cite/no_cite), per question kind — for our bot and a naive RAG baseline side by side.

    >>> contains("共 3,119 件", "3119"), contains("7700 件", "70"), contains("70.5%", "70")
    (True, False, False)
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)
    return re.sub(r"\s+", "", text)


def contains(answer: str, expected: str) -> bool:
    a, e = normalise(answer), normalise(expected)
    if re.fullmatch(r"\d+(?:\.\d+)?", e):
        return re.search(rf"(?<![\d.]){re.escape(e)}(?!\d|\.\d)", a) is not None
    if re.match(r"^\d", e):
        return re.search(rf"(?<![\d.]){re.escape(e)}", a) is not None
    return e in a


def cited(files: list[str], entry: str) -> bool:
    return any(entry in (Path(f).name, Path(f).stem) for f in files)


def score(q: dict, answer_text: str, files: list[str]) -> dict:
    exp = q.get("expect", {})
    checks = {
        "all": all(contains(answer_text, s) for s in exp.get("all", [])),
        "any": not exp.get("any") or any(contains(answer_text, s) for s in exp["any"]),
        "none": not any(contains(answer_text, s) for s in exp.get("none", [])),
        "cite": all(cited(files, c) for c in q.get("cite", [])),
        "no_cite": not any(cited(files, c) for c in q.get("no_cite", [])),
    }
    return {"id": q["id"], "kind": q["kind"], "ok": all(checks.values()), "checks": checks}


def summarise(results: list[dict]) -> dict:
    per: dict[str, list[bool]] = defaultdict(list)
    for r in results:
        per[r["kind"]].append(r["ok"])
        per["all"].append(r["ok"])
    return {k: {"n": len(v), "right": sum(v), "score": round(sum(v) / len(v), 3)} for k, v in per.items()}
