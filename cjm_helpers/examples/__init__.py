"""Example maps shipped with the workbook: every *.json file in this folder is one.

    from cjm_helpers import examples
    examples.names()                       # ['hotel_blueprint', 'language_course_current', ...]
    examples.load("language_course_current")   # a JourneyMap
    examples.path("language_course_future")    # the file, e.g. to copy or to resolve based_on

Adding an example is adding a JSON file here in the map format; no code changes.
"""

from __future__ import annotations

import difflib
from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def names() -> list[str]:
    """The example names, sorted (file names without .json)."""
    return sorted(p.stem for p in FOLDER.glob("*.json"))


def path(name: str) -> Path:
    """The file of a named example; KeyError with a suggestion for an unknown name."""
    file = FOLDER / f"{name}.json"
    if not name or "/" in name or "\\" in name or not file.is_file():
        known = names()
        close = difflib.get_close_matches(str(name), known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise KeyError(f"no example map named {name!r}{hint} (examples: {', '.join(known)})")
    return file


def load(name: str):
    """The named example as a JourneyMap."""
    from ..storage import load_map

    return load_map(path(name))
