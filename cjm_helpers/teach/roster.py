"""The cohort's roster: a CSV of learners (username, full name), read and checked.

A roster file has a header row with the columns `username` and `full name`
(`full_name` and `name` are accepted too); other columns are ignored. A
username becomes a Unix account and an nbgrader student id, so it must be
lower-case letters, digits, `_` or `-`, start with a letter and be at most
32 characters. Every problem names the file, the line and the field.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import CJMError, problems_in_a_line

USERNAME = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
NAME_COLUMNS = ("full name", "full_name", "name")
MAX_LEARNERS = 2000
MAX_NAME = 200
SHOWN_PROBLEMS = 10     # bad lines spelled out in one message


class RosterError(CJMError):
    """A roster that cannot be used: names the file, line, field and problem (`problems`: every bad line)."""

    what = "not a usable roster"
    most_shown = SHOWN_PROBLEMS

    def __init__(self, message: str, path: str | Path | None = None, problems: list[str] | None = None):
        self.path, self.problems = (str(path) if path is not None else None), list(problems or [])
        super().__init__(message)


@dataclass(frozen=True)
class Learner:
    """One person on the roster."""

    username: str
    full_name: str

    @property
    def first_name(self) -> str:
        parts = self.full_name.split()
        return " ".join(parts[:-1]) if len(parts) > 1 else self.full_name

    @property
    def last_name(self) -> str:
        parts = self.full_name.split()
        return parts[-1] if len(parts) > 1 else ""


def check_username(username: str, where: str = "username") -> str:
    """The username if it is a safe account name, else a RosterError saying why."""
    if not USERNAME.match(username):
        raise RosterError(f"{where}: {username!r} is not a usable account name; use lower-case letters, "
                          "digits, '_' or '-', starting with a letter, at most 32 characters")
    return username


def read_roster(path: str | Path) -> list[Learner]:
    """The learners in a roster CSV, in file order; a RosterError listing every bad line at once.

    The file is refused unread beyond limits.MAX_SMALL_FILE_BYTES (2,000 learners need about 100 kB)."""
    from .. import limits

    path = Path(path)
    try:
        text = limits.read_bounded(path, limits.MAX_SMALL_FILE_BYTES, "a roster").decode("utf-8-sig")
    except FileNotFoundError:
        raise RosterError(f"{path}: no such roster file") from None
    except limits.LimitError as exc:
        raise RosterError(f"{path}: refused: {exc}; split the cohort into several rosters") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RosterError(f"{path}: cannot read the roster ({exc})") from None
    rows = csv.reader(text.splitlines())
    try:
        header = [h.strip().lower() for h in next(rows, [])]
    except csv.Error as exc:
        raise RosterError(f"{path}: line 1: not a CSV header ({exc})") from None
    if "username" not in header:
        raise RosterError(f"{path}: line 1: the header needs a 'username' column (found: {', '.join(header) or 'nothing'})")
    name_column = next((c for c in NAME_COLUMNS if c in header), None)
    if name_column is None:
        raise RosterError(f"{path}: line 1: the header needs a 'full name' column (found: {', '.join(header)})")
    user_at, name_at = header.index("username"), header.index(name_column)
    learners: dict[str, Learner] = {}
    problems: list[str] = []
    try:
        for number, row in enumerate(rows, start=2):
            problem = _learner(row, number, user_at, name_at, learners)
            if problem:
                problems.append(problem)
    except csv.Error as exc:
        problems.append(f"line {rows.line_num}: not CSV ({exc})")
    if len(learners) > MAX_LEARNERS:
        problems.insert(0, f"{len(learners):,} learners; the limit is {MAX_LEARNERS:,} learners in a roster "
                           "(split the cohort)")
    if problems:
        raise RosterError(f"{path}: {problems_in_a_line(problems, SHOWN_PROBLEMS)}", path, problems)
    if not learners:
        raise RosterError(f"{path}: the roster lists no learners")
    return list(learners.values())


def _learner(row: list[str], number: int, user_at: int, name_at: int, learners: dict[str, Learner]) -> str:
    """Add the learner of one roster line to `learners`; the line's problem, or "" when it is fine."""
    if not any(cell.strip() for cell in row):
        return ""
    if len(row) <= max(user_at, name_at):
        return f"line {number}: expected a username and a full name, found {row[:4]!r}"[:300]
    username, full_name = row[user_at].strip(), " ".join(row[name_at].split())
    try:
        check_username(username[:100], f"line {number}: username")
    except RosterError as exc:
        return str(exc)
    if not full_name:
        return f"line {number}: full name: empty for {username}"
    if len(full_name) > MAX_NAME or any(ch in full_name for ch in ":\x00"):
        return (f"line {number}: full name: {full_name[:40]!r} is longer than {MAX_NAME} characters "
                "or holds ':'")
    if username in learners:
        return f"line {number}: username: {username} is listed twice"
    learners[username] = Learner(username, full_name)
    return ""
