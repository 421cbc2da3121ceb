"""Synthetic annual reports for scale runs: the real 2021 template, varied bodies, years and layouts,
numbers consistent with every identity.

    python bench/synth.py OUT_DIR 1000 [--seed 1]

Each report is a seed report's narrative with its places replaced, and freshly drawn tables written
with tabs, pipes or runs of spaces. Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from ingest.load import load_path
from ingest.schema import B_ROWS, C_GROUPS

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "data" / "reports").glob("*.txt"))
SYL = (
    "安宝北昌城川东丰福甘古广海和河红华黄吉金靖康兰乐临龙隆罗梅明南宁平青庆仁瑞沙山石双顺泰天通文西祥新兴阳永玉云长镇中"
)
TOWN_END = ("镇", "乡", "街道")


def name(rng: random.Random, n: int = 2) -> str:
    return "".join(rng.choice(SYL) for _ in range(n))


def tables(rng: random.Random, layout: str) -> tuple[str, str, str]:
    """Tables A, B, C as printed rows; B and C satisfy identities 1–4."""

    def row(cells):
        cells = [str(c) for c in cells]
        if layout == "pipes":
            return "| " + " | ".join(cells) + " |"
        if layout == "spaces":
            return "   ".join(cells)
        return "\t".join(cells)

    a = [row(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"])]
    for label in ("规章", "行政规范性文件"):
        issued, repealed = rng.choice([0, 0, 1, 2, 5]), rng.choice([0, 0, 1])
        a.append(row([label, issued, repealed, issued + rng.randint(0, 40)]))
    for label in ("行政许可", "行政处罚", "行政强制"):
        a.append(row(["信息内容", "本年处理决定数量"]))
        a.append(row([label, rng.choice([0, 0, 3, 12, 103, 2418])]))
    a.append(row(["信息内容", "本年收费金额（单位：万元）"]))
    a.append(row(["行政事业性收费", rng.choice(["0", "0", "12.5", "4166.24"])]))
    # table B: draw the result rows, then derive totals so every identity holds
    rows = B_ROWS["2021"]
    results = [r for r in rows if r.key.startswith("result.") and r.key != "result.total"]
    vals = {r.key: [rng.choice([0, 0, 0, 0, 1, 2, 5]) for _ in range(6)] for r in results}
    total = [sum(vals[r.key][c] for r in results) for c in range(6)]
    carried_in = [rng.choice([0, 0, 1]) for _ in range(6)]
    carried_out = [rng.choice([0, 0, 1]) for _ in range(6)]
    new = [max(0, total[c] + carried_out[c] - carried_in[c]) for c in range(6)]
    carried_out = [new[c] + carried_in[c] - total[c] for c in range(6)]
    vals.update({"new_applications": new, "carried_from_last_year": carried_in, "result.total": total})
    vals["carried_to_next_year"] = carried_out
    b = [row(["(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)", "申请人情况"])]
    b.append(row(["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]))
    for r in rows:
        v = vals[r.key]
        b.append(row([r.label, *v, sum(v)]))
    c_cells = []
    for _ in C_GROUPS:
        g = [rng.choice([0, 0, 0, 1, 2]) for _ in range(4)]
        c_cells += [*g, sum(g)]
    c = [
        row(["行政复议", "", "", "", "", "行政诉讼"]),
        row(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]),
        row(c_cells),
    ]
    return "\n".join(a), "\n".join(b), "\n".join(c)


def narrative(seed_text: str) -> dict[str, str]:
    """The seed's six sections' prose (table lines dropped)."""
    parts = re.split(r"\n(?=#*\s*[一二三四五六]、)", seed_text)
    out = {}
    for p in parts:
        m = re.match(r"#*\s*([一二三四五六])、", p)
        if m:
            out[m.group(1)] = "\n".join(line for line in p.splitlines()[1:] if "\t" not in line).strip()
    return out


def make(rng: random.Random, i: int) -> tuple[str, str]:
    seed = SEEDS[i % len(SEEDS)]
    text = "\n".join(line.text for line in load_path(seed))
    prose = narrative(text)
    city, county = name(rng) + "市", name(rng) + rng.choice(("县", "区"))
    town = name(rng, rng.choice((2, 2, 3))) + rng.choice(TOWN_END)
    year = rng.randint(2021, 2025)
    body = f"{county}{town}{'办事处' if town.endswith('街道') else '人民政府'}"
    layout = rng.choice(("tabs", "tabs", "pipes", "spaces"))
    a, b, c = tables(rng, layout)

    def place(s: str) -> str:
        s = re.sub(r"(七营|海城|七里营|镇罗|辛店)(镇)?", town, s)
        s = re.sub(r"(海原县|新乡县|沙坡头区)", county, s)
        return re.sub(r"20\d\d(?=\s*年)", str(year), s)

    sec = {k: place(v) for k, v in prose.items()}
    doc = f"""{city}{body}

{year} 年政府信息公开工作年度报告

根据《中华人民共和国政府信息公开条例》和（国办公开办函〔2021〕30号）要求，本报告统计数据从 {year} 年 1 月 1 日至 12 月 31 日。

一、总体情况

{sec.get("一", "")}

二、主动公开政府信息情况

{a}

三、收到和处理政府信息公开申请情况

{b}

四、政府信息公开行政复议、行政诉讼情况

{c}

五、存在的主要问题及改进情况

{sec.get("五", "")}

六、其他需要报告的事项

{sec.get("六", "无。")}
"""
    return f"{i:05d}_{town}_{year}.txt", doc


def generate(out: Path, n: int, seed: int = 1) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        fname, doc = make(rng, i)
        p = out / fname
        if not p.exists():
            p.write_text(doc, encoding="utf-8")
        paths.append(p)
    return paths


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    print(f"{len(generate(args.out, args.n, args.seed))} reports in {args.out}")
