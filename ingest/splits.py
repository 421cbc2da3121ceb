"""Splitting digits that ran together ("21710000218") into cells, only where the identities allow one way.

>>> row_splits("21710000218", 7)
[(217, 1, 0, 0, 0, 0, 218)]
>>> group_splits("21317000001324019", groups=3)
[(2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19)]
"""

from __future__ import annotations

from functools import cache

MAX_SOLUTIONS = 64


def _tokens(run: str) -> tuple[str, ...]:
    return tuple(t for t in run.split() if t)


def plain_splits(run: str, n: int, check=None) -> list[tuple[int, ...]]:
    """Ways to cut `run` into n non-negative integers without leading zeros; spaces are cuts.

    `check(acc)` prunes partial splits (it sees the cells cut so far)."""
    toks = _tokens(run)
    if not toks or not all(t.isdigit() for t in toks):
        return []
    out: list[tuple[int, ...]] = []

    def rec(ti: int, pos: int, acc: list[int]) -> None:
        if len(out) >= MAX_SOLUTIONS or len(acc) > n:
            return
        if check is not None and acc and not check(acc):
            return
        if ti == len(toks):
            if len(acc) == n:
                out.append(tuple(acc))
            return
        tok = toks[ti]
        for end in range(pos + 1, len(tok) + 1):
            piece = tok[pos:end]
            if len(piece) > 1 and piece[0] == "0":
                break
            acc.append(int(piece))
            if end == len(tok):
                rec(ti + 1, 0, acc)
            else:
                rec(ti, end, acc)
            acc.pop()

    rec(0, 0, [])
    return out


@cache
def row_splits(run: str, n: int = 7) -> list[tuple[int, ...]]:
    """Splits of a table-B row: n cells whose first n-1 add up to the last (identity 3)."""

    def ok(acc: list[int]) -> bool:
        return len(acc) < n or sum(acc[:-1]) == acc[-1]

    cands = plain_splits(run, n, ok)
    if not cands and " " in run.strip():
        cands = plain_splits(run.replace(" ", ""), n, ok)
    return cands


@cache
def group_splits(run: str, groups: int = 3, size: int = 5) -> list[tuple[int, ...]]:
    """Splits of table C's one row: `groups` groups of `size` cells, each total = the sum of the others."""

    def ok(acc: list[int]) -> bool:
        full = len(acc) // size
        return all(sum(acc[g * size : g * size + size - 1]) == acc[g * size + size - 1] for g in range(full))

    cands = plain_splits(run, groups * size, ok)
    if not cands and " " in run.strip():
        cands = plain_splits(run.replace(" ", ""), groups * size, ok)
    return cands
