"""Small inline-SVG charts (no JS, no CDN): a histogram and horizontal bars. Every label is escaped."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

PALETTE = {"error": "#d64541", "warning": "#e8a33d", "info": "#5b8def", "bar": "#2f5597",
           "good": "#2e8b57", "bad": "#c0392b", "mid": "#e8a33d"}


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _fmt(value: float) -> str:
    return f"{value:g}" if isinstance(value, int) or float(value).is_integer() else f"{value:.1f}"


def score_color(score: float) -> str:
    return PALETTE["good"] if score >= 75 else PALETTE["mid"] if score >= 60 else PALETTE["bad"]


def histogram(values: Sequence[float], lo: float = 0, hi: float = 100, step: float = 10,
              width: int = 520, height: int = 220, caption: str = "") -> str:
    """Vertical bars counting ``values`` per bin [lo, lo+step), …, last bin closed at ``hi``."""
    nbins = int((hi - lo) / step)
    counts = [0] * nbins
    for v in values:
        i = min(int((v - lo) // step), nbins - 1)
        counts[max(i, 0)] += 1
    top = max(counts) or 1
    left, bottom, pad_top = 34, 34, 16
    plot_w, plot_h = width - left - 8, height - bottom - pad_top
    bw = plot_w / nbins
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
             f'preserveAspectRatio="xMinYMin meet"><title>{_e(caption)}</title>']
    step_y = max(1, -(-top // 4))  # whole project counts on the axis
    top = step_y * 4 if top > 4 else top
    for value in range(0, top + 1, step_y):
        y = pad_top + plot_h - plot_h * value / top
        parts.append(f'<line x1="{left}" x2="{width - 8}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
                     f'<text x="{left - 4}" y="{y + 4:.1f}" class="tick" text-anchor="end">{value}</text>')
    for i, c in enumerate(counts):
        h = plot_h * c / top
        x = left + i * bw
        b0 = lo + i * step
        color = score_color(b0 + step / 2)
        parts.append(f'<rect x="{x + 2:.1f}" y="{pad_top + plot_h - h:.1f}" width="{bw - 4:.1f}" '
                     f'height="{h:.1f}" fill="{color}"><title>{_fmt(b0)}–{_fmt(b0 + step)} 分: {c} 个项目'
                     f'</title></rect>')
        if c:
            parts.append(f'<text x="{x + bw / 2:.1f}" y="{pad_top + plot_h - h - 3:.1f}" class="val" '
                         f'text-anchor="middle">{c}</text>')
        parts.append(f'<text x="{x:.1f}" y="{height - bottom + 14}" class="tick" text-anchor="middle">'
                     f'{_fmt(b0)}</text>')
    parts.append(f'<text x="{width - 8}" y="{height - bottom + 14}" class="tick" text-anchor="end">'
                 f'{_fmt(hi)}</text>')
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 4}" class="axis" text-anchor="middle">得分</text>')
    parts.append("</svg>")
    return "".join(parts)


def hbars(items: Sequence[tuple[str, float]], colors: Sequence[str] | None = None,
          links: Sequence[str] | None = None, width: int = 520, label_width: int = 190,
          max_value: float | None = None, caption: str = "", value_suffix: str = "") -> str:
    """Horizontal bars, one per (label, value); long labels are cut with … (full text in the tooltip)."""
    row_h = 22
    height = row_h * len(items) + 8
    top = max_value or max((v for _, v in items), default=1) or 1
    plot_w = width - label_width - 48
    max_chars = max(int(label_width / 13), 4)
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
             f'preserveAspectRatio="xMinYMin meet"><title>{_e(caption)}</title>']
    for i, (label, value) in enumerate(items):
        y = 4 + i * row_h
        w = plot_w * value / top
        color = colors[i] if colors else PALETTE["bar"]
        short = label if len(label) <= max_chars else label[: max_chars - 1] + "…"
        text = (f'<text x="{label_width - 6}" y="{y + 15}" class="lab" text-anchor="end">'
                f'<title>{_e(label)}</title>{_e(short)}</text>')
        if links:
            text = f'<a href="{_e(links[i])}">{text}</a>'
        parts.append(text)
        parts.append(f'<rect x="{label_width}" y="{y + 3}" width="{max(w, 1):.1f}" height="{row_h - 6}" '
                     f'fill="{color}" rx="2"><title>{_e(label)}: {_fmt(value)}{_e(value_suffix)}</title></rect>')
        parts.append(f'<text x="{label_width + w + 4:.1f}" y="{y + 15}" class="val">'
                     f'{_fmt(value)}{_e(value_suffix)}</text>')
    parts.append("</svg>")
    return "".join(parts)
