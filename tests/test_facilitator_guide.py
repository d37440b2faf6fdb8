"""The facilitator guide adds up: its timings fill 90 minutes and a half day, the
example maps and commands it names exist, and it covers what a facilitator needs."""

from __future__ import annotations

import re
import shlex

from cjm_helpers import cli, examples
from notebook_runner import ROOT

GUIDE = ROOT / "workshop" / "FACILITATOR.md"


def section(title: str) -> str:
    text = GUIDE.read_text("utf-8")
    match = re.search(rf"^## {re.escape(title)}[^\n]*\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"FACILITATOR.md has no section '{title}'"
    return match.group(1)


def minutes(table: str) -> list[int]:
    return [int(m) for m in re.findall(r"^\| [\d:]+ \| (\d+) \|", table, re.M)]


def test_the_90_minute_plan_adds_up():
    assert sum(minutes(section("The 90-minute workshop"))) == 90


def test_the_half_day_plan_adds_up_to_three_and_a_half_hours():
    assert sum(minutes(section("The half-day workshop"))) == 210


def test_the_guide_names_only_examples_that_ship():
    text = GUIDE.read_text("utf-8")
    named = set(re.findall(r"`([a-z_]+)`", text)) & {n for n in examples.names()} | set(
        re.findall(r"examples/(\w+)\.json", text))
    assert {"library_membership", "software_onboarding", "new_employee_first_week"} <= named
    for name in named:
        examples.path(name)


def test_the_commands_in_the_guide_parse():
    parser = cli.build_parser()
    commands = re.findall(r"python -m cjm_helpers (\w+[^`\n]*)", GUIDE.read_text("utf-8"))
    assert any(c.startswith("template") for c in commands)
    for command in commands:
        parser.parse_args(shlex.split(command))


def test_the_guide_covers_materials_app_template_and_debrief():
    for title in ("Materials", "Using the workshop app in the room", "Debrief questions"):
        assert section(title).strip()
    assert len(re.findall(r"^\d+\. ", section("Debrief questions"), re.M)) >= 5
