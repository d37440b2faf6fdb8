"""`python -m cjm_helpers --help` lists every subcommand with an example, and each has its own --help.

Commands are discovered from the files in cjm_helpers/commands/, so a command
added later is checked without changing this test.
"""

from __future__ import annotations

import importlib
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from cjm_helpers import cli

COMMANDS_DIR = Path(cli.__file__).parent / "commands"
COMMAND_FILES = sorted(p.stem for p in COMMANDS_DIR.glob("*.py") if not p.stem.startswith("_"))


def command(stem: str):
    return importlib.import_module(f"cjm_helpers.commands.{stem}")


def test_the_known_commands_are_there():
    assert {"cpd", "schema"} <= set(COMMAND_FILES)


@pytest.fixture(scope="module")
def top_help(root) -> str:
    done = subprocess.run([sys.executable, "-m", "cjm_helpers", "--help"], cwd=root,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("stem", COMMAND_FILES)
def test_top_help_lists_the_command_with_its_example(stem, top_help):
    module = command(stem)
    assert module.NAME and module.HELP and module.EXAMPLE, f"commands/{stem}.py lacks NAME, HELP or EXAMPLE"
    listed = [line.split()[0] for line in top_help.splitlines() if line.startswith("    ") and line.split()]
    assert module.NAME in listed, f"{module.NAME} not listed in --help:\n{top_help}"
    assert f"  {module.EXAMPLE}\n" in top_help, f"the example of {module.NAME} is missing from --help"


@pytest.mark.parametrize("stem", COMMAND_FILES)
def test_each_command_has_its_own_help_showing_its_example(stem, capsys):
    module = command(stem)
    with pytest.raises(SystemExit) as stop:
        cli.main([module.NAME, "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: python -m cjm_helpers {module.NAME}")
    assert module.EXAMPLE in out


@pytest.mark.parametrize("stem", COMMAND_FILES)
def test_each_example_is_a_valid_command_line(stem):
    module = command(stem)
    words = shlex.split(module.EXAMPLE)
    assert words[:4] == ["python", "-m", "cjm_helpers", module.NAME], module.EXAMPLE
    args = cli.build_parser().parse_args(words[3:])  # parses without running; bad options exit 2
    assert args.command == module.NAME


def test_no_command_prints_help_and_exits_2(capsys):
    assert cli.main([]) == 2
    assert "examples:" in capsys.readouterr().out
