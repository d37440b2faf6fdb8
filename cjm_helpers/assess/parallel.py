"""Autograde a cohort across worker processes into the one gradebook.

    results = autograde_cohort("02_current_state", jobs=2)

nbgrader grades one submission at a time, and its sqlite gradebook does not
take concurrent writers. Here `jobs` worker processes (autograde_worker) each
run nbgrader's own Autograde, configured by the course's nbgrader_config.py,
for one student at a time against a PRIVATE copy of the gradebook taken at
the start of the run, then copy that student's rows (every column nbgrader
stores) into the real gradebook under an exclusive file lock: one writer at
a time, one sqlite transaction per student (gradebook_merge). Students are
disjoint and each starts from the same gradebook as a sequential run would,
so the gradebook ends as sequential `nbgrader autograde` leaves it.

This process only hands out students and collects results (it does not even
import nbgrader). Nothing is lost when a worker dies: its student goes to a
fresh worker with a fresh private copy (and --force, since the half-written
folder would otherwise be skipped) up to `retries` more times, then is
reported as failed; every other student is kept.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..gradebook_file import copy_checked

GRADED, SKIPPED, FAILED = "graded", "skipped", "failed"


@dataclass
class StudentResult:
    """How one student's submission went, with the autograded score now in the gradebook."""

    student: str
    status: str
    score: float | None = None
    max_score: float | None = None
    needs_manual_grade: bool = False
    attempts: int = 1
    seconds: float | None = None
    error: str | None = None
    log: str | None = None

    def summary(self) -> str:
        """One line for the trainer."""
        if self.status == FAILED:
            return f"{self.student}: FAILED: {self.error} (log: {self.log})"
        if self.status == SKIPPED:
            return f"{self.student}: skipped, already autograded (--force grades it again)"
        text = f"{self.student}: {self.score:g} / {self.max_score:g} points autograded"
        if self.needs_manual_grade:
            text += ", answers to mark by hand"
        if self.attempts > 1:
            text += " (graded again after its grading process died)"
        return text + (f" in {self.seconds:.1f} s" if self.seconds is not None else "")


class _Worker:
    """One worker process: students in on stdin, JSON results out on its own pipe."""

    def __init__(self, nbgrader_args: list[str], scratch: Path, cwd: Path, started: list):
        read_fd, write_fd = os.pipe()
        self.log_path = Path(tempfile.mkstemp(prefix="worker-", suffix=".log", dir=scratch)[1])
        self.log_file = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cjm_helpers.assess.autograde_worker", str(write_fd), "--", *nbgrader_args],
            stdin=subprocess.PIPE, stdout=self.log_file, stderr=self.log_file, cwd=cwd,
            pass_fds=(write_fd,), start_new_session=True, text=True,
        )
        os.close(write_fd)
        self.results = os.fdopen(read_fd, "r", encoding="utf-8")
        started.append(self)  # every worker is stopped at the end, whatever happens
        self.facts: dict | None = None  # read on first use, so that workers start side by side

    def ready(self) -> dict:
        """What the worker found (gradebook, students, log folder); {} if it died starting."""
        if self.facts is None:
            self.facts = self._read() or {}
        return self.facts

    def _read(self) -> dict | None:
        line = self.results.readline()
        return json.loads(line) if line else None

    def grade(self, student: str, force: bool, private_db: Path, log: Path) -> dict | None:
        """The worker's result for one student, or None if the worker died."""
        try:
            self.process.stdin.write(f"{student}\t{int(force)}\t{private_db}\t{log}\n")
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            return None
        return self._read()

    def kill(self) -> None:
        """Kill the worker now if it is still running (a grading that took too long)."""
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except OSError:
                pass

    def output(self) -> bytes:
        return self.log_path.read_bytes()[-20000:]

    def stop(self, kill: bool = False) -> None:
        """End the worker (a kernel it left ends itself: ipykernel exits when its parent is gone)."""
        if self.process.poll() is None:  # alive: its process group is still its own
            try:
                if kill:
                    os.killpg(self.process.pid, signal.SIGKILL)
                else:
                    self.process.stdin.close()
            except OSError:
                pass
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        for stream in (self.results, self.log_file, self.process.stdin):
            try:
                stream.close()
            except OSError:
                pass


def autograde_cohort(
    assignment: str,
    jobs: int = 2,
    nbgrader_args: list[str] | None = None,
    root: str | Path = ".",
    retries: int = 1,
    timeout: float | None = None,
    on_start: Callable[[str, int], None] | None = None,
    report: Callable[[StudentResult], None] | None = None,
) -> list[StudentResult]:
    """Grade every submitted student of `assignment` with `jobs` workers: one result per student.

    nbgrader_args go to nbgrader as on its command line (["--force"], ["--student",
    "alice"]); root is the course folder (where nbgrader_config.py is). A
    student not done within `timeout` seconds has its worker killed (then as
    for a worker that died: retried, then reported).
    on_start(student, worker_pid) is called as a worker takes a student,
    report(result) as each student is done. Raises RuntimeError if no worker
    can start (e.g. a broken nbgrader_config.py), with the worker's output.
    """
    root = Path(root).resolve()
    args = [assignment, *(nbgrader_args or [])]
    force = "--force" in args
    scratch = Path(tempfile.mkdtemp(prefix="cjm-autograde-"))
    started: list[_Worker] = []
    stopping = threading.Event()
    interrupted = True
    try:
        workers = [_Worker(args, scratch, root, started) for _ in range(max(1, jobs))]
        facts = workers[0].ready()
        if not facts:
            raise RuntimeError(f"nbgrader could not start in {root}:\n{workers[0].output().decode(errors='replace')}")
        results = _grade_all(assignment, args, force, root, scratch, facts, workers, started, stopping,
                             retries, timeout, on_start, report)
        interrupted = False
        return results
    finally:  # after Ctrl-C or an error, workers are killed rather than left to finish
        stopping.set()
        for worker in list(started):
            worker.stop(kill=interrupted)
        shutil.rmtree(scratch, ignore_errors=True)


def _grade_all(assignment, args, force, root, scratch, facts, workers, started, stopping, retries, timeout,
               on_start, report):
    students = facts["students"]
    if not students:
        return []
    if not Path(facts["db"]).is_file():
        raise RuntimeError(f"{facts['db']}: no gradebook yet; release the assignment first "
                           f"(`make release` or `nbgrader generate_assignment {assignment}`)")
    log_dir = Path(facts["log_dir"])
    log_dir.mkdir(parents=True, exist_ok=True)
    snapshot = scratch / "snapshot.db"     # every student starts from this copy of the gradebook
    copy_checked(facts["db"], snapshot)     # a damaged, locked or foreign gradebook is refused, never written
    todo: queue.Queue = queue.Queue()
    for student in students:
        todo.put((student, 1))
    results: dict[str, StudentResult] = {}
    lock = threading.Lock()

    def finish(result: StudentResult) -> None:
        with lock:
            results[result.student] = result
            if report:
                report(result)

    def serve(worker: _Worker) -> None:
        while not stopping.is_set():
            try:
                student, attempt = todo.get_nowait()
            except queue.Empty:
                break
            if worker is None:
                worker = _Worker(args, scratch, root, started)
            private = scratch / f"{student}-{attempt}.db"
            shutil.copyfile(snapshot, private)
            log = log_dir / f"{student}.log"
            if on_start:
                on_start(student, worker.process.pid)
            answer, timer = None, None
            if worker.ready():  # the time limit counts grading only, not a fresh worker's start
                timer = threading.Timer(timeout, worker.kill) if timeout else None
                if timer:
                    timer.start()
                answer = worker.grade(student, force or attempt > 1, private, log)
            timed_out = timer is not None and not timer.is_alive() and answer is None
            if timer:
                timer.cancel()
            private.unlink(missing_ok=True)
            if stopping.is_set():  # interrupted: the run is over, nothing to retry or report
                break
            if answer is None:  # the worker died: a fresh one takes over, the others go on
                worker.stop(kill=True)
                with open(log, "ab") as kept:  # what the dead worker said, for the trainer
                    kept.write(f"\n--- the grading process died (attempt {attempt}); its output:\n".encode())
                    kept.write(worker.output())
                worker = None
                if attempt <= retries:
                    todo.put((student, attempt + 1))
                else:
                    why = f"not done within {timeout:g} s" if timed_out else "its grading process died"
                    finish(StudentResult(student, FAILED, attempts=attempt, log=str(log),
                                         error=f"{why} ({attempt} attempts)"))
                continue
            finish(StudentResult(
                student, answer["status"], score=answer.get("score"), max_score=answer.get("max_score"),
                needs_manual_grade=answer.get("needs_manual_grade", False), attempts=attempt,
                seconds=answer.get("seconds"), error=answer.get("error"), log=str(log)))

    threads = [threading.Thread(target=serve, args=(w,), daemon=True) for w in workers[:len(students)]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for student in students:  # never silently lost, even if a thread failed unexpectedly
        if student not in results and not stopping.is_set():
            finish(StudentResult(student, FAILED, error="not graded: the grading run failed (see the output above)",
                                 log=str(log_dir / f"{student}.log")))
    return [results[s] for s in students if s in results]
