"""environment.yml (conda) and the pip pins describe the same environment."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement


def _pins(root):
    pins = {}
    for line in (root / "constraints.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.strip().split("==")
            pins[name.lower().replace("_", "-")] = version
    return pins


def _conda(root):
    found = {}
    for line in (root / "environment.yml").read_text().splitlines():
        m = re.match(r"^\s+-\s+([A-Za-z0-9_.-]+)\s*(==|=)\s*([0-9][^\s#]*)", line)
        if m:
            found[m.group(1).lower().replace("_", "-")] = m.group(3)
    return found


def _direct_requirements(root):
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        reqs += extra
    return [Requirement(r) for r in reqs]


def test_every_direct_dependency_is_pinned_and_satisfies_its_range(root):
    pins = _pins(root)
    for req in _direct_requirements(root):
        name = req.name.lower().replace("_", "-")
        assert name in pins, f"constraints.txt lacks a pin for {req.name}"
        assert req.specifier.contains(pins[name]), f"{req.name}=={pins[name]} breaks pyproject's {req.specifier}"


def test_conda_environment_matches_the_pins(root):
    pins, conda = _pins(root), _conda(root)
    for req in _direct_requirements(root):
        name = req.name.lower().replace("_", "-")
        assert name in conda, f"environment.yml lacks {req.name}"
        assert conda[name] == pins[name], (
            f"{req.name}: environment.yml has {conda[name]}, constraints.txt has {pins[name]}"
        )
    assert re.search(r"python=3\.1[1-9]", (root / "environment.yml").read_text())


def test_the_readme_says_why_each_direct_dependency_is_there(root):
    readme = (root / "README.md").read_text("utf-8")
    table = readme.split("## Why each dependency is there", 1)[1].split("\n## ", 1)[0]
    named = {name.strip().lower() for row in table.splitlines() if row.startswith("| ")
             for name in row.split("|")[1].split(",")}
    missing = [req.name for req in _direct_requirements(root) if req.name.lower() not in named]
    assert not missing, f"README's 'Why each dependency is there' lacks {missing}"
