"""Autograde speed: a cohort of 20 synthetic submissions (benchmarks/_cohort.py).

- per submission: `nbgrader autograde 02_current_state --force` (the course's config,
  hidden checks and all) wall time / 20, against nbgrader's own autograde of a
  one-cell assignment (`assert 1 + 1 == 2`) over the same 20 students in the same
  run; target: within 1.5x. Best of CJM_BENCH_ROUNDS rounds (default 2), the two
  assignments interleaved so that a busy machine slows both alike.
- parallel: `python -m cjm_helpers autograde 02_current_state --jobs 2 --force`
  wall time against the sequential run above; target: faster than sequential.
- the gradebook after the parallel run equals the one after the sequential run
  (every grade, comment and score); target: no difference.

Where a 02 submission's time went before (kernel cells timed with nbclient,
NBGRADER_EXECUTION set, loaded 2-core machine): kernel start 1.0 s; the worked
example's drawing 4.4 s (importing the drawing code 2.3 s, drawing 0.5-0.8 s,
the inline PNG 3-4 s); the builder 0.8 s (ipywidgets and its state, 900 kB of
output written back); all graded cells 0.1 s; kernel shutdown 2.8 s (a stall
after matplotlib and widgets). With cjm_helpers.graded_copy (drawings and the
builder deferred while grading) the same notebook takes 1.4 s in the kernel,
and what is left is nbgrader's own work, the same as for a one-cell notebook.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from _bench import emit  # noqa: E402
from _cohort import ASSIGNMENT, TRIVIAL, gradebook_rows, make_course, nbgrader_autograde, parallel_autograde  # noqa: E402

STUDENTS = 20
JOBS = 2


def timed(run, *args) -> float:
    start = time.perf_counter()
    done = run(*args)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, done.args))} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return seconds


def main() -> None:
    rounds = int(os.environ.get("CJM_BENCH_ROUNDS", "2"))
    with tempfile.TemporaryDirectory(prefix="cjm-bench-autograde-") as folder:
        course = make_course(Path(folder) / "course", students=STUDENTS)
        trivial, course_seq, course_par = [], [], []
        sequential_rows = parallel_rows = None
        for _ in range(rounds):
            trivial.append(timed(nbgrader_autograde, course, TRIVIAL))
            course_seq.append(timed(nbgrader_autograde, course, ASSIGNMENT))
            sequential_rows = gradebook_rows(course)
            course_par.append(timed(parallel_autograde, course, ASSIGNMENT, JOBS))
            parallel_rows = gradebook_rows(course)
    per_trivial, per_course = min(trivial) / STUDENTS, min(course_seq) / STUDENTS
    emit(f"nbgrader autograde {ASSIGNMENT}, per submission ({STUDENTS} students)", per_course, "s",
         per_trivial, "<= 1.5x a one-cell assignment", per_course <= 1.5 * per_trivial)
    emit(f"parallel autograde {ASSIGNMENT}, {JOBS} jobs, {STUDENTS} students (wall)", min(course_par), "s",
         min(course_seq), "faster than sequential nbgrader", min(course_par) < min(course_seq))
    differences = sum(sequential_rows.get(s) != parallel_rows.get(s)
                      for s in set(sequential_rows) | set(parallel_rows))
    emit("parallel gradebook rows differing from sequential (students)", differences, "students",
         len(sequential_rows), "0", differences == 0 and len(sequential_rows) == STUDENTS)


if __name__ == "__main__":
    main()
