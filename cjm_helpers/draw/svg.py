"""A scene written as SVG, text kept as <text> (spaces kept, as matplotlib draws them), without matplotlib.

What a notebook shows (and what save_figure writes for .svg): 100 px an inch,
so a map is 1280 px wide; every mark of the scene in the zorder matplotlib
draws it in, with matplotlib's sizes (points, dashes scaled by the line width,
marker shapes) so the SVG and the PNG look alike. Text is placed on the same
baselines as matplotlib's (first baseline 0.86 em under the top of a block,
lines 1.2 em apart) and drawn by the browser with the font chain of fonts.py.

Learner text is data: every text and attribute is escaped with escape_text,
and characters XML forbids are dropped (xml_safe), so nothing a learner types
can become an element or an attribute.
"""

from __future__ import annotations

import math
import re

from ..assess.sanitise import escape_text
from . import face, palette
from .area import fill_polygons
from .fonts import BROWSER_FALLBACKS, FAMILIES
from .save import MAX_DESCRIPTION, MAX_TITLE, short_text   # a picture's metadata, bounded as save.py does
from .scene import Mark, Pane, Scene

PX = 100.0                  # pixels an inch
PT = PX / 72.0              # pixels a point
ASCENT, PITCH = 0.86, 1.2   # em: top of a text block to its first baseline; baseline to baseline
FAMILY = ", ".join(name if name == "sans-serif" else f"'{name}'" for name in FAMILIES + BROWSER_FALLBACKS)
DEFAULT_LW = 1.5            # matplotlib's lines.linewidth, points
BOX_EM = 0.56               # average advance of DejaVu Sans text, em: the width of a label's background box
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CAPS = {"projecting": "square", "round": "round", "butt": "butt", None: "butt"}


def xml_safe(svg: str) -> str:
    """SVG text without the control characters XML forbids (a learner's text may hold them)."""
    return _NOT_XML.sub("", svg)


def _q(value) -> str:
    """An attribute value, escaped and quoted."""
    return '"' + escape_text(xml_safe(str(value))) + '"'


_SPACES = re.compile(r"^ +| +$| {2,}")


def _line(text: str) -> str:
    """One line of text as SVG character data, its spaces kept as matplotlib draws them: browsers
    collapse runs of spaces and drop leading and trailing ones (whatever xml:space says), so those
    become no-break spaces (a run keeps one plain space, where the line may still break)."""
    text = xml_safe(text)

    def keep(found):
        run = found.group(0)
        if found.start() == 0 or found.end() == len(text):
            return "\u00a0" * len(run)
        return " " + "\u00a0" * (len(run) - 1)

    return escape_text(_SPACES.sub(keep, text))


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


class _Writer:
    def __init__(self, scene: Scene):
        self.scene = scene
        self.out: list[str] = []
        self.clips: dict[int, str] = {}
        self.ids: set[str] = set()

    # --- coordinates ------------------------------------------------------
    @staticmethod
    def point(mark: Mark, x: float, y: float) -> tuple[float, float]:
        if mark.pane is not None:
            x, y = mark.pane.to_inches(x, y)
        return x * PX, y * PX

    def clip(self, mark: Mark) -> str:
        if not mark.clip or mark.pane is None:
            return ""
        pane: Pane = mark.pane
        name = self.clips.get(id(pane))
        if name is None:
            name = self.clips[id(pane)] = f"pane{len(self.clips)}"
            x, y, w, h = (v * PX for v in pane.rect)
            self.out.append(f'<clipPath id="{name}"><rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" '
                            f'height="{_n(h)}"/></clipPath>')
        return f' clip-path="url(#{name})"'

    def gid(self, style: dict) -> str:
        gid = style.get("gid")
        if not gid or gid in self.ids:
            return ""
        self.ids.add(gid)
        return f" id={_q(gid)}"

    # --- strokes ----------------------------------------------------------
    @staticmethod
    def stroke(colour, lw: float, ls=None, cap: str | None = None) -> str:
        out = f' stroke={_q(colour)} stroke-width="{_n(lw * PT)}"'
        dashes = {"--": (3.7, 1.6), ":": (1, 1.65), "-.": (6.4, 1.6, 1, 1.6)}.get(ls) if isinstance(ls, str) else (
            ls[1] if isinstance(ls, tuple) and ls[1] else None)
        if ls in ("none", "None", ""):
            return ""
        if dashes:
            out += ' stroke-dasharray="' + " ".join(_n(d * lw * PT) for d in dashes) + '"'
        return out + f' stroke-linecap="{_CAPS.get(cap, "butt")}"'

    def path(self, points: list[tuple[float, float]], closed: bool = False) -> str:
        d = "M" + " L".join(f"{_n(x)} {_n(y)}" for x, y in points)
        return d + (" Z" if closed else "")

    def line(self, points: list[tuple[float, float]], stroke: str) -> str:
        """An unfilled path through points with the given stroke attributes."""
        return f'<path d="{self.path(points)}" fill="none"{stroke}/>'

    # --- marks ------------------------------------------------------------
    def text(self, mark: Mark) -> None:
        style = mark.style
        x, y, s = mark.args
        size, weight, slant = style.get("font") or (style.get("fontsize", 10), style.get("weight", "normal"),
                                                    style.get("style", "normal"))
        lines = s.split("\n")
        em = size * PT
        px, py = self.point(mark, x, y)
        va = style.get("va", "baseline")
        if va == "top":
            first = py + ASCENT * em
        elif va == "center":
            first = py - len(lines) * PITCH * em / 2 + ASCENT * em
        elif va == "bottom":
            first = py - (len(lines) - 1) * PITCH * em - (PITCH - ASCENT) * em
        else:
            first = py - (len(lines) - 1) * PITCH * em
        anchor = {"left": "start", "center": "middle", "right": "end"}.get(style.get("ha", "left"), "start")
        box = style.get("bbox")
        if box and box.get("facecolor") not in (None, "none"):
            width = max(len(line) for line in lines) * em * BOX_EM
            pad = 0.1 * em
            left = px - {"start": 0, "middle": width / 2, "end": width}[anchor] - pad
            top = first - ASCENT * em - pad
            self.out.append(f'<rect x="{_n(left)}" y="{_n(top)}" width="{_n(width + 2 * pad)}" '
                            f'height="{_n(len(lines) * PITCH * em + 2 * pad)}" fill={_q(box["facecolor"])}/>')
        attrs = (f' x="{_n(px)}" y="{_n(first)}" font-size="{_n(em)}" fill={_q(style.get("color", palette.INK))}')
        if weight != "normal":
            attrs += f" font-weight={_q(weight)}"
        if slant != "normal":
            attrs += f" font-style={_q(slant)}"
        if anchor != "start":
            attrs += f' text-anchor="{anchor}"'
        if len(lines) == 1:
            body = _line(s)
        else:
            body = "".join(f'<tspan x="{_n(px)}" dy="{_n(0 if k == 0 else PITCH * em)}">'
                           f"{_line(line) or ' '}</tspan>" for k, line in enumerate(lines))
        self.out.append(f"<text{self.gid(style)}{attrs}>{body}</text>")

    def plot(self, mark: Mark) -> None:
        style = mark.style
        xs, ys = mark.args
        points = [self.point(mark, x, y) for x, y in zip(xs, ys)]
        colour = style.get("color", palette.INK)
        clip = self.clip(mark)
        parts = []
        stroke = self.stroke(colour, style.get("lw", DEFAULT_LW), style.get("ls", "-"),
                             style.get("solid_capstyle", "projecting") if style.get("ls", "-") in ("-", "solid")
                             else None)
        if stroke and len(points) > 1:
            parts.append(self.line(points, stroke + ' stroke-linejoin="round"'))
        marker = style.get("marker")
        if marker:
            size = style.get("ms", 6) * PT
            edge = style.get("markeredgecolor", colour)
            mew = style.get("mew", 1.0) * PT
            for x, y in points:
                parts.append(self.marker(marker, x, y, size, colour, edge, mew))
        if parts:
            self.out.append(f"<g{self.gid(style)}{clip}>{''.join(parts)}</g>")

    @staticmethod
    def marker(kind: str, x: float, y: float, size: float, fill, edge, mew: float) -> str:
        paint = f' fill={_q(fill)} stroke={_q(edge)} stroke-width="{_n(mew)}" stroke-linejoin="miter"'
        r = size / 2
        if kind == "o":
            return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}"{paint}/>'
        if kind == "*":
            corners = [(x + (r if k % 2 == 0 else r * 0.381966) * math.cos(math.radians(90 + 36 * k)),
                        y - (r if k % 2 == 0 else r * 0.381966) * math.sin(math.radians(90 + 36 * k)))
                       for k in range(10)]
        elif kind in ("v", "^"):
            tip = r if kind == "v" else -r
            corners = [(x, y + tip), (x + r, y - tip), (x - r, y - tip)]
        else:       # a square for any other mark
            corners = [(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)]
        d = "M" + " L".join(f"{_n(a)} {_n(b)}" for a, b in corners) + " Z"
        return f'<path d="{d}"{paint}/>'

    def polys(self, mark: Mark) -> None:
        colours = mark.style.get("facecolors")
        alpha = mark.style.get("alpha")
        opacity = f' fill-opacity="{_n(alpha)}"' if alpha is not None else ""
        for k, polygon in enumerate(mark.args[0]):
            colour = colours[k] if isinstance(colours, (list, tuple)) else colours
            self.out.append(f'<path d="{self.path([self.point(mark, x, y) for x, y in polygon], True)}" '
                            f'fill={_q(colour)}{opacity}/>')

    def segments(self, mark: Mark) -> None:
        style = mark.style

        def each(key, k, default):
            value = style.get(key, default)
            if isinstance(value, list):
                return value[k % len(value)]
            return value

        parts = []
        for k, segment in enumerate(mark.args[0]):
            ls = each("linestyles", k, "-")
            stroke = self.stroke(each("colors", k, palette.INK), each("linewidths", k, DEFAULT_LW), ls,
                                 style.get("capstyle"))
            parts.append(self.line([self.point(mark, x, y) for x, y in segment], stroke))
        self.out.append(f"<g{self.clip(mark)}>{''.join(parts)}</g>")

    def faces(self, mark: Mark) -> None:
        unset, discs, eyes, mouths = [], [], [], []
        for x, y, feeling, sx, sy, radius in mark.args[0]:
            cx, cy = self.point(mark, x, y)
            r = radius * PX
            if feeling is None:
                unset.append(f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r)}" fill="white"'
                             f'{self.stroke("#9E9E9E", 1, (0, (2, 1.5)))}/>')
                continue
            discs.append(f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r)}" '
                         f'fill={_q(palette.feeling_colour(feeling))} stroke={_q(palette.INK)} '
                         f'stroke-width="{_n(0.9 * PT)}"/>')
            for dx in (-face.EYE_X, face.EYE_X):
                eyes.append(f'<ellipse cx="{_n(cx + dx * r)}" cy="{_n(cy - face.EYE_Y * r)}" '
                            f'rx="{_n(face.EYE_RX * r)}" ry="{_n(face.EYE_RY * r)}" fill={_q(palette.INK)}/>')
            if feeling == 0:
                mouths.append(self.line([(cx - face.FLAT_X * r, cy + face.FLAT_Y * r),
                                         (cx + face.FLAT_X * r, cy + face.FLAT_Y * r)],
                                        self.stroke(palette.INK, 1.1, "-", "round")))
                continue
            depth = face.mouth_depth(feeling)
            a, b = face.MOUTH_RX * r, depth * r
            if feeling > 0:
                ex, ey, (t1, t2) = cx, cy + face.SMILE_Y * r, face.SMILE_ARC
            else:
                ex, ey, (t1, t2) = cx, cy + (face.FROWN_Y - depth) * r, face.FROWN_ARC
            t1, t2 = (math.degrees(math.atan2(a / b * math.sin(math.radians(t)), math.cos(math.radians(t))))
                      % 360 for t in (t1, t2))
            steps = 12
            arc = [(ex + a * math.cos(math.radians(t1 + (t2 - t1) * k / steps)),
                    ey - b * math.sin(math.radians(t1 + (t2 - t1) * k / steps))) for k in range(steps + 1)]
            mouths.append(self.line(arc, self.stroke(palette.INK, 1.1)))
        self.out.append(f"<g{self.clip(mark)}>{''.join(unset + discs + eyes + mouths)}</g>")

    def fill(self, mark: Mark) -> None:
        """The area between the emotion curve and zero, the polygons the PNG fills (area.py)."""
        d = " ".join(self.path([self.point(mark, x, y) for x, y in polygon], True)
                     for polygon in fill_polygons(*mark.args))
        if d:
            self.out.append(f'<path d="{d}" fill={_q(mark.style["color"])}{self.clip(mark)}/>')

    def annotate(self, mark: Mark) -> None:
        props = mark.style["arrowprops"]
        (x1, y1), (x0, y0) = (self.point(mark, *mark.args[0]), self.point(mark, *mark.args[1]))
        length = math.hypot(x1 - x0, y1 - y0)
        if length < 1e-6:
            return
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        shrink = 2 * PT
        x0, y0, x1, y1 = x0 + ux * shrink, y0 + uy * shrink, x1 - ux * shrink, y1 - uy * shrink
        head, half = 4 * PT, 2 * PT         # matplotlib's "-|>": 0.4 and 0.2 of a 10 pt mutation scale
        bx, by = x1 - ux * head, y1 - uy * head
        colour, lw = props.get("color", palette.INK), props.get("lw", 1.0)
        self.out.append(self.line([(x0, y0), (bx, by)], self.stroke(colour, lw))
                        + f'<path d="{self.path([(x1, y1), (bx - uy * half, by + ux * half), (bx + uy * half, by - ux * half)], True)}" '
                        f'fill={_q(colour)} stroke={_q(colour)} stroke-width="{_n(lw * PT)}" stroke-linejoin="miter"/>')


def scene_svg(scene: Scene, description: str = "", *, fit: bool = False) -> str:
    """The scene as a standalone SVG document (text as text), its description as <title> and <desc>;
    1280 px wide for a notebook-width map, or (fit) as wide as the place it is shown in: JupyterLab shows
    SVG as an <img> without max-width, so a fixed-width picture runs off a narrower notebook."""
    writer = _Writer(scene)
    order = sorted(range(len(scene.marks)), key=lambda k: scene.marks[k].zorder)    # stable, as matplotlib
    for k in order:
        mark = scene.marks[k]
        getattr(writer, mark.kind)(mark)
    width, height = scene.width * PX, scene.height * PX
    description = xml_safe(description or "")
    head = []
    if description:
        head.append(f"<title>{escape_text(short_text(description.splitlines()[0], MAX_TITLE))}</title>")
        head.append(f"<desc>{escape_text(short_text(description, MAX_DESCRIPTION))}</desc>")
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<svg xmlns="http://www.w3.org/2000/svg" '
            + ('width="100%" ' if fit else f'width="{_n(width)}px" height="{_n(height)}px" ')
            + f'viewBox="0 0 {_n(width)} {_n(height)}" font-family="{escape_text(FAMILY)}" role="img" '
            'xml:space="preserve">'
            + "".join(head)
            + f'<rect width="{_n(width)}" height="{_n(height)}" fill="white"/>'
            + "".join(writer.out) + "</svg>\n")
