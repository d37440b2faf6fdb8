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

from ..errors import CJMError

USERNAME = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
NAME_COLUMNS = ("full name", "full_name", "name")
MAX_LEARNERS = 2000
MAX_NAME = 200


class RosterError(CJMError):
    """A roster that cannot be used: names the file, line, field and problem."""


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
    """The learners in a roster CSV, in file order; a RosterError for any bad line."""
    path = Path(path)
    try:
        text = path.read_text("utf-8-sig")
    except FileNotFoundError:
        raise RosterError(f"{path}: no such roster file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RosterError(f"{path}: cannot read the roster ({exc})") from None
    rows = csv.reader(text.splitlines())
    header = [h.strip().lower() for h in next(rows, [])]
    if "username" not in header:
        raise RosterError(f"{path}: line 1: the header needs a 'username' column (found: {', '.join(header) or 'nothing'})")
    name_column = next((c for c in NAME_COLUMNS if c in header), None)
    if name_column is None:
        raise RosterError(f"{path}: line 1: the header needs a 'full name' column (found: {', '.join(header)})")
    user_at, name_at = header.index("username"), header.index(name_column)
    learners: dict[str, Learner] = {}
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(user_at, name_at):
            raise RosterError(f"{path}: line {number}: expected a username and a full name, found {row!r}")
        username, full_name = row[user_at].strip(), " ".join(row[name_at].split())
        check_username(username, f"{path}: line {number}: username")
        if not full_name:
            raise RosterError(f"{path}: line {number}: full name: empty for {username}")
        if len(full_name) > MAX_NAME or any(ch in full_name for ch in ":\x00"):
            raise RosterError(f"{path}: line {number}: full name: {full_name[:40]!r} is longer than "
                              f"{MAX_NAME} characters or holds ':'")
        if username in learners:
            raise RosterError(f"{path}: line {number}: username: {username} is listed twice")
        learners[username] = Learner(username, full_name)
        if len(learners) > MAX_LEARNERS:
            raise RosterError(f"{path}: more than {MAX_LEARNERS} learners; split the cohort")
    if not learners:
        raise RosterError(f"{path}: the roster lists no learners")
    return list(learners.values())
