"""A face on the emotion curve: its features, drawn by replay.py (PNG, PDF) and svg.py alike.

In face radii from the face's centre, y upwards. (No imports: the SVG of a chart
reads this without the map model.)
"""

from __future__ import annotations

EYE_X, EYE_Y = 0.38, 0.3            # each eye's centre, left and right of the face's, above it
EYE_RX, EYE_RY = 0.1, 0.12          # each eye's half-width and half-height
FLAT_X, FLAT_Y = 0.42, 0.38         # a neutral mouth: a line from -FLAT_X to FLAT_X, FLAT_Y below the centre
MOUTH_RX = 0.55                     # a smile or frown: part of an ellipse this wide (half-width)...
SMILE_Y, SMILE_ARC = 0.12, (200, 340)   # ...its lower part, centred this far below the face's centre
FROWN_Y, FROWN_ARC = 0.62, (20, 160)    # ...its upper part, centred this far below, less its depth


def mouth_depth(feeling: int) -> float:
    """A smile's or frown's half-height: deeper for the strongest feelings."""
    return 0.28 if abs(feeling) == 1 else 0.5
