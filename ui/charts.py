"""Small SVG charts drawn on the server: every point marked (a series of one year still shows), axis
labels with thousands separators, short names on the axis (the full name in the tooltip), and an
axis from 0 to 1 when every value is 0 (never a "0.000000" axis). Nothing loads from outside.

    >>> svg = line_chart({"镇罗镇": {"2024": 103}, "七营镇": {"2024": 7}}, ["2024"])
    >>> svg.count("<circle"), "103" in svg
    (2, True)
    >>> nice_ticks(3985758)[-1] >= 3985758, nice_ticks(0)
    (True, [0, 1])
"""

from __future__ import annotations

import math
from decimal import Decimal

from .render import e, num

PALETTE = ("#2563eb", "#dc2626", "#059669", "#d97706", "#7c3aed", "#db2777", "#0891b2", "#65a30d", "#475569")


def nice_ticks(top: float, n: int = 4) -> list[float]:
    """Ticks from 0 to a round number at or above top."""
    top = float(top)
    if top <= 0:
        return [0, 1]
    raw = top / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(s * mag for s in (1, 2, 2.5, 5, 10) if s * mag >= raw)
    if top >= 1 and step < 1:
        step = 1
    count = math.ceil(top / step - 1e-9)
    return [round(i * step, 10) for i in range(count + 1)]


def _tick(v: float) -> str:
    return num(int(v)) if float(v).is_integer() else num(Decimal(str(v)))


def _clip(name: str, at: int = 6) -> str:
    return name if len(name) <= at else name[: at - 1] + "…"


def _frame(
    w: int, h: int, left: int, bottom: int, top_pad: int, ticks: list[float], cls: str
) -> tuple[list[str], float]:
    """The svg start, y grid and labels; returns the parts and the plot's pixel height."""
    ph = h - bottom - top_pad
    out = [
        f'<svg class="gk-chart {cls}" viewBox="0 0 {w} {h}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'role="img" xmlns="http://www.w3.org/2000/svg" style="max-width:{w}px">'
    ]
    for t in ticks:
        y = top_pad + ph - ph * (t / ticks[-1])
        out.append(f'<line x1="{left}" x2="{w - 8}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e7eb"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">{_tick(t)}</text>')
    return out, ph


def line_chart(
    series: dict[str, dict[str, float | int | Decimal | None]],
    xs: list[str],
    *,
    full: dict | None = None,
    w: int = 640,
    h: int = 280,
    unit: str = "",
) -> str:
    """One line per series over the x labels (years), a marker and its value at every point."""
    full = full or {}
    vals = [float(v) for s in series.values() for v in s.values() if v is not None]
    ticks = nice_ticks(max(vals) if vals else 0)
    left, bottom, top_pad = 64, 64 if len(series) > 1 else 40, 18
    out, ph = _frame(w, h, left, bottom, top_pad, ticks, "line")
    pw = w - left - 24
    step = pw / max(1, len(xs))
    xpos = {x: left + step * (i + 0.5) for i, x in enumerate(xs)}
    for x in xs:
        out.append(f'<text x="{xpos[x]:.1f}" y="{top_pad + ph + 18}" text-anchor="middle" class="tick">{e(x)}</text>')

    def ypos(v) -> float:
        return top_pad + ph - ph * (float(v) / ticks[-1])

    # series side by side around each year, so equal values never hide each other
    dodge = min(9.0, step / (len(series) + 1))
    for i, (name, pts) in enumerate(series.items()):
        color = PALETTE[i % len(PALETTE)]
        dx = (i - (len(series) - 1) / 2) * dodge
        known = [(x, pts[x]) for x in xs if pts.get(x) is not None]
        if len(known) > 1:
            path = " ".join(f"{xpos[x] + dx:.1f},{ypos(v):.1f}" for x, v in known)
            out.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
        for x, v in known:
            tip = f"{full.get(name, name)} · {x}：{num(v)}{unit}"
            out.append(
                f'<circle cx="{xpos[x] + dx:.1f}" cy="{ypos(v):.1f}" r="4.5" fill="{color}" class="pt">'
                f"<title>{e(tip)}</title></circle>"
            )
            if len(series) == 1:
                out.append(
                    f'<text x="{xpos[x]:.1f}" y="{ypos(v) - 9:.1f}" text-anchor="middle" class="val">{num(v)}</text>'
                )
    if len(series) > 1:
        out.append(_legend(list(series), full, left, h - 18, w))
    out.append("</svg>")
    return "".join(out)


def _legend(names: list[str], full: dict, x0: int, y: int, w: int) -> str:
    out, x = [], x0
    for i, name in enumerate(names):
        label = _clip(name, 8)
        width = 18 + 13 * len(label) + 14
        if x + width > w:
            break
        out.append(
            f'<g class="legend"><title>{e(full.get(name, name))}</title>'
            f'<rect x="{x}" y="{y - 9}" width="10" height="10" rx="2" fill="{PALETTE[i % len(PALETTE)]}"/>'
            f'<text x="{x + 14}" y="{y + 1}">{e(label)}</text></g>'
        )
        x += width
    return "".join(out)


def bar_chart(
    groups: list[str],
    series: list[str],
    values: dict[tuple[str, str], float | int | Decimal | None],
    *,
    full: dict | None = None,
    w: int = 640,
    h: int = 300,
    unit: str = "",
) -> str:
    """Bars per group (a body), one colour per series (a year), the value above each bar."""
    full = full or {}
    vals = [float(v) for v in values.values() if v is not None]
    ticks = nice_ticks(max(vals) if vals else 0)
    left, bottom, top_pad = 64, 70 if len(series) > 1 else 50, 18
    out, ph = _frame(w, h, left, bottom, top_pad, ticks, "bar")
    pw = w - left - 24
    gw = pw / max(1, len(groups))
    bw = min(36.0, gw * 0.8 / max(1, len(series)))
    for gi, g in enumerate(groups):
        x0 = left + gi * gw + (gw - bw * len(series)) / 2
        for si, s in enumerate(series):
            v = values.get((g, s))
            if v is None:
                continue
            bh = ph * float(v) / ticks[-1]
            x, y = x0 + si * bw, top_pad + ph - bh
            tip = f"{full.get(g, g)} · {s}：{num(v)}{unit}"
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bw - 2:.1f}" height="{max(bh, 0.8):.1f}" '
                f'fill="{PALETTE[si % len(PALETTE)]}" class="bar"><title>{e(tip)}</title></rect>'
            )
            if bw >= 18:
                out.append(
                    f'<text x="{x + (bw - 2) / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" class="val">{num(v)}</text>'
                )
        label = _clip(g, 6 if gw > 60 else 4)
        out.append(
            f'<text x="{left + gi * gw + gw / 2:.1f}" y="{top_pad + ph + 18}" text-anchor="middle" class="tick">'
            f"<title>{e(full.get(g, g))}</title>{e(label)}</text>"
        )
    if len(series) > 1:
        out.append(_legend(series, {}, left, h - 16, w))
    out.append("</svg>")
    return "".join(out)
