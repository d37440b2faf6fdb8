"""What the course's notebooks pay for before any drawing: the common paths load no library they do not use.

The seconds are judged in benchmarks/bench_course.py against a same-run floor; these tests pin the
causes that were found there (numpy imported to scan a map's brackets, ...), so they cannot come back.
"""

from __future__ import annotations

import subprocess
import sys

from cjm_helpers import examples, limits


def modules_after(code: str) -> set[str]:
    """The top-level packages a fresh interpreter holds after running code."""
    probe = f"{code}\nimport sys; print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_loading_and_describing_a_map_imports_no_numpy():
    loaded = modules_after("import cjm_helpers as cjm\n"
                           "print(cjm.describe_map(cjm.examples.load('language_course_current')))")
    assert "pydantic" in loaded
    assert not loaded & {"numpy", "pandas", "matplotlib"}


def test_depth_is_the_same_counted_in_python_or_with_numpy(monkeypatch):
    samples = [examples.path(name).read_bytes() for name in examples.names()]
    samples += [b'{"a": [1, {"b": "[[[[ {{{ \\" ]"}]}', b'"[" ]]', b"[" * 3000 + b"]" * 3000, b"[[]]" * 500]
    plain = [limits.nesting_depth(raw) for raw in samples]
    monkeypatch.setattr(limits, "_PLAIN_PYTHON_BRACKETS", 0)
    assert [limits.nesting_depth(raw) for raw in samples] == plain
    assert plain[-4:] == [3, 0, 3000, 2]
