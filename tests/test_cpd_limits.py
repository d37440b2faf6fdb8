"""The learner's own files at the door: a huge or damaged CPD log (generated here) is refused read-only,
so nothing recorded is lost; the quiz attempts, the learner settings and a roster are bounded too."""

from __future__ import annotations

import os

import pytest

from cjm_helpers import limits
from cjm_helpers.cpd import CPDError, cpd_record, log_path, read_log, record_activity, record_quietly
from cjm_helpers.cpd.attempts import attempts_path, note_attempt
from cjm_helpers.cpd.record import learner_name, settings_path
from cjm_helpers.teach.roster import RosterError, read_roster
from test_limits import MEGABYTES, SECONDS, run_cli


def huge(path, size: int) -> None:
    """A file of `size` bytes by its length, sparse on disk."""
    with open(path, "ab") as handle:
        handle.truncate(size)


def test_a_huge_log_is_refused_read_only_and_keeps_what_is_recorded():
    record_activity("L01")
    path = log_path()
    before = path.read_bytes()
    huge(path, 100 * 1024 * 1024)
    size = path.stat().st_size
    with pytest.raises(CPDError) as info:
        read_log()
    message = str(info.value)
    assert message.startswith(f"{path}: refused: the file is {size:,} bytes; the limit is "
                              f"{limits.MAX_CPD_LOG_BYTES:,} bytes for the CPD log")
    assert "nothing recorded is lost" in message and "--log FILE" in message
    with pytest.raises(CPDError, match="refused"):
        record_activity("L02")
    line = record_quietly("L02")
    assert line.startswith("Your CPD record was not updated: ") and "refused" in line
    assert path.stat().st_size == size and path.read_bytes()[: len(before)] == before


def test_the_cpd_command_refuses_a_huge_log_at_once(tmp_path):
    path = tmp_path / "big-log.jsonl"
    huge(path, 2 * 1024 ** 3)
    result, seconds, peak_mb = run_cli("cpd", "--log", str(path))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"error: {path}: refused: the file is 2,147,483,648 bytes" in result.stderr
    assert seconds < SECONDS and peak_mb < MEGABYTES, (seconds, peak_mb)


def test_a_log_that_is_a_pipe_is_refused_not_waited_for(tmp_path):
    fifo = tmp_path / "fifo.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(CPDError, match="a pipe, device or folder, not a regular file"):
        read_log(fifo)


def test_an_append_that_would_pass_the_limit_is_refused(monkeypatch):
    record_activity("L01")
    monkeypatch.setattr(limits, "MAX_CPD_LOG_BYTES", log_path().stat().st_size + 10)
    before = log_path().read_bytes()
    with pytest.raises(CPDError, match=r"the log would be [\d,]+ bytes with this record"):
        record_activity("L02")
    assert log_path().read_bytes() == before
    assert [r.activity for r in read_log().records] == ["L01"]


def test_a_damaged_log_counts_its_bad_lines_in_one_problem_and_keeps_the_records():
    record_activity("L01")
    path = log_path()
    with path.open("a", encoding="utf-8") as handle:
        handle.write("not json\n" * 20_000)
        handle.write('{"activity": "' + "x" * (limits.MAX_CPD_LINE + 10) + '"}\n')
        handle.write("[" * 100_000 + "\n")
    assert record_activity("L02") is True
    contents = read_log()
    assert [r.activity for r in contents.records] == ["L01", "L02"]
    assert len(contents.problems) == 6
    assert str(contents.problems[0]) == (f"{path}, line 2: not valid JSON (Expecting value, column 1); "
                                         "this line is skipped, the other records are kept")
    last = str(contents.problems[-1])
    assert last.startswith(f"{path}: 19,997 more lines from line 7 on are not records (the first: not valid JSON")
    text = str(cpd_record())
    assert text.count("warning:") == 6 and "Lesson 2" in text


def test_an_over_long_line_and_deep_nesting_are_problems_not_crashes(tmp_path):
    path = tmp_path / "log.jsonl"
    path.write_text('{"a": "' + "x" * (limits.MAX_CPD_LINE + 10) + '"}\n' + "[" * 50_000 + "\n", "utf-8")
    problems = [str(p) for p in read_log(path).problems]
    assert f"line 1: refused: the line is {limits.MAX_CPD_LINE + 19:,} bytes; the limit is " \
           f"{limits.MAX_CPD_LINE:,} bytes for one CPD record" in problems[0]
    assert "line 2: not a record (nested too deep)" in problems[1]


def test_damaged_or_huge_quiz_attempts_are_left_as_they_are():
    note_attempt("L01", 2, 4)
    path = attempts_path()
    path.write_text('{"L01": {"first": {"score": 2, "total": 4}, "attempts": 1}', "utf-8")   # cut short
    damaged = path.read_bytes()
    with pytest.raises(CPDError, match="not valid JSON .*the file is left as it is"):
        note_attempt("L01", 4, 4)
    assert path.read_bytes() == damaged
    huge(path, 50 * 1024 * 1024)
    with pytest.raises(CPDError, match=f"refused: the file is 52,428,800 bytes; the limit is "
                                       f"{limits.MAX_SMALL_FILE_BYTES:,} bytes for the quiz attempts"):
        note_attempt("L01", 4, 4)
    assert path.stat().st_size == 50 * 1024 * 1024


def test_huge_learner_settings_are_refused_with_the_flag_that_avoids_them():
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    huge(path, 10 * 1024 * 1024)
    with pytest.raises(CPDError, match="refused: the file is 10,485,760 bytes.*or pass --name"):
        learner_name()
    assert learner_name("Ada") == "Ada"


def test_a_roster_is_bounded_and_every_bad_line_reported_at_once(tmp_path):
    big = tmp_path / "big.csv"
    huge(big, 100 * 1024 * 1024)
    with pytest.raises(RosterError, match=f"refused: the file is 104,857,600 bytes; the limit is "
                                          f"{limits.MAX_SMALL_FILE_BYTES:,} bytes for a roster"):
        read_roster(big)
    bad = tmp_path / "roster.csv"
    bad.write_text("username,full name\nAda,Ada\nbo,Bo\nbo,Bo again\ncy,\n" + "X,Y\n" * 20, "utf-8")
    with pytest.raises(RosterError) as info:
        read_roster(bad)
    message = str(info.value)
    assert message.startswith(f"{bad}: 23 problems: line 2: username: 'Ada' is not a usable account name")
    assert "line 4: username: bo is listed twice; line 5: full name: empty for cy; line 6: username:" in message
    assert message.endswith("; and 13 more")


def test_the_limits_are_stated_in_the_readme():
    from test_limits import ROOT

    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("### Limits of the CPD log"):]
    for what, value in limits.CPD_LIMITS.items():
        assert f"| {what} | {value} |" in section, (what, value)


def test_a_learners_log_that_is_a_pipe_does_not_stall_the_trainers_records(tmp_path):
    from cjm_helpers.teach.cpd_records import lesson_records

    fifo = tmp_path / "cpd-log.jsonl"
    os.mkfifo(fifo)
    assert lesson_records(fifo) == []       # refused at once, not waited on
    big = tmp_path / "big.jsonl"
    huge(big, 1024 ** 3)
    assert lesson_records(big) == []
