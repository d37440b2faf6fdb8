"""The limits of a map file, stated once: every reader checks them at the door.

Real maps (the course's examples, learners' maps, trainers' own) have at most a
dozen stages and a few dozen touchpoints; the limits leave ten times that room.
Beyond them a file is refused at once with a message naming the limit and the
value, so that no input costs unbounded time or memory. The model (field
lengths and counts), the JSON Schema and the README all read these numbers.
"""

from __future__ import annotations

import re

MAX_FILE_BYTES = 4 * 1024 * 1024    # a map file: 4 MiB (the largest example is 15 kB)
MAX_DEPTH = 20                      # nesting of JSON objects and lists (a map needs 6)
MAX_STAGES = 100                    # stages in a map
MAX_TOUCHPOINTS = 400               # touchpoints in the whole map
MAX_ITEMS = 50                      # entries of any other list (pain points of a touchpoint, goals, ...)
MAX_TEXT = 2000                     # characters of any text field
MAX_ID = 100                        # characters of an id
MAX_WORDS = 30                      # channels (or owner names) a map declares of its own
MAX_LABEL = 60                      # characters of a channel's or owner's label

LIMITS = {
    "file size": f"{MAX_FILE_BYTES:,} bytes",
    "nesting depth": str(MAX_DEPTH),
    "stages": str(MAX_STAGES),
    "touchpoints in a map": str(MAX_TOUCHPOINTS),
    "entries of any other list": str(MAX_ITEMS),
    "characters of a text field": f"{MAX_TEXT:,}",
    "characters of an id": str(MAX_ID),
    "channels or owner names a map declares": str(MAX_WORDS),
    "characters of a channel or owner label": str(MAX_LABEL),
}

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)


class LimitError(ValueError):
    """Input beyond a stated limit: what the limit is and what was found."""

    def __init__(self, limit: str, value: str):
        self.limit, self.value = limit, value
        super().__init__(f"{value}; the limit is {limit}")


def check_size(size: int) -> None:
    """Refuse a file larger than MAX_FILE_BYTES (call it before reading the file)."""
    if size > MAX_FILE_BYTES:
        raise LimitError(f"{MAX_FILE_BYTES:,} bytes for a map file", f"the file is {size:,} bytes")


def nesting_depth(raw: bytes) -> int:
    """The deepest nesting of brackets outside JSON strings, found without recursion."""
    if raw.find(b"[") < 0 and raw.find(b"{") < 0:
        return 0
    import numpy as np

    step = np.zeros(256, dtype=np.int8)
    step[[ord("["), ord("{")]] = 1
    step[[ord("]"), ord("}")]] = -1
    skeleton = _STRING.sub(b"", raw)
    steps = step[np.frombuffer(skeleton, dtype=np.uint8)]
    steps = steps[steps != 0]
    return int(np.cumsum(steps, dtype=np.int64).max(initial=0))


def check_depth(raw: bytes) -> None:
    """Refuse JSON nested deeper than MAX_DEPTH (call it before json.loads)."""
    depth = nesting_depth(raw)
    if depth > MAX_DEPTH:
        raise LimitError(f"{MAX_DEPTH} levels of nesting", f"objects and lists are nested {depth:,} deep")


def check_nesting(data: object) -> None:
    """Refuse parsed data (dicts and lists) nested deeper than MAX_DEPTH, without recursion."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, (list, tuple)):
            children = value
        else:
            continue
        if depth > MAX_DEPTH:
            raise LimitError(f"{MAX_DEPTH} levels of nesting", f"objects and lists are nested more than "
                                                               f"{MAX_DEPTH} deep")
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list, tuple)))


def check_raw(raw: bytes) -> None:
    """Every limit that can be checked on the bytes of a file, cheapest first."""
    check_size(len(raw))
    check_depth(raw)
