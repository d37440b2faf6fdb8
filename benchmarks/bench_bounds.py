"""Bounded cost on hostile input: every command refuses at once, within 15 s and 500 MB.

Hostile files are generated in a temporary folder (never committed): JSON nested
100,000 deep, a 200 MB file, 5,000 stages, a 100,000-character title; and the
largest legal map (cjm_helpers.limits) is drawn, checked and exported; the largest legal course.toml is
read by `cpd` and the largest legal gradebook by `grades`. Each
figure is the seconds of one real command-line process, with its peak memory,
against the same run's `python -m cjm_helpers --help` (the cost of starting).

    .venv/bin/python benchmarks/bench_bounds.py
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))

from _bench import emit  # noqa: E402

SECONDS, MEGABYTES = 15, 500


def timed(*args: str) -> tuple[int, float, float]:
    """(exit code, seconds, peak MB) of one command-line process (the tests' measured runner)."""
    from test_limits import run_cli

    result, seconds, peak_mb = run_cli(*args)
    return result.returncode, seconds, peak_mb


def main() -> None:
    from test_draw_bounds import largest_map
    from test_limits import hostile_files

    start_cost = min(timed("--help")[1] for _ in range(3))
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        for name, (path, _) in hostile_files(folder / "hostile").items():
            for command in (["check", str(path)], ["draw", str(path), "-o", str(folder / "x.png")],
                            ["export", str(path), "--to", "csv"]):
                code, seconds, peak = timed(*command)
                emit(f"{command[0]} refuses {name}: seconds (peak {peak:.0f} MB)", seconds, "s", start_cost,
                     f"exit 2, < {SECONDS} s, < {MEGABYTES} MB", code == 2 and seconds < SECONDS and peak < MEGABYTES)
        largest = folder / "largest.json"
        largest.write_text(json.dumps(largest_map()), "utf-8")
        for command in (["check", str(largest)], ["draw", str(largest), "-o", str(folder / "l.png")],
                        ["export", str(largest), "--to", "markdown"]):
            code, seconds, peak = timed(*command)
            emit(f"{command[0]} the largest legal map: seconds (peak {peak:.0f} MB)", seconds, "s", start_cost,
                 f"< {SECONDS} s, < {MEGABYTES} MB", code in (0, 1) and seconds < SECONDS and peak < MEGABYTES)
        course_and_gradebook(folder, start_cost)


def course_and_gradebook(folder: Path, start_cost: float) -> None:
    """The largest legal course.toml (through `cpd`) and gradebook (through `grades`)."""
    import os

    from _gradebook import make_gradebook
    from cjm_helpers import limits

    course = folder / "course"
    course.mkdir()
    entries = "".join(f'\n[[activity]]\nid = "X{i:04d}"\nkind = "exercise"\ntitle = "{"Task " * 20}{i}"\n'
                      f'path = "exercises/x/X{i:04d}.ipynb"\nminutes = 30\npoints = 1\n'
                      for i in range(limits.MAX_ACTIVITIES))
    (course / "course.toml").write_text('[course]\ntitle = "Largest"\n' + entries, "utf-8")
    (folder / "cpd-log.jsonl").write_text("")
    os.environ["CJM_COURSE_ROOT"] = str(course)
    try:
        code, seconds, peak = timed("cpd", "--log", str(folder / "cpd-log.jsonl"), "--name", "Ada")
    finally:
        del os.environ["CJM_COURSE_ROOT"]
    emit(f"cpd with the largest legal course.toml ({limits.MAX_ACTIVITIES:,} activities): seconds "
         f"(peak {peak:.0f} MB)", seconds, "s", start_cost, f"< {SECONDS} s, < {MEGABYTES} MB",
         code == 0 and seconds < SECONDS and peak < MEGABYTES)
    db = folder / "gradebook.db"
    assignments = 12
    make_gradebook(db, limits.MAX_GRADEBOOK_SUBMISSIONS // assignments, assignments)
    code, seconds, peak = timed("grades", "--gradebook", str(db), "-o", str(folder / "grades.csv"))
    emit(f"grades of the largest legal gradebook ({limits.MAX_GRADEBOOK_SUBMISSIONS:,} submissions, "
         f"{db.stat().st_size / 1e6:.1f} MB): seconds (peak {peak:.0f} MB)", seconds, "s", start_cost,
         f"< {SECONDS} s, < {MEGABYTES} MB", code == 0 and seconds < SECONDS and peak < MEGABYTES)


if __name__ == "__main__":
    main()
