"""Retrieval evaluation: recall@1/5 of the cited reports, per question kind, dense vs lexical vs hybrid.

A question's recall@k is the share of its cited reports among the first k distinct reports the
search returns (chunks ranked, then collapsed to their report). Questions citing nothing are skipped.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from .library import Library

MODES = ("dense", "lexical", "hybrid")


def load_questions(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def cites(name: str, cite: str) -> bool:
    """A cited entry matches a file by name or by the name's stem (a .txt and its .html)."""
    n = Path(name)
    return cite in (n.name, n.stem)


def ranked_reports(lib: Library, question: str, mode: str, k: int = 5) -> list[str]:
    seen: list[str] = []
    for hit in lib.search(question, k=k * 8, mode=mode):
        name = Path(hit.file).name
        if name not in seen:
            seen.append(name)
        if len(seen) == k:
            break
    return seen


def evaluate(lib: Library, questions: list[dict], modes=MODES) -> dict:
    """{mode: {kind: {"n", "recall@1", "recall@5"}, "all": {...}}} plus per-question ranks."""
    out: dict = {}
    for mode in modes:
        if mode == "dense" and lib.dense is None:
            continue
        per_kind: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for q in questions:
            if not q.get("cite"):
                continue
            got = ranked_reports(lib, q["question"], mode)
            r1 = sum(any(cites(n, c) for n in got[:1]) for c in q["cite"]) / len(q["cite"])
            r5 = sum(any(cites(n, c) for n in got[:5]) for c in q["cite"]) / len(q["cite"])
            per_kind[q["kind"]].append((r1, r5))
            per_kind["all"].append((r1, r5))
        out[mode] = {
            kind: {
                "n": len(v),
                "recall@1": round(sum(a for a, _ in v) / len(v), 3),
                "recall@5": round(sum(b for _, b in v) / len(v), 3),
            }
            for kind, v in per_kind.items()
        }
    return out
