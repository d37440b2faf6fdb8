"""Unix accounts and groups for a cohort on one machine (run as root).

Thin wrappers over Debian's `useradd`, `usermod`, `groupadd`, `chpasswd` and
`userdel`: every failure is a RosterError that names the account and quotes
the tool's message. Homes are made private (0700) so that no learner can read
another's work.
"""

from __future__ import annotations

import grp
import os
import pwd
import subprocess
from pathlib import Path

from .roster import RosterError, check_username


def require_root(action: str) -> None:
    if os.geteuid() != 0:
        raise RosterError(f"{action} creates Unix accounts: run it as root (sudo)")


def _run(command: list[str], what: str, stdin: str | None = None) -> None:
    done = subprocess.run(command, input=stdin, capture_output=True, text=True)
    if done.returncode != 0:
        raise RosterError(f"{what}: {command[0]} failed: {(done.stderr or done.stdout).strip()}")


def exists(username: str) -> bool:
    try:
        pwd.getpwnam(username)
        return True
    except KeyError:
        return False


def home(username: str) -> Path:
    return Path(pwd.getpwnam(username).pw_dir)


def members(group: str) -> set[str]:
    """The members of a Unix group (empty when the group does not exist)."""
    try:
        entry = grp.getgrnam(group)
    except KeyError:
        return set()
    primary = {p.pw_name for p in pwd.getpwall() if p.pw_gid == entry.gr_gid}
    return set(entry.gr_mem) | primary


def ensure_group(group: str) -> None:
    _run(["groupadd", "--force", group], f"group {group}")


def create_account(username: str, full_name: str, groups: list[str], password: str | None) -> bool:
    """Create the account (True), or add an existing one to the groups (False, password untouched)."""
    check_username(username)
    for group in groups:
        ensure_group(group)
    if exists(username):
        for group in groups:
            _run(["usermod", "--append", "--groups", group, username], f"account {username}")
        return False
    gecos = full_name.replace(",", " ")
    _run(["useradd", "--create-home", "--shell", "/bin/bash", "--comment", gecos,
          "--groups", ",".join(groups), username], f"account {username}")
    os.chmod(home(username), 0o700)
    if password:
        _run(["chpasswd"], f"account {username}", stdin=f"{username}:{password}\n")
    return True


def remove_account(username: str) -> bool:
    """Delete the account and its home (True), or False if there was none."""
    check_username(username)
    if not exists(username):
        return False
    _run(["userdel", "--force", "--remove", username], f"account {username}")
    return True


def chown_tree(path: Path, username: str) -> None:
    entry = pwd.getpwnam(username)
    for folder, dirs, files in os.walk(path):
        os.chown(folder, entry.pw_uid, entry.pw_gid)
        for name in files:
            os.chown(os.path.join(folder, name), entry.pw_uid, entry.pw_gid, follow_symlinks=False)
