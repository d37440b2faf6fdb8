"""Core speed: importing cjm_helpers, and checking maps.

- import: `python -c "import cjm_helpers"` against `python -c pass` (same run, best of 7);
  target: the import adds under 0.3 s.
- check of a 12-stage, 60-touchpoint map file: check_map (loading included) against
  json.loads of the same file; target under 10 ms.
- check of a 100-stage, 400-touchpoint map (the limits of cjm_helpers.limits): target under 0.5 s.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from _bench import best_of, emit  # noqa: E402
from cjm_helpers import check_map, examples, save_map  # noqa: E402
from cjm_helpers.storage import map_from_dict  # noqa: E402


def run_python(code: str) -> None:
    subprocess.run([sys.executable, "-c", code], check=True, cwd=HERE.parent)


def big_map(stages: int, touchpoints_per_stage: int):
    """A realistic map grown from the language-course example: unique ids, pain points, feelings."""
    base = examples.load("language_course_current").to_dict()
    pool = [tp for s in base["stages"] for tp in s["touchpoints"]]
    data = dict(base, stages=[])
    k = 0
    for n in range(stages):
        tps = []
        for _ in range(touchpoints_per_stage):
            tp = pool[k % len(pool)]
            tps.append(dict(tp, id=f"t{k}", pain_points=[dict(p, id=f"p{k}-{i}") for i, p in enumerate(tp["pain_points"])]))
            k += 1
        data["stages"].append({"name": f"Stage {n + 1}", "goal": "", "touchpoints": tps})
    return map_from_dict(data)


def bench_check(name: str, stages: int, per_stage: int, target_s: float, folder: Path) -> None:
    path = save_map(big_map(stages, per_stage), folder / f"{name}.json")
    text = path.read_text("utf-8")
    report = check_map(path)
    assert report.loaded and not [f for f in report.findings if f.rule == "checks.internal"]
    baseline = best_of(lambda: json.loads(text), repeat=7, number=5)
    value = best_of(lambda: check_map(path), repeat=7, number=5)
    emit(name, value, "s", baseline, f"< {target_s * 1000:g} ms", value < target_s)


def main() -> None:
    bare = best_of(lambda: run_python("pass"), repeat=7)
    with_pkg = best_of(lambda: run_python("import cjm_helpers"), repeat=7)
    added = with_pkg - bare
    emit("import cjm_helpers (added seconds)", added, "s", bare, "< 0.3 s added", added < 0.3)
    public = best_of(lambda: run_python("from cjm_helpers import check_map, Task, load_map"), repeat=7)
    emit("import check_map, Task, load_map (added seconds)", public - bare, "s", bare, "reported", True)
    with tempfile.TemporaryDirectory() as folder:
        bench_check("check_map 12 stages / 60 touchpoints", 12, 5, 0.010, Path(folder))
        bench_check("check_map 100 stages / 400 touchpoints (the limits)", 100, 4, 0.5, Path(folder))


if __name__ == "__main__":
    main()
