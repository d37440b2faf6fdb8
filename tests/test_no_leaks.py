"""Solutions leak nowhere: exercises/ holds no solution text, no hidden checks, no solution maps."""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from notebook_runner import ROOT

MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "BEGIN MARK SCHEME")
REGION = re.compile(r"(BEGIN (SOLUTION|HIDDEN TESTS)|=== BEGIN MARK SCHEME ===)(.*?)(END \2|=== END MARK SCHEME ===)", re.S)


def assignments() -> list[str]:
    return sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir())


def released_text(assignment: str) -> str:
    """Every file a learner receives for the assignment, as text."""
    parts = []
    for path in sorted((ROOT / "exercises" / assignment).rglob("*")):
        if path.is_file() and not path.name.startswith("my_"):
            parts.append(path.read_text("utf-8", errors="replace"))
    return "\n".join(parts)


def secret_lines(assignment: str) -> set[str]:
    """Distinctive lines from solution regions, hidden checks and mark schemes of the source."""
    folder = ROOT / "solutions" / assignment
    secrets = set()
    nb = nbformat.read(folder / f"{assignment}.ipynb", as_version=4)
    for cell in nb.cells:
        for match in REGION.finditer(cell.source):
            for line in match.group(3).splitlines():
                line = line.strip().lstrip("#").strip()
                # whole lines; in prose also clauses (a partial copy is a leak too)
                parts = [line] + (re.split(r"[.,:;!?]", line) if cell.cell_type == "markdown" else [])
                for part in parts:
                    if len(part.strip()) >= 16:
                        secrets.add(part.strip())
    for path in folder.glob("solution_*.json"):
        data = json.loads(path.read_text("utf-8"))
        secrets.add(data["persona"]["name"])
        secrets.update(pp["text"] for stage in data["stages"] for tp in stage["touchpoints"]
                       for pp in tp.get("pain_points", []))
    return secrets


@pytest.mark.parametrize("assignment", assignments())
def test_release_has_no_solutions_or_hidden_checks(assignment):
    text = released_text(assignment)
    assert text, f"exercises/{assignment} is missing: run `make release`"
    for marker in MARKERS:
        assert marker not in text, f"exercises/{assignment} contains {marker!r}"
    secrets = secret_lines(assignment)
    assert secrets, f"solutions/{assignment} has no solution region to protect"
    leaked = sorted(s for s in secrets if s in text)
    assert not leaked, f"exercises/{assignment} leaks solution text: {leaked[:3]}"
    assert not list((ROOT / "exercises" / assignment).glob("solution_*")), "a solution map was released"
