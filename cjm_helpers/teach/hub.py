"""A cohort on one JupyterHub machine: who is in it, where its files are, and adding a roster.

The conventions nbgrader documents for a hub, in one place:

- JupyterHub groups and Unix groups `nbgrader-<course>` (learners) and
  `formgrade-<course>` (trainers); hub/jupyterhub_config.py reads them.
- The exchange root (default /usr/local/share/nbgrader/exchange) is root's,
  mode 1777: anyone may create entries, nobody may remove another's (the
  sticky bit). The course folder in it belongs to the trainer; nbgrader's own
  release_assignment then makes `inbound` write-only for learners, so a
  learner can hand in but can never list (hence never find) anyone's
  submission, each named with a random string.
- The course in every home: `~/cjm-workbook` with the lessons and the
  manifest for a learner (exercises arrive through the Assignments tab into
  `~/cjm-workbook/exercises`), the whole course (solutions, nbgrader config,
  trainer notebooks) for a trainer, who runs nbgrader from that folder.
"""

from __future__ import annotations

import csv
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..course import find_root
from . import accounts
from .python import require_reachable
from .roster import Learner, RosterError, check_username, read_roster

COURSE_FOLDER = "cjm-workbook"
DEFAULT_EXCHANGE = "/usr/local/share/nbgrader/exchange"
LEARNER_COPY = ("course.toml", "lessons")
TRAINER_COPY = ("course.toml", "lessons", "solutions", "exercises", "trainer", "workshop", "nbgrader_config.py")
SKIP = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "my_*.json", "*.bak", "*.corrupt",
                              "my_cpd_record.*")


@dataclass(frozen=True)
class Cohort:
    """One course on one hub: its id, exchange folder and course source."""

    course_id: str = field(default_factory=lambda: os.environ.get("CJM_COURSE_ID", "cjm-workbook"))
    exchange: Path = field(default_factory=lambda: Path(os.environ.get("CJM_EXCHANGE", DEFAULT_EXCHANGE)))
    source: Path = field(default_factory=find_root)
    # the Python of members' servers, kernels and nbgrader runs (must be reachable: teach/python.py)
    python: Path = field(default_factory=lambda: Path(sys.executable))

    @property
    def learner_group(self) -> str:
        return f"nbgrader-{self.course_id}"

    @property
    def trainer_group(self) -> str:
        return f"formgrade-{self.course_id}"

    @property
    def course_exchange(self) -> Path:
        return self.exchange / self.course_id

    def course_folder(self, username: str) -> Path:
        return accounts.home(username) / COURSE_FOLDER

    def environment(self, username: str) -> dict[str, str]:
        """What a cohort member's processes need: the venv, the course id, the hub's nbgrader settings."""
        env = {
            "HOME": str(accounts.home(username)), "USER": username, "LOGNAME": username,
            "PATH": f"{self.python.parent}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
            "CJM_COURSE_ID": self.course_id, "CJM_EXCHANGE": str(self.exchange),
            "LANG": "C.UTF-8",
        }
        config = [str(self.source / "hub" / "jupyter")]
        if username in accounts.members(self.trainer_group):
            env["CJM_TRAINER_COURSE"] = str(self.course_folder(username))
        else:  # a learner: no Formgrader, no assignment-creation tools
            config.insert(0, str(self.source / "hub" / "jupyter-learner"))
        env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(config)
        return env


@dataclass
class RosterResult:
    """What `add_roster` did: accounts created (with their first passwords) and accounts kept."""

    created: dict[str, str] = field(default_factory=dict)
    existing: list[str] = field(default_factory=list)
    copied: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{len(self.created)} accounts created, {len(self.existing)} already there; "
                f"the course copied into {len(self.copied)} homes")


def run_as(cohort: Cohort, username: str, command: list[str], cwd: Path | None = None,
           timeout: float = 600) -> subprocess.CompletedProcess:
    """Run a command as a cohort member (runuser), with the cohort's environment."""
    env = cohort.environment(username)
    return subprocess.run(["runuser", "-u", username, "--", "env", "-i", *(f"{k}={v}" for k, v in env.items()),
                           *command], cwd=cwd or env["HOME"], capture_output=True, text=True, timeout=timeout)


def copy_course(cohort: Cohort, username: str, trainer: bool = False) -> bool:
    """Copy the course into the member's home (True); an existing copy is left alone (False)."""
    target = cohort.course_folder(username)
    if not copy_course_files(cohort.source, target, trainer):
        return False
    accounts.chown_tree(target, username)
    return True


def copy_course_files(source: Path, target: Path, trainer: bool = False) -> bool:
    """Copy a learner's (or a trainer's) part of the course from source to target, unless target exists."""
    if target.exists():
        return False
    target.mkdir(parents=True)
    for name in TRAINER_COPY if trainer else LEARNER_COPY:
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name, ignore=SKIP)
        elif (source / name).exists():
            shutil.copy2(source / name, target / name)
    (target / "exercises").mkdir(exist_ok=True)
    return True


def prepare_exchange(cohort: Cohort, trainer: str) -> Path:
    """The exchange root (root's, 1777) and the course folder in it (the trainer's, 0755)."""
    cohort.exchange.mkdir(parents=True, exist_ok=True)
    os.chown(cohort.exchange, 0, 0)
    os.chmod(cohort.exchange, 0o1777)
    course = cohort.course_exchange
    course.mkdir(exist_ok=True)
    entry = accounts.pwd.getpwnam(trainer)
    if course.stat().st_uid != entry.pw_uid:
        os.chown(course, entry.pw_uid, entry.pw_gid)
    os.chmod(course, 0o755)
    return course


def students_csv(learners: list[Learner], folder: Path) -> Path:
    """The learners in nbgrader's student-import format (id, first_name, last_name), in folder."""
    with tempfile.NamedTemporaryFile("w", suffix=".csv", dir=folder, delete=False, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "first_name", "last_name"])
        for learner in learners:
            writer.writerow([learner.username, learner.first_name, learner.last_name])
    os.chmod(handle.name, 0o644)
    return Path(handle.name)


def import_students(learners: list[Learner], folder: Path, run=None) -> None:
    """`nbgrader db student import` in the course folder (as the trainer when `run` switches user)."""
    listing = students_csv(learners, folder)
    command = ["-m", "nbgrader", "db", "student", "import", str(listing)]
    try:
        done = run(command) if run else subprocess.run([sys.executable, *command], cwd=folder,
                                                       capture_output=True, text=True, timeout=600)
    finally:
        listing.unlink()
    if done.returncode != 0:
        raise RosterError(f"nbgrader students in {folder}: {(done.stderr or done.stdout).strip()[-800:]}")


def add_students(cohort: Cohort, trainer: str, learners: list[Learner]) -> None:
    """Add the learners to the trainer's nbgrader gradebook, as the trainer."""
    folder = cohort.course_folder(trainer)
    import_students(learners, folder,
                    run=lambda command: run_as(cohort, trainer, [str(cohort.python), *command], cwd=folder))


def add_roster(roster: str | Path, cohort: Cohort | None = None, trainer: str | None = None,
               passwords: dict[str, str] | None = None) -> RosterResult:
    """Accounts, course copies and nbgrader students for every learner on the roster (run as root).

    New accounts get the password from `passwords` or a random one (returned
    in the result, for the trainer to hand out); existing accounts keep theirs.
    """
    accounts.require_root("roster add")
    cohort = cohort or Cohort()
    require_reachable(cohort.python)
    learners = read_roster(roster)
    passwords = passwords or {}
    result = RosterResult()
    if trainer:
        check_username(trainer, "--trainer")
        _add(result, trainer, trainer, [cohort.trainer_group], passwords, cohort, is_trainer=True)
        prepare_exchange(cohort, trainer)
    for learner in learners:
        _add(result, learner.username, learner.full_name, [cohort.learner_group], passwords, cohort)
    if trainer:
        add_students(cohort, trainer, learners)
    return result


def _add(result: RosterResult, username: str, full_name: str, groups: list[str], passwords: dict[str, str],
         cohort: Cohort, is_trainer: bool = False) -> None:
    password = passwords.get(username) or secrets.token_urlsafe(9)
    if accounts.create_account(username, full_name, groups, password):
        result.created[username] = password
    else:
        result.existing.append(username)
    if copy_course(cohort, username, trainer=is_trainer):
        result.copied.append(username)


def remove_roster(roster: str | Path, cohort: Cohort | None = None, trainer: str | None = None) -> list[str]:
    """Delete the roster's accounts and homes (and the trainer's, when named); returns who was removed."""
    accounts.require_root("roster remove")
    names = [learner.username for learner in read_roster(roster)] + ([trainer] if trainer else [])
    return [name for name in names if accounts.remove_account(name)]
