"""Colours and marks that stay distinct for colour-blind readers (Okabe and Ito, 2008).

Nothing is told by colour alone: feelings also have faces, pain-point severity
has a count of "!" marks, moments of truth a star.

This module imports nothing, so the analytics plots and the cohort figure share the
colours without loading the drawing package; the drawings read it as cjm_helpers.draw.palette.
"""

from __future__ import annotations

# Okabe-Ito
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"

INK = "#222222"            # body text
MUTED = "#555555"          # secondary text, lane labels
RULE = "#C8C8C8"           # thin lines between lanes
HEADER = "#1F3A5F"         # stage header fill (white text on it)
HEADER_TEXT = "#FFFFFF"
STAGE_TINTS = ("#F4F6F9", "#FFFFFF")   # alternating stage column backgrounds
CURVE = "#333333"

# feeling -2..+2: orange side unhappy, blue side happy (safe for red-green deficiency)
FEELING_COLOURS = {-2: VERMILLION, -1: ORANGE, 0: "#BDBDBD", 1: SKY_BLUE, 2: BLUE}
FEELING_WORDS = {-2: "very unhappy", -1: "unhappy", 0: "neutral", 1: "happy", 2: "very happy"}
POSITIVE_FILL = "#D6EAF8"
NEGATIVE_FILL = "#FBE3D3"

# pain point severity 1..3: marks and text colours (dark enough to read on white)
SEVERITY_MARKS = {1: "!", 2: "!!", 3: "!!!"}
SEVERITY_COLOURS = {1: "#6B6B6B", 2: "#9A5B00", 3: "#B34700"}
SEVERITY_WORDS = {1: "minor", 2: "serious", 3: "critical"}

MOMENT_OF_TRUTH = "★"
OPPORTUNITY_COLOUR = "#00664A"     # dark bluish green
FAIL_POINT_COLOUR = VERMILLION
WAIT_COLOUR = "#7A4E9C"            # dark purple

CURRENT_COLOUR = ORANGE
FUTURE_COLOUR = BLUE


def feeling_colour(feeling: int | None) -> str:
    """Face colour for a feeling (grey when unknown)."""
    return FEELING_COLOURS.get(feeling, "#E0E0E0")
