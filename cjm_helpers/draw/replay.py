"""A scene replayed on matplotlib: the JourneyFigure a drawing's PNG and PDF are made from.

Each mark is drawn with the same matplotlib calls, keywords and order the drawing
code used before scenes (one full-figure axes in inches, y downwards; a pane is a
transform on it; boxes, rules and faces as a few collections), so the pixels
are the same. Imported only when a PNG, a PDF or a Figure is asked for.
"""

from __future__ import annotations

from functools import lru_cache

import matplotlib
import numpy as np
from matplotlib.collections import LineCollection, PathCollection, PolyCollection
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.path import Path
from matplotlib.transforms import Affine2D, Bbox, TransformedBbox, TransformedPatchPath

from . import face, fonts, palette
from .area import fill_polygons
from .figure import JourneyFigure, blank_figure
from .plain_text import PlainText
from .scene import Pane, Scene


@lru_cache(maxsize=64)
def _font(size: float, weight: str, style: str, families: tuple) -> FontProperties:
    """A cell text's font, made once (a Text copies it; making one from the rc settings for
    every text was a tenth of building a map)."""
    return FontProperties(family=list(families), size=size, weight=weight, style=style)


def font_for(size: float, weight: str = "normal", style: str = "normal") -> FontProperties:
    """The drawings' font, then the installed fallbacks (fonts.py): the PDF backend draws each character
    in the first family that has it (the PNG canvas finds the same chain itself, canvas.chain_for)."""
    families = (*matplotlib.rcParams["font.family"], *fonts.register_installed())
    return _font(float(size), weight, style, families)


def _theta_stretch(theta: float, scale: float) -> float:
    """An arc's angle on a stretched ellipse, as matplotlib's Arc computes it."""
    rad = np.deg2rad(theta)
    return float((np.rad2deg(np.arctan2(scale * np.sin(rad), np.cos(rad))) + 360) % 360)


def _ellipse(x: float, y: float, width: float, height: float, unit: Path) -> Path:
    return unit.transformed(Affine2D().scale(width * 0.5, height * 0.5).translate(x, y))


def face_collections(faces: list[tuple], zorder: float) -> list:
    """Discs, eyes and mouths of faces (x, y, feeling, sx, sy, radius) as (collection, zorder), one
    collection each."""
    circle = Path.unit_circle()
    discs, colours, unset, eyes, arcs, flat = [], [], [], [], [], []
    for x, y, feeling, sx, sy, radius in faces:
        rx, ry = radius * sx, radius * sy
        h = abs(ry)
        if feeling is None:
            unset.append(_ellipse(x, y, 2 * rx, 2 * h, circle))
            continue
        discs.append(_ellipse(x, y, 2 * rx, 2 * h, circle))
        colours.append(palette.feeling_colour(feeling))
        for dx in (-face.EYE_X, face.EYE_X):
            eyes.append(_ellipse(x + dx * rx, y + face.EYE_Y * ry, 2 * face.EYE_RX * rx, 2 * face.EYE_RY * h, circle))
        if feeling == 0:
            flat.append([(x - face.FLAT_X * rx, y - face.FLAT_Y * ry), (x + face.FLAT_X * rx, y - face.FLAT_Y * ry)])
            continue
        depth = face.mouth_depth(feeling)
        lower, upper = (face.SMILE_ARC, face.FROWN_ARC) if ry > 0 else (face.FROWN_ARC, face.SMILE_ARC)
        width, height = 2 * face.MOUTH_RX * rx, 2 * depth * h
        if feeling > 0:     # smile: the lower half of an ellipse
            centre, (t1, t2) = (x, y - face.SMILE_Y * ry), lower
        else:               # frown: the upper half, lower down
            centre, (t1, t2) = (x, y - face.FROWN_Y * ry + depth * ry), upper
        if width != height:
            t1, t2 = _theta_stretch(t1, width / height), _theta_stretch(t2, width / height)
        arcs.append(Path.arc(t1, t2).transformed(Affine2D().scale(width * 0.5, height * 0.5).translate(*centre)))
    layers = []
    if unset:
        layers.append((PathCollection(unset, facecolors="white", edgecolors="#9E9E9E", linewidths=1,
                                      linestyles=[(0, (2, 1.5))]), zorder))
    if discs:
        layers.append((PathCollection(discs, facecolors=colours, edgecolors=palette.INK, linewidths=0.9), zorder))
        layers.append((PathCollection(eyes, facecolors=palette.INK, edgecolors="none"), zorder + 0.1))
    if arcs:
        layers.append((PathCollection(arcs, facecolors="none", edgecolors=palette.INK, linewidths=1.1),
                       zorder + 0.1))
    if flat:
        layers.append((LineCollection(flat, colors=palette.INK, linewidths=1.1, capstyle="round"), zorder + 0.1))
    return layers


class _Panes:
    """Each pane's transform and clip box, made once."""

    def __init__(self, ax):
        self.ax, self.found = ax, {}

    def __call__(self, pane: Pane | None):
        if pane is None:
            return self.ax.transData, None
        found = self.found.get(id(pane))
        if found is None:
            x, y, w, h = pane.rect
            low, high = pane.limits
            span = high - low
            transform = (Affine2D().scale(w / pane.n_columns, -h / span).translate(x, y + high * h / span)
                         + self.ax.transData)
            clip = TransformedBbox(Bbox.from_extents(0, low, pane.n_columns, high), transform)
            found = self.found[id(pane)] = (transform, clip)
        return found


def figure_of(scene: Scene) -> JourneyFigure:
    """A new JourneyFigure (not shown by itself in a notebook) with every mark of the scene."""
    fig = blank_figure(scene.width, scene.height)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, scene.width)
    ax.set_ylim(scene.height, 0)
    ax.set_axis_off()
    # the axes' clip region, worked out once (ax.text would work it out again for every text;
    # texts are not clipped, clip_on is False, so it changes nothing drawn)
    axes_clip = TransformedPatchPath(ax.patch)
    panes = _Panes(ax)
    for mark in scene.marks:
        transform, clip = panes(mark.pane)
        kind, style = mark.kind, dict(mark.style)
        if kind == "text":
            x, y, s = mark.args
            if "font" in style:
                style["fontproperties"] = font_for(*style.pop("font"))
            else:
                style["fontproperties"] = font_for(style.pop("fontsize", matplotlib.rcParams["font.size"]),
                                                   style.pop("weight", "normal"), style.pop("style", "normal"))
            # as ax.text makes it (its defaults), drawn as written (plain_text.py)
            artist = PlainText(x, y, s, zorder=mark.zorder, clip_path=axes_clip, clip_on=False,
                               transform=transform, **{"va": "baseline", "ha": "left", **style})
            ax.add_artist(artist)
        elif kind == "plot":
            if mark.pane is None:
                (artist,) = ax.plot(*mark.args, zorder=mark.zorder, **style)
            else:
                artist = Line2D(*mark.args, **style)
                artist.set_transform(transform)
                artist.set_zorder(mark.zorder)
                ax.add_artist(artist)
                artist.set_clip_box(clip)
        elif kind == "polys":
            artist = PolyCollection(mark.args[0], edgecolors="none", linewidths=0, **style)
            artist.set_zorder(mark.zorder)
            ax.add_collection(artist, autolim=False)
        elif kind == "segments":
            artist = LineCollection(mark.args[0], **style)
            if mark.pane is None:
                artist.set_zorder(mark.zorder)
                ax.add_collection(artist, autolim=False)
            else:
                artist.set_transform(transform)
                artist.set_zorder(mark.zorder)
                ax.add_artist(artist)
                artist.set_clip_box(clip)
        elif kind == "faces":
            for collection, z in face_collections(mark.args[0], mark.zorder):
                collection.set_transform(transform)
                collection.set_zorder(z)
                ax.add_collection(collection, autolim=False)
                if mark.clip:
                    collection.set_clip_box(clip)
            continue
        elif kind == "fill":
            artist = PolyCollection(fill_polygons(*mark.args), color=style["color"])
            artist.set_transform(transform)
            artist.set_zorder(mark.zorder)
            ax.add_collection(artist, autolim=False)
            artist.set_clip_box(clip)
        elif kind == "annotate":
            xy, xytext = mark.args
            artist = ax.annotate("", xy, xytext, xycoords=transform, zorder=mark.zorder, **style)
        else:
            raise ValueError(f"a scene mark of unknown kind {kind!r}")
        for name, value in mark.extra.items():
            setattr(artist, name, value)
    return fig
