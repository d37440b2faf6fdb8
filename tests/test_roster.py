"""The roster CSV: what a trainer gets told when a line is wrong; adding and removing accounts (as root)."""

from __future__ import annotations

import os
import secrets
import stat
import subprocess
import sys

import pytest

from cjm_helpers.teach.python import closed_folders
from cjm_helpers.teach.roster import RosterError, read_roster


def write(tmp_path, text: str):
    path = tmp_path / "roster.csv"
    path.write_text(text, "utf-8")
    return path


def test_a_roster_gives_learners_with_first_and_last_names(tmp_path):
    learners = read_roster(write(tmp_path, "Username,Full name,email\nada,Ada  King Lovelace,a@x\n\nbo,Bo,b@x\n"))
    assert [(l.username, l.full_name, l.first_name, l.last_name) for l in learners] == [
        ("ada", "Ada King Lovelace", "Ada King", "Lovelace"), ("bo", "Bo", "Bo", "")]


@pytest.mark.parametrize("text, message", [
    ("user,full name\nada,Ada\n", "line 1: the header needs a 'username' column"),
    ("username,email\nada,a@x\n", "line 1: the header needs a 'full name' column"),
    ("username,full name\nAda,Ada\n", "line 2: username: 'Ada' is not a usable account name"),
    ("username,full name\nada;rm -rf,Ada\n", "line 2: username: 'ada;rm -rf' is not a usable account name"),
    ("username,full name\nada,Ada\nada,Ada again\n", "line 3: username: ada is listed twice"),
    ("username,full name\nada,\n", "line 2: full name: empty for ada"),
    ("username,full name\nada,Ada:0:0\n", "line 2: full name"),
    ("username,full name\n", "the roster lists no learners"),
])
def test_a_bad_roster_line_is_named(tmp_path, text, message):
    with pytest.raises(RosterError, match=message.replace("(", r"\(")) as caught:
        read_roster(write(tmp_path, text))
    assert str(tmp_path / "roster.csv") in str(caught.value)


def test_the_command_line_prints_every_bad_roster_line_on_its_own_line(tmp_path):
    roster = write(tmp_path, "username,full name\n" + "".join(f"User{n},Name {n}\n" for n in range(12)))
    with pytest.raises(RosterError) as caught:
        read_roster(roster)
    assert str(caught.value).startswith(f"{roster}: 12 problems: line 2: username: 'User0' is not a usable")
    assert str(caught.value).endswith("; and 2 more")
    done = subprocess.run([sys.executable, "-m", "cjm_helpers", "roster", "students", str(roster)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2 and done.stdout == "", done.stderr
    assert lines[0] == f"error: {roster}: not a usable roster: 12 problems:"
    assert lines[1].startswith(f"  {roster}: line 2: username: 'User0' is not a usable account name")
    assert len(lines) == 12 and all(line.startswith(f"  {roster}: line ") for line in lines[1:11])
    assert lines[11] == "  and 2 more"


def test_a_missing_roster_is_named(tmp_path):
    with pytest.raises(RosterError, match="no such roster file"):
        read_roster(tmp_path / "nope.csv")


def test_closed_folders_name_what_blocks_other_accounts(tmp_path):
    inner = tmp_path / "private" / "bin"
    inner.mkdir(parents=True)
    python = inner / "python"
    python.write_text("", "utf-8")
    python.chmod(0o755)
    (tmp_path / "private").chmod(0o700)
    try:
        assert tmp_path / "private" in closed_folders(python)
    finally:
        (tmp_path / "private").chmod(0o755)
    assert tmp_path / "private" not in closed_folders(python)


@pytest.mark.skipif(os.geteuid() != 0, reason="creates Unix accounts: run as root")
def test_roster_add_and_remove_from_the_command_line(tmp_path, root, monkeypatch):
    tag = secrets.token_hex(3)
    names = [f"cjmtest_a_{tag}", f"cjmtest_t_{tag}"]
    roster = write(tmp_path, f"username,full name\n{names[0]},Ada Lovelace\n")
    env = dict(os.environ, CJM_COURSE_ID=f"cjmtest-{tag}", CJM_EXCHANGE=str(tmp_path / "exchange"))
    command = [sys.executable, "-m", "cjm_helpers", "roster"]
    from hub_cohort import python_open_to_accounts

    opener = python_open_to_accounts()  # the build machines' Python is in /root (see hub_cohort.py)
    opener.__enter__()
    try:
        done = subprocess.run([*command, "add", str(roster), "--trainer", names[1], "--passwords",
                               str(tmp_path / "pw.csv")], cwd=root, env=env, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stderr
        assert "2 accounts created, 0 already there; the course copied into 2 homes" in done.stdout
        assert stat.S_IMODE((tmp_path / "pw.csv").stat().st_mode) == 0o600
        home = os.path.expanduser(f"~{names[0]}")
        assert stat.S_IMODE(os.stat(home).st_mode) == 0o700, "a learner's home is private"
        assert os.path.exists(f"{home}/cjm-workbook/lessons/00_start_here.ipynb")
        assert not os.path.exists(f"{home}/cjm-workbook/solutions"), "learners never get the solutions"
        assert os.path.exists(os.path.expanduser(f"~{names[1]}/cjm-workbook/solutions"))
        exchange = tmp_path / "exchange"
        assert stat.S_IMODE(exchange.stat().st_mode) == 0o1777
        assert (exchange / f"cjmtest-{tag}").stat().st_uid == __import__("pwd").getpwnam(names[1]).pw_uid
        groups = subprocess.run(["id", "-nG", names[0]], capture_output=True, text=True).stdout.split()
        assert f"nbgrader-cjmtest-{tag}" in groups
        again = subprocess.run([*command, "add", str(roster), "--trainer", names[1]], cwd=root, env=env,
                               capture_output=True, text=True, timeout=300)
        assert "0 accounts created, 2 already there" in again.stdout, again.stderr
    finally:
        done = subprocess.run([*command, "remove", str(roster), "--trainer", names[1]], cwd=root, env=env,
                              capture_output=True, text=True, timeout=120)
        for group in (f"nbgrader-cjmtest-{tag}", f"formgrade-cjmtest-{tag}"):
            subprocess.run(["groupdel", group], capture_output=True)
        opener.__exit__(None, None, None)
    assert done.returncode == 0 and "removed 2 accounts" in done.stdout, done.stderr
    assert not os.path.exists(home)


def test_roster_students_fills_the_gradebook_of_the_course_here(tmp_path, root):
    import shutil

    from nbgrader.api import Gradebook

    for name in ("nbgrader_config.py", "course.toml"):
        shutil.copy(root / name, tmp_path / name)
    roster = write(tmp_path, "username,full name\nada,Ada King Lovelace\nbo,Bo\n")
    env = dict(os.environ, PATH=f"{os.path.dirname(sys.executable)}{os.pathsep}{os.environ.get('PATH', '')}")
    done = subprocess.run([sys.executable, "-m", "cjm_helpers", "roster", "students", str(roster)], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "2 learners in the gradebook" in done.stdout
    with Gradebook(f"sqlite:///{tmp_path / 'build' / 'nbgrader' / 'gradebook.db'}") as gradebook:
        assert {(s.id, s.first_name, s.last_name) for s in gradebook.students} == {
            ("ada", "Ada King", "Lovelace"), ("bo", "Bo", None)}
