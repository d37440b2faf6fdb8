"""The course's Python must be one every cohort account can run.

Learners' servers and kernels run as their own accounts, so the Python of the
course environment (and every folder on its real path) must be open to other
accounts. A course installed as the README says (Debian's python3, the
environment under /opt) is; an environment made from a Python in root's
private home (pyenv under /root) is not, and the hub could start no server.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from .roster import RosterError


def closed_folders(python: str | Path = sys.executable) -> list[Path]:
    """The folders on the real path of `python` that other accounts cannot enter (empty: all is well)."""
    path = Path(os.path.realpath(python))
    return [folder for folder in reversed([path.parent, *path.parent.parents])
            if not folder.stat().st_mode & stat.S_IXOTH]


def require_reachable(python: str | Path = sys.executable) -> None:
    """A RosterError naming the closed folders if other accounts cannot run `python`."""
    closed = closed_folders(python)
    if closed:
        raise RosterError(f"{python}: learners' accounts cannot run this Python ({', '.join(map(str, closed))} "
                          "is closed to other accounts); install the course with a system Python, as the "
                          "README's 'Running a cohort on JupyterHub' shows")
