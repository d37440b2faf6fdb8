"""The area between the emotion curve and zero, as polygons, for the PNG and the SVG alike.

The vertices are those matplotlib's fill_between(x, y, 0, where=y >= 0 (or
<= 0), interpolate=True) makes, so the PNG keeps its pixels, worked out in
plain Python (the SVG is written without numpy or matplotlib) and without
fill_between's masked arrays and unit handling, which cost ten times as much.
"""

from __future__ import annotations

Point = tuple[float, float]


def _interp(at: float, xs: list[float], ys: list[float]) -> float:
    """numpy.interp at one point over one or two samples sorted by xs, to the last bit."""
    if len(xs) == 1 or at < xs[0]:
        return ys[0]
    if at >= xs[-1]:
        return ys[-1]
    if at == xs[0]:
        return ys[0]
    return (ys[1] - ys[0]) / (xs[1] - xs[0]) * (at - xs[0]) + ys[0]


def _sorted_by(keys: list[float], values: list[float]) -> tuple[list[float], list[float]]:
    order = sorted(range(len(keys)), key=keys.__getitem__)     # stable, as numpy's argsort of two
    return [keys[i] for i in order], [values[i] for i in order]


def _crossing(xs: list[float], ys: list[float], index: int) -> Point:
    """Where the curve meets zero between points index - 1 and index (the point itself at either end)."""
    before = max(index - 1, 0)
    x, y = xs[before:index + 1], ys[before:index + 1]
    at = _interp(0.0, *_sorted_by(y, x))
    return at, _interp(at, *_sorted_by(x, y))


def _regions(inside: list[bool]) -> list[tuple[int, int]]:
    """(start, end) of each run of True."""
    runs, start = [], None
    for k, flag in enumerate(inside + [False]):
        if flag and start is None:
            start = k
        elif not flag and start is not None:
            runs.append((start, k))
            start = None
    return runs


def fill_polygons(xs, ys, positive: bool) -> list[list[Point]]:
    """The area above zero (positive) or below it, one polygon a run of points on that side:
    from the crossing before the run, along the curve, to the crossing after it, back along zero."""
    xs, ys = [float(x) for x in xs], [float(y) for y in ys]
    inside = [y >= 0 if positive else y <= 0 for y in ys]
    polygons = []
    for start, end in _regions(inside):
        run = list(zip(xs[start:end], ys[start:end]))
        polygons.append([_crossing(xs, ys, start), *run, _crossing(xs, ys, end),
                         *((x, 0.0) for x in reversed(xs[start:end]))])
    return polygons
