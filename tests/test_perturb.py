"""Layout perturbations of the seed tables: spaces, pipes, full-width digits, split labels, shuffled
rows. The cells stay the same; a dropped cell becomes unknown or an announced inference, never a
wrong number."""

from __future__ import annotations

import random
import re

import pytest

from ingest import parse_file

from .conftest import SEEDS

SEED = SEEDS / "004_9c54c256ccc794aa.txt"  # 行政处罚 103
SEED_ALL = sorted(SEEDS.glob("*.txt"))
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def rewrite(src, tmp_path, fn, name="perturbed.txt"):
    out = tmp_path / name
    out.write_text(fn(src.read_text(encoding="utf-8")), encoding="utf-8")
    return parse_file(out)


def values(r):
    return {k: c.value for k, c in r.cells.items()}


def table_lines(text: str, fn) -> str:
    return "\n".join(fn(line) if "\t" in line else line for line in text.splitlines())


@pytest.mark.parametrize("seed", SEED_ALL, ids=lambda p: p.name[:3])
def test_runs_of_spaces(seed, tmp_path):
    r = rewrite(seed, tmp_path, lambda t: table_lines(t, lambda line: re.sub(r"\t+", "   ", line).strip()))
    assert values(r) == values(parse_file(seed)) | _c_blank_shift(seed)


def _c_blank_shift(seed):
    # spaces cannot keep seed 002's five blank 行政复议 cells in place: its ten zeros no longer fit
    # fifteen columns, so table C becomes unknown (with a finding) rather than shifted
    if seed.name.startswith("002"):
        return {k: None for k in parse_file(seed).cells if k.startswith("C.")}
    return {}


@pytest.mark.parametrize("seed", SEED_ALL, ids=lambda p: p.name[:3])
def test_markdown_pipes(seed, tmp_path):
    r = rewrite(
        seed, tmp_path, lambda t: table_lines(t, lambda line: "| " + " | ".join(line.split("\t")) + " |"), "p.md"
    )
    assert values(r) == values(parse_file(seed))


def test_fullwidth_digits_and_brackets(tmp_path):
    r = rewrite(SEED, tmp_path, lambda t: table_lines(t, lambda line: line.translate(FULLWIDTH).replace("(", "（")))
    assert values(r) == values(parse_file(SEED))
    assert r.value("A.penalty_decisions") == 103


def test_label_split_over_two_lines(tmp_path):
    def split(t):
        return t.replace("\t4.保护第三方合法权益\t", "\t4.保护第三方\n合法权益\t").replace(
            "\t(二) 部分公开(区分处理的, 只计这一情形, 不计其他情形)\t",
            "\t(二) 部分公开(区分处理的,\n只计这一情形, 不计其他情形)\t",
        )

    r = rewrite(SEED, tmp_path, split)
    assert values(r) == values(parse_file(SEED))


def test_shuffled_row_order(tmp_path):
    def shuffle(t):
        lines = t.splitlines()
        idx = [i for i, line in enumerate(lines) if re.match(r"^\t+\d\.", line)]
        assert len(idx) >= 12
        rows = [lines[i] for i in idx]
        random.Random(7).shuffle(rows)
        assert rows != [lines[i] for i in idx]
        for i, row in zip(idx, rows, strict=True):
            lines[i] = row
        return "\n".join(lines)

    # one non-zero row, so a row read at the wrong place would show
    src = SEED.read_text(encoding="utf-8").replace(
        "\t\t5.属于三类内部事务信息\t0\t0\t0\t0\t0\t0\t0", "\t\t5.属于三类内部事务信息\t2\t0\t0\t0\t1\t0\t3"
    )
    orig = rewrite_text(src, tmp_path, "orig.txt")
    shuffled = rewrite_text(shuffle(src), tmp_path, "shuf.txt")
    assert orig.value("B.result.withheld.internal_affairs.total") == 3
    assert values(shuffled) == values(orig)


def rewrite_text(text, folder, name):
    p = folder / name
    p.write_text(text, encoding="utf-8")
    return parse_file(p)


def test_dropped_cell_is_unknown_never_wrong(tmp_path):
    # drop one cell of a row that prints 1 (so no identity can tell which cell was lost)
    src = SEED.read_text(encoding="utf-8")
    src = src.replace(
        "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0",
        "一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1",
    )
    src = src.replace("(一) 予以公开\t0\t0\t0\t0\t0\t0\t0", "(一) 予以公开\t1\t0\t0\t0\t0\t1")
    src = src.replace("(七) 总计\t\t0\t0\t0\t0\t0\t0\t0", "(七) 总计\t\t1\t0\t0\t0\t0\t0\t1")
    r = rewrite_text(src, tmp_path, "dropped.txt")
    got = [r.value(f"B.result.disclosed.{c}") for c in ("natural_person", "total")]
    # the column identities pin the row back (1 = 1 + 0 …) or leave it unknown: never a shifted number
    assert got in ([1, 1], [None, None])
    if got == [1, 1]:
        assert any(f.kind == "cell_inferred" for f in r.findings)
    else:
        assert any(f.kind == "cell_missing" for f in r.findings)


def test_lost_zero_cell_is_an_announced_inference(tmp_path):
    src = SEED.read_text(encoding="utf-8").replace(
        "\t2.重复申请\t0\t0\t0\t0\t0\t0\t0", "\t2.重复申请\t0\t0\t0\t0\t0\t0"
    )
    r = rewrite_text(src, tmp_path, "lost.txt")
    assert r.value("B.result.not_processed.repeated.total") == 0
    assert r.cells["B.result.not_processed.repeated.total"].inferred
    assert any(f.kind == "cell_inferred" and "重复申请" in f.message for f in r.findings)
