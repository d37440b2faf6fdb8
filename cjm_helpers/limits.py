"""The limits of a map file, stated once: every reader checks them at the door.

Real maps (the course's examples, learners' maps, trainers' own) have at most a
dozen stages and a few dozen touchpoints; the limits leave ten times that room.
Beyond them a file is refused at once with a message naming the limit and the
value, so that no input costs unbounded time or memory. The model (field
lengths and counts), the JSON Schema and the README all read these numbers.
"""

from __future__ import annotations

import re
from itertools import accumulate, repeat

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
# nesting_depth: an opening bracket becomes 2 and a closing one 0 (one less: +1 and -1); the rest is dropped
_OPENERS = bytes.maketrans(b"[{]}", b"\x02\x02\x00\x00")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[{]}")
_PLAIN_PYTHON_BRACKETS = 100_000


class LimitError(ValueError):
    """Input beyond a stated limit: what the limit is and what was found."""

    def __init__(self, limit: str, value: str):
        self.limit, self.value = limit, value
        super().__init__(f"{value}; the limit is {limit}")


def check_size(size: int) -> None:
    """Refuse a file larger than MAX_FILE_BYTES (call it before reading the file)."""
    check_file_size(size, MAX_FILE_BYTES, "a map file")


def nesting_depth(raw: bytes) -> int:
    """The deepest nesting of brackets outside JSON strings, found without recursion.

    A real map has a few thousand brackets: counted in plain Python (no numpy
    import, which costs a notebook a tenth of a second); a hostile file's
    millions are counted with numpy."""
    if raw.find(b"[") < 0 and raw.find(b"{") < 0:
        return 0
    brackets = _STRING.sub(b"", raw).translate(_OPENERS, _NOT_BRACKETS)
    if len(brackets) <= _PLAIN_PYTHON_BRACKETS:
        return max(0, max(accumulate(map(int.__sub__, brackets, repeat(1))), default=0))
    import numpy as np

    steps = np.frombuffer(brackets, dtype=np.uint8).astype(np.int64) - 1
    return int(np.cumsum(steps).max(initial=0))


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


# --- event logs and the learner's own files -----------------------------------------------
#
# An event log (the funnel command, lesson 8) is checked at the door like a map file: its size
# before it is read, binary data and line lengths in one pass over the bytes, then rows, columns,
# field lengths and distinct event names while it is parsed. Measured with the funnel command on
# this machine (2 cores): 1,000,000 rows of 6 columns (56 MB) peaked at 420 MB and 1,000,000 rows
# of 20 short columns at 472 MB, too close to 500 MB; at the limits below (half of that) the peak
# is about 250-300 MB either way, 4-8 s depending on the machine's load; the worst found (every row
# a new user, 20 stages, --by 190 segments, --paths) 408 MB, 7.6 s. The course's sample log is
# 4,234 rows (230 kB): a hundred times that fits. Distinct users are bounded by the rows.
# benchmarks/bench_funnel.py measures the largest legal log against the sample in the same run.

MAX_LOG_BYTES = 32 * 1024 * 1024    # an event log: 32 MiB of CSV text (also after gunzip) or of Parquet
MAX_LOG_ROWS = 500_000              # events in a log (the course's sample has 4,234)
MAX_LOG_COLUMNS = 20                # columns of a log (user, event, time and segments such as channel)
MAX_LOG_LINE = 32 * 1024            # bytes of one line of a CSV log
MAX_LOG_FIELD = 1000                # characters of one value (a user id, an event name, a segment)
MAX_LOG_EVENTS = 1000               # distinct event names in a log (a funnel uses a dozen)
MAX_LOG_SEGMENTS = 200              # distinct values of the --by column (the world's countries fit; 200 x 20 stages = 4,000 rows)
MAX_STAGE_FILE_BYTES = 1024 * 1024  # a stage definition file (--stages): 1 MiB
MAX_FUNNEL_STAGES = 20              # stages of a funnel (the course's has 6): the funnel keeps stages x users times

LOG_LIMITS = {
    "file size (CSV text after gunzip, or Parquet data)": f"{MAX_LOG_BYTES:,} bytes",
    "rows (events)": f"{MAX_LOG_ROWS:,}",
    "columns": str(MAX_LOG_COLUMNS),
    "bytes of a line": f"{MAX_LOG_LINE:,}",
    "characters of a value": f"{MAX_LOG_FIELD:,}",
    "distinct event names": f"{MAX_LOG_EVENTS:,}",
    "distinct values of the --by column": f"{MAX_LOG_SEGMENTS:,}",
    "size of a stage file (--stages)": f"{MAX_STAGE_FILE_BYTES:,} bytes",
    "stages of a funnel": str(MAX_FUNNEL_STAGES),
}

# The CPD log holds one line per completed activity: a whole course is some 30 lines of under
# 2 kB each. Beyond these limits the log is refused read-only: nothing is appended, nothing lost.
MAX_CPD_LOG_BYTES = 4 * 1024 * 1024  # the CPD log file (cpd-log.jsonl)
MAX_CPD_LINE = 64 * 1024             # bytes of one record (line) of the CPD log
MAX_SMALL_FILE_BYTES = 1024 * 1024   # the learner's settings and quiz attempts, a roster CSV

CPD_LIMITS = {
    "size of the CPD log": f"{MAX_CPD_LOG_BYTES:,} bytes",
    "bytes of one CPD record (line)": f"{MAX_CPD_LINE:,}",
    "size of learner.json, quiz-attempts.json, a roster CSV": f"{MAX_SMALL_FILE_BYTES:,} bytes",
}


def check_file_size(size: int, limit: int, what: str) -> None:
    """Refuse a file of `size` bytes larger than `limit` (call it before reading); `what` names the kind."""
    if size > limit:
        raise LimitError(f"{limit:,} bytes for {what}", f"the file is {size:,} bytes")


def regular_file_size(handle_or_fd) -> int:
    """The size of an open regular file; a LimitError for a pipe, device or folder (they have no size)."""
    import os
    import stat

    fd = handle_or_fd if isinstance(handle_or_fd, int) else handle_or_fd.fileno()
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        error = LimitError("a regular file", "it is not a regular file")
        error.args = ("it is a pipe, device or folder, not a regular file; only a regular file is read",)
        raise error
    return info.st_size


def open_regular(path, limit: int, what: str, flags: int = 0) -> int:
    """A file descriptor of `path` when it is a regular file of at most `limit` bytes (never blocks on a
    pipe); raises LimitError (closing the descriptor) otherwise, OSError when it cannot be opened."""
    import os

    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | flags)
    try:
        check_file_size(regular_file_size(fd), limit, what)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_bounded(path, limit: int, what: str) -> bytes:
    """The bytes of a small file, refused unread when it is over `limit` or not a regular file."""
    import os

    fd = open_regular(path, limit, what)
    with os.fdopen(fd, "rb") as handle:
        raw = handle.read(limit + 1)    # a file that grew since fstat is still read only to the limit
    check_file_size(len(raw), limit, what)
    return raw


# The course manifest (course.toml) lists every lesson, exercise and page: the course's has 18 entries in
# 5 kB. A trainer's own course of a hundred times that fits.
MAX_COURSE_BYTES = 1024 * 1024       # course.toml
MAX_ACTIVITIES = 2000                # [[activity]] entries
MAX_COURSE_ID = 20                   # characters of an activity id (L01, E02, P01)
MAX_COURSE_PATH = 500                # characters of an activity's notebook path

COURSE_LIMITS = {
    "size of course.toml": f"{MAX_COURSE_BYTES:,} bytes",
    "activities ([[activity]] entries)": f"{MAX_ACTIVITIES:,}",
    "characters of an activity id": str(MAX_COURSE_ID),
    "characters of a path": str(MAX_COURSE_PATH),
    "characters of a title or of cpd_scheme": f"{MAX_TEXT:,}",
}


# The nbgrader gradebook (gradebook.db, SQLite) a trainer's commands read. nbgrader reads it at about
# 1 ms per submission (its submission_dicts, one query per assignment), after some 2-7 s of importing
# nbgrader: measured on this machine (2 cores, loaded), `grades` of 12,000 submissions took 13.8 s and
# 143 MB, so the limit is half that: 500 learners x 12 exercises. benchmarks/bench_bounds.py measures it.
MAX_GRADEBOOK_BYTES = 64 * 1024 * 1024   # gradebook.db (12,000 one-cell submissions are 8.6 MB)
MAX_GRADEBOOK_STUDENTS = 2_000           # students in a gradebook
MAX_GRADEBOOK_ASSIGNMENTS = 50           # assignments in a gradebook
MAX_GRADEBOOK_SUBMISSIONS = 6_000        # submissions (student x assignment) in a gradebook
GRADEBOOK_WAIT_SECONDS = 3               # how long a reader waits for a gradebook another program is writing

GRADEBOOK_LIMITS = {
    "size of the gradebook (gradebook.db)": f"{MAX_GRADEBOOK_BYTES:,} bytes",
    "students in the gradebook": f"{MAX_GRADEBOOK_STUDENTS:,}",
    "assignments in the gradebook": f"{MAX_GRADEBOOK_ASSIGNMENTS:,}",
    "submissions in the gradebook": f"{MAX_GRADEBOOK_SUBMISSIONS:,}",
    "wait for a gradebook another program is writing": f"{GRADEBOOK_WAIT_SECONDS} s",
}
