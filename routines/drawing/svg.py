"""
Drawing a figure as SVG: round-capped thick strokes for the limbs, the trunk and the head, on a
mat, a bed, a chair or the floor.

The page's Content-Security-Policy allows no `style` at all, so colours and widths are
presentation attributes, and the movement is SMIL: each part's path moves from the start pose
to the end pose and back (`<animate attributeName="d">`), paced by the step's hold and release.
Numbers are whole half-units (a body is 200 tall), which keeps a drawing to a couple of
kilobytes and steady to the eye at any size.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape

from .figure import BED_TOP, Figure

SCALE = 2  # page units per body-height hundredth
# The site's tokens (static/css/site.css :root): --accent, --accent-strong, --accent-soft,
# --border, --muted, --bg, --text (hair); the far limbs are --accent mixed halfway into --bg.
COLOURS = {
    "near": "#2f6f62",
    "body": "#24574d",
    "far": "#9cbfb5",
    "support": "#e3efeb",
    "line": "#d9d2c5",
    "chair": "#4d5b5a",
    "outline": "#fbf8f3",
    "hair": "#1f2a2a",
    "face": "#3f8073",  # the face half of the head: --accent a shade lighter
    "ghost": "#eef4f2",  # inside the pose a still came from: --accent-soft, paler still
}
OUTLINE = 2.2  # how much wider than its limb the gap drawn around a near limb is
GHOST_EDGE = 0.8  # the rim of the pose a still came from, drawn behind it as a pale outline


@dataclass(frozen=True)
class Timing:
    """The phases of one round, in seconds: hold the start, move to the end, rest, come back."""

    hold: float = 1.5
    move: float = 4.0
    rest: float = 1.5
    back: float = 3.0

    @property
    def total(self) -> float:
        return self.hold + self.move + self.rest + self.back

    def key_times(self) -> str:
        """Hold; the move in three thirds (through two in-between poses); rest; back in thirds."""
        a, b = self.hold, self.hold + self.move
        c = b + self.rest
        marks = [0, a, a + self.move / 3, a + 2 * self.move / 3, b, c]
        marks += [c + self.back / 3, c + 2 * self.back / 3, self.total]
        return ";".join(_num(m / self.total, 3) for m in marks)


# Still while holding and resting; easing into and out of each movement, steady in its middle.
KEY_SPLINES = ";".join(
    ["0 0 1 1", ".4 0 1 1", "0 0 1 1", "0 0 .6 1", "0 0 1 1", ".4 0 1 1", "0 0 1 1", "0 0 .6 1"]
)


def _num(value: float, digits: int = 0) -> str:
    text = f"{value:.{digits}f}" if digits else str(round(value))
    if digits:
        text = text.rstrip("0").rstrip(".")
        text = text.replace("0.", ".", 1) if text.startswith("0.") else text
    return "0" if text in ("-0", "") else text


def _point(p) -> str:
    return f"{_num(p[0] * SCALE)} {_num(-p[1] * SCALE)}"


def _path(points) -> str:
    return "M" + "L".join(_point(p) for p in points)


def _parts(figure: Figure) -> list[tuple[str, str, float, str]]:
    """(name, colour, width, path) of each drawn part, back to front."""
    parts = []
    order = sorted(figure.segments, key=lambda s: s.depth + _layer(s, figure))
    for segment in order:
        if segment.side:
            near = figure.near_side in ("both", segment.side)
            colour = COLOURS["near" if near else "far"]
        else:
            tone = {"hair": "hair", "face": "face", "nose": "face"}.get(segment.name, "body")
            near, colour = False, COLOURS[tone]
        if near and segment.side:
            parts.append(
                (
                    segment.name + "~",
                    COLOURS["outline"],
                    segment.width + OUTLINE,
                    _path(segment.points),
                )
            )
        parts.append((segment.name, colour, segment.width, _path(segment.points)))
    return parts


def _ghost(figure: Figure) -> list[str]:
    """
    The pose a still came from, as one pale silhouette with a rim: every part wide in the far
    limbs' colour, then every part again, narrower, in a paler one. Drawn in two passes, its
    parts merge into one outline, unlike the solid far limbs of the figure in front of it.
    """
    parts = [(w, path) for name, _c, w, path in _parts(figure) if not name.endswith("~")]

    def pass_(colour: str, grow: float) -> list[str]:
        return [
            f'<path d="{path}" stroke="{colour}" stroke-width="{_num((w + grow) * SCALE)}"/>'
            for w, path in parts
        ]

    return [
        '<g class="drawing__ghost">',
        *pass_(COLOURS["far"], GHOST_EDGE),
        *pass_(COLOURS["ghost"], -GHOST_EDGE),
        "</g>",
    ]


def _layer(segment, figure: Figure) -> float:
    """Near limbs in front of the trunk, far ones behind, whatever the rounding of depths."""
    if not segment.side:
        return 0.0
    return 50.0 if figure.near_side in ("both", segment.side) else -50.0


def _bounds(figures: list[Figure]) -> tuple[float, float, float, float]:
    xs, ys = [], []
    for figure in figures:
        for segment in figure.segments:
            r = segment.width / 2
            for p in segment.points:
                xs += [p[0] - r, p[0] + r]
                ys += [p[1] - r, p[1] + r]
    return min(xs), min(ys), max(xs), max(ys)


def _support(figure: Figure, bounds) -> tuple[list[str], float]:
    """The support's shapes, and the lowest height they reach (for the frame)."""
    x0, _y0, x1, _y1 = bounds
    c = COLOURS
    kind = figure.support
    if _lying_above(figure):
        # A mat seen from above, under the whole body.
        y_low, y_high = bounds[1] - 3, bounds[3] + 3
        return [
            _rect(x0 - 4, y_low, x1 + 4, y_high, c["support"], rx=4),
        ], y_low
    shapes = []
    low = 0.0
    if kind == "mat":
        shapes.append(_rect(x0 - 5, 0, x1 + 5, figure.support_top, c["support"], rx=0.8))
        shapes.append(_line([(x0 - 9, 0), (x1 + 9, 0)], c["line"], 1.2))
    elif kind == "bed":
        top = BED_TOP
        shapes.append(_rect(x0 - 5, 4, x1 + 5, top - 8, c["line"], rx=1))
        shapes.append(_rect(x0 - 5, top - 9, x1 + 5, top, c["support"], rx=2.5))
        shapes.append(_line([(x0 - 3, 4), (x0 - 3, 0)], c["line"], 3))
        shapes.append(_line([(x1 + 3, 4), (x1 + 3, 0)], c["line"], 3))
        shapes.append(_line([(x0 - 11, 0), (x1 + 11, 0)], c["line"], 1.2))
    elif kind == "chair":
        seat = figure.seat_top
        if figure.view == "side":
            back, front = figure.chair_x - 16, figure.chair_x + 13
            shapes.append(
                _line([(back, seat + 40), (back, seat), (front, seat), (front, 0)], c["chair"], 2.4)
            )
            shapes.append(_line([(back, seat), (back, 0)], c["chair"], 2.4))
        else:
            shapes.append(_line([(-19, seat), (19, seat)], c["chair"], 2.4))
            shapes.append(_line([(-17, seat), (-17, 0)], c["chair"], 2.4))
            shapes.append(_line([(17, seat), (17, 0)], c["chair"], 2.4))
        shapes.append(_line([(x0 - 22, 0), (x1 + 22, 0)], c["line"], 1.2))
    else:
        shapes.append(_line([(x0 - 8, 0), (x1 + 8, 0)], c["line"], 1.2))
    return shapes, low


def _lying_above(figure: Figure) -> bool:
    return figure.lying == "above"


def _rect(x0, y0, x1, y1, fill, rx=0) -> str:
    x, y = _num(x0 * SCALE), _num(-y1 * SCALE)
    w, h = _num((x1 - x0) * SCALE), _num((y1 - y0) * SCALE)
    corner = f' rx="{_num(rx * SCALE)}"' if rx else ""
    return f'<rect x="{x}" y="{y}" width="{w}" height="{h}"{corner} fill="{fill}"/>'


def _line(points, colour, width) -> str:
    d = _path([(x, y, 0) for x, y in points])
    return f'<path d="{d}" stroke="{colour}" stroke-width="{_num(width * SCALE)}"/>'


def _pillow(figure: Figure) -> list[str]:
    """A pillow under the head on a bed, or lying on the side."""
    if not (figure.support == "bed" or figure.view == "front") or _lying_above(figure):
        return []
    head = figure.segment("head")
    x = sum(p[0] for p in head.points) / len(head.points)
    bottom = head.lowest()
    if bottom - figure.support_top > 12:
        return []
    h = max(bottom - figure.support_top, 1.5)
    return [
        _rect(
            x - 9,
            figure.support_top,
            x + 9,
            figure.support_top + h + 0.5,
            COLOURS["line"],
            rx=min(h / 2 + 0.25, 4),
        )
    ]


def render(
    start: Figure,
    end: Figure | None,
    *,
    between: tuple[Figure, Figure] | None = None,
    frame_with: Figure | None = None,
    ghost: Figure | None = None,
    label: str,
    timing: Timing | None = None,
    css_class: str = "",
) -> str:
    """
    One drawing: `start` still, or moving to `end` and back when `end` is given. `label` is its
    text alternative, in the reader's language. A `ghost` is drawn pale behind a still: the pose
    it came from, so that what moved shows without the movement (a step's end still).
    """
    # A still drawn beside another (the stills of a step) shares its frame: the same scale.
    figures = [start] + [f for f in (end, frame_with) if f is not None]
    bounds = _bounds(figures)
    support, low = _support(start, bounds)
    support += _pillow(start)
    x0, y0, x1, y1 = bounds
    y0 = min(y0, low) - 3
    x0, x1, y1 = x0 - 6, x1 + 6, y1 + 3
    if start.support == "chair" or start.view == "side" and start.support_top == 0 and x1 - x0 < 70:
        x0, x1 = x0 - 8, x1 + 8
    box = " ".join(_num(n * SCALE) for n in (x0, -y1, x1 - x0, y1 - y0))
    css = f' class="{css_class}"' if css_class else ""
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{box}" role="img" '
        f'aria-label="{escape(label)}"{css} '
        'fill="none" stroke-linecap="round" stroke-linejoin="round">'
    ]
    out += support
    if ghost is not None:
        out += _ghost(ghost)
    start_parts = _parts(start)
    frames = [end, *(between or (end, end))] if end is not None else []
    paths = [{name: path for name, _c, _w, path in _parts(f)} for f in frames]
    timing = timing or Timing()
    for name, colour, width, path in start_parts:
        element = f'<path d="{path}" stroke="{colour}" stroke-width="{_num(width * SCALE)}"'
        if end is not None and paths[0].get(name, path) != path:
            other, one, two = (p.get(name, path) for p in paths)
            values = ";".join([path, path, one, two, other, other, two, one, path])
            out.append(
                f'{element}><animate attributeName="d" dur="{_num(timing.total, 1)}s" '
                f'repeatCount="indefinite" values="{values}" '
                f'keyTimes="{timing.key_times()}" calcMode="spline" '
                f'keySplines="{KEY_SPLINES}"/></path>'
            )
        else:
            out.append(element + "/>")
    out.append("</svg>")
    return "".join(out)
