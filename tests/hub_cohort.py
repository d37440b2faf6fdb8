"""A throw-away cohort on a real JupyterHub for tests (root only): accounts, exchange, hub, clean-up.

    with cohort_hub(tmp) as hub:        # trainer + learners a and b, hub on free loopback ports
        hub.url, hub.trainer, hub.learners, hub.passwords
        hub.as_trainer(["nbgrader", ...])

Account names are unique per run (cjmtest_a_<random>). The build machines'
Python lives in root's private home (pyenv under /root), which the learners'
servers could not run: the folders on its path get other-accounts' search
permission (x, not read) while the hub runs, and their modes are restored.
On leaving, even after a failure, the hub is stopped, every process still owned by the test accounts
is killed by its pid, and the accounts, their homes, the groups, the exchange
and the hub's state are removed.
"""

from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from browser import ROOT, free_port, wait_for_url

from cjm_helpers.teach import accounts
from cjm_helpers.teach.hub import Cohort, add_roster, run_as
from cjm_helpers.teach.python import closed_folders

LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                        "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"autoStartDefaultKernel": True,
                                                                   "windowingMode": "none"},
}


LOCK = Path(tempfile.gettempdir()) / "cjm-test-python-open.lock"


@contextmanager
def python_open_to_accounts():
    """Give other accounts search permission on the folders above this Python while any test needs it.

    Tests may run in parallel (pytest-xdist): a count kept under a file lock
    opens the folders for the first user and restores their modes after the last.
    """
    import fcntl

    if os.geteuid() != 0:  # only root may open them; without it the hub names what is closed
        yield
        return

    def update(step: int) -> None:
        with open(LOCK, "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            handle.seek(0)
            state = json.loads(handle.read() or '{"count": 0, "modes": {}}')
            if step > 0 and state["count"] == 0:
                state["modes"] = {str(f): stat.S_IMODE(f.stat().st_mode) for f in closed_folders()}
                for folder, mode in state["modes"].items():
                    os.chmod(folder, mode | stat.S_IXOTH)
            state["count"] = max(0, state["count"] + step)
            if step < 0 and state["count"] == 0:
                for folder, mode in state["modes"].items():
                    os.chmod(folder, mode)
                state["modes"] = {}
            handle.seek(0)
            handle.truncate()
            handle.write(json.dumps(state))

    update(+1)
    try:
        yield
    finally:
        update(-1)


@dataclass
class CohortHub:
    url: str
    cohort: Cohort
    trainer: str
    learners: dict[str, str]  # short name (a, b) -> account
    passwords: dict[str, str]
    log: Path
    timings: dict[str, float] = field(default_factory=dict)

    def as_trainer(self, args: list[str], timeout: float = 600) -> str:
        """Run `python -m ARGS` as the trainer in the trainer's course folder; fail with its output."""
        done = run_as(self.cohort, self.trainer, [str(self.cohort.python), "-m", *args],
                      cwd=self.cohort.course_folder(self.trainer), timeout=timeout)
        assert done.returncode == 0, f"{' '.join(args)} as the trainer failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
        return done.stdout + done.stderr

    def as_learner(self, short: str, code: str) -> dict:
        """Run Python code as a learner's account (the identity of their kernel); it prints one JSON object."""
        account = self.learners[short]
        done = run_as(self.cohort, account, [str(self.cohort.python), "-c", code], timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    def log_text(self, tail: int = 5000) -> str:
        text = self.log.read_text("utf-8", errors="replace")
        return text[-tail:] if tail else text


def _lab_settings(account: str) -> None:
    home = accounts.home(account)
    for name, values in LAB_SETTINGS.items():
        path = home / ".jupyter" / "lab" / "user-settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), "utf-8")
    accounts.chown_tree(home / ".jupyter", account)


def _wait_up(url: str, process: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    wait_for_url(f"{url}/hub/api", process, lambda: log.read_text("utf-8")[-4000:], timeout, "the hub", 0.3)


def _kill_leftovers(uids: set[int]) -> None:
    """SIGKILL the processes our hub started for the test accounts (found by uid, killed by pid)."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid in uids:
                    os.kill(int(entry.name), signal.SIGKILL)
            except (OSError, ProcessLookupError):
                pass


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        except ProcessLookupError:
            pass


@contextmanager
def cohort_hub(base: Path, assignment_source: Path = ROOT):
    """A trainer and learners a, b on a hub at a free loopback port; everything removed afterwards."""
    tag = secrets.token_hex(3)
    work = Path(tempfile.mkdtemp(prefix=f"cjm-hub-{tag}-", dir="/tmp"))
    os.chmod(work, 0o755)
    trainer = f"cjmtest_t_{tag}"
    learners = {"a": f"cjmtest_a_{tag}", "b": f"cjmtest_b_{tag}"}
    names = [trainer, *learners.values()]
    passwords = {name: secrets.token_urlsafe(12) for name in names}
    cohort = Cohort(course_id=f"cjmtest-{tag}", exchange=work / "exchange", source=assignment_source)
    process = None
    uids: set[int] = set()
    opener = python_open_to_accounts()
    opener.__enter__()
    try:
        roster = work / "roster.csv"
        roster.write_text("username,full name\n" + f"{learners['a']},Ada Lovelace\n{learners['b']},Bo Byte\n",
                          "utf-8")
        add_roster(roster, cohort, trainer=trainer, passwords=passwords)
        uids = {pwd.getpwnam(name).pw_uid for name in names}
        for name in names:
            _lab_settings(name)
        port = free_port()
        env = dict(os.environ, HUB_PORT=str(port), HUB_API_PORT=str(free_port()),
                   HUB_PROXY_API_PORT=str(free_port()), CJM_COURSE_ID=cohort.course_id,
                   CJM_EXCHANGE=str(cohort.exchange), CJM_HUB_STATE=str(work / "state"))
        log = work / "hub.log"
        started = time.monotonic()
        with open(log, "wb") as handle:
            # `make hub` as a trainer types it (without its install step)
            process = subprocess.Popen(["make", "--no-print-directory", "-o", "install-hub", "hub",
                                        f"BIN={Path(sys.executable).parent}"],
                                       cwd=assignment_source, env=env, stdout=handle, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        url = f"http://127.0.0.1:{port}"
        _wait_up(url, process, log)
        hub = CohortHub(url=url, cohort=cohort, trainer=trainer, learners=learners, passwords=passwords, log=log)
        hub.timings["hub_start_s"] = round(time.monotonic() - started, 1)
        yield hub
    finally:
        if process is not None:
            _stop(process)
        _kill_leftovers(uids)
        for name in names:
            try:
                accounts.remove_account(name)
            except Exception:  # noqa: BLE001 - clean up the rest whatever happens
                pass
        for group in (cohort.learner_group, cohort.trainer_group):
            subprocess.run(["groupdel", group], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
        opener.__exit__(None, None, None)
