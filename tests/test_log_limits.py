"""Limits of an event log at the door: hostile logs (generated here, never committed) are refused at once
by load_events and by `funnel`, naming the file, the limit and the value, within bounded time and memory."""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
from pathlib import Path

import pandas as pd
import pytest

from cjm_helpers import limits
from cjm_helpers.analytics import EventLogError, StageDefinitionError, define_stages, funnel, load_events
from test_limits import MEGABYTES, ROOT, SECONDS, run_cli

HEADER = b"user_id,event,timestamp\n"


def hostile_logs(folder: Path) -> dict[str, tuple[Path, str]]:
    """name -> (file, words the refusal must contain)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    huge = folder / "huge.csv"
    with huge.open("wb") as handle:         # 200 MB by its size, sparse on disk: refused unread
        handle.truncate(200 * 1024 * 1024)
    out["huge"] = (huge, f"the file is 209,715,200 bytes; the limit is {limits.MAX_LOG_BYTES:,} bytes for an event log")
    one_line = folder / "one_line.csv"
    one_line.write_bytes(HEADER + b"u," + b"x" * (20 * 1024 * 1024))
    out["one_line"] = (one_line, f"line 2 is more than 1,048,"
                                 f"552 bytes long; the limit is {limits.MAX_LOG_LINE:,} bytes for a line")
    wide = folder / "wide.csv"
    wide.write_bytes(b",".join(b"c%d" % i for i in range(3000)) + b"\nu,a,2024-01-01\n")
    out["wide"] = (wide, f"the header line has 3,000 columns; the limit is {limits.MAX_LOG_COLUMNS} columns")
    quoted = folder / "quoted.csv"      # one quoted value of 2 MB across short lines: parsed, then refused
    quoted.write_bytes(HEADER + b'u1,"' + (b"a" * 1000 + b"\n") * 2000 + b'",2024-01-01\nu2,a,2024-01-01\n')
    out["quoted"] = (quoted, f"column 'event' has 1 value longer than {limits.MAX_LOG_FIELD:,} characters "
                             "(the longest 2,002,000): line 2")
    binary = folder / "binary.csv"
    binary.write_bytes(HEADER + bytes(range(256)) * 4000)
    out["binary"] = (binary, "it holds binary data (a NUL byte at byte 24)")
    latin = folder / "latin1.csv"
    latin.write_bytes(HEADER + "u1,caf\u00e9,2024-01-01\n".encode("latin-1"))
    out["latin1"] = (latin, "it is not UTF-8 text (byte 30 cannot be read); save the log as UTF-8 CSV")
    rows = folder / "rows.csv"
    rows.write_bytes(HEADER + b"u,a,2024-01-01\n" * (limits.MAX_LOG_ROWS + 10))
    out["rows"] = (rows, f"it has more than {limits.MAX_LOG_ROWS:,} rows (lines after the header); the limit is "
                         f"{limits.MAX_LOG_ROWS:,} rows")
    bomb = folder / "bomb.csv.gz"       # 40 kB compressed, 40 MB of text: stopped at the limit
    with gzip.open(bomb, "wb", compresslevel=9) as handle:
        handle.write(HEADER)
        block = (b"u," + b"e" * 900 + b",2024-01-01\n") * 1024
        for _ in range(44):
            handle.write(block)
    out["bomb"] = (bomb, f"it holds more than {limits.MAX_LOG_BYTES:,} bytes of text once decompressed")
    events = folder / "events.csv"
    events.write_text("user_id,event,timestamp\n" + "".join(f"u{i},e{i},2024-01-01\n" for i in range(1500)))
    out["events"] = (events, f"it has 1,500 distinct event names; the limit is {limits.MAX_LOG_EVENTS:,}")
    fifo = folder / "fifo.csv"
    os.mkfifo(fifo)
    out["fifo"] = (fifo, "it is a pipe, device or folder, not a regular file")
    return out


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return hostile_logs(tmp_path_factory.mktemp("hostile_logs"))


@pytest.fixture(scope="module")
def stages(tmp_path_factory):
    path = tmp_path_factory.mktemp("stages") / "stages.json"
    path.write_text(json.dumps({"A": ["a"], "B": ["b"]}), "utf-8")
    return path


NAMES = ["huge", "one_line", "wide", "quoted", "binary", "latin1", "rows", "bomb", "events", "fifo"]


@pytest.mark.parametrize("name", NAMES)
def test_load_events_refuses_naming_file_limit_and_value(hostile, name):
    path, words = hostile[name]
    with pytest.raises(EventLogError) as info:
        load_events(path)
    message = str(info.value)
    assert message.startswith(f"{path}: refused: ") and words in message, message


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_funnel_exits_2_at_once_within_bounds(hostile, stages, name):
    path, words = hostile[name]
    result, seconds, peak_mb = run_cli("funnel", str(path), "--stages", str(stages))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert f"error: {path}: refused: " in result.stderr and words in result.stderr, result.stderr
    assert seconds < SECONDS and peak_mb < MEGABYTES, (seconds, peak_mb)


def test_every_bad_row_is_counted_with_the_first_lines_and_the_flag_that_drops_them(tmp_path, stages):
    log = tmp_path / "log.csv"
    log.write_text("user_id,event,timestamp\nu1,a,2024-01-01 10:00\n\nu2,a,2024-01-01,extra\n"
                   "u3,b,yesterday\n" + "u4,b,2024-01-01,x,y\n" * 10 + ",b,2024-01-02\nu1,b,2024-01-02\n", "utf-8")
    result, _, _ = run_cli("funnel", str(log), "--stages", str(stages))
    assert result.returncode == 2
    assert (f"error: {log}: more fields than the header (expected 3 fields, saw 4): line 4, line 6, line 7, "
            "line 8, line 9 and 6 more; no user_id: line 16; timestamp cannot be read as a date and time "
            "(e.g. 'yesterday'): line 5 (fix these rows, or add --drop-bad-rows to leave them out)") in result.stderr
    done, _, _ = run_cli("funnel", str(log), "--stages", str(stages), "--drop-bad-rows")
    assert done.returncode == 0, done.stderr
    assert "left out 13 of 15 rows" in done.stderr
    assert re.search(r"A\s+1\b", done.stdout) and re.search(r"B\s+1\b", done.stdout), done.stdout


def test_line_numbers_stay_right_after_blank_and_split_lines(tmp_path):
    log = tmp_path / "log.csv"
    log.write_text("user_id,event,timestamp\n\n\nu1,a,2024-01-01,x\nu2,a,2024-01-01\nu3,a,never\n", "utf-8")
    with pytest.raises(EventLogError, match=r"line 4; timestamp cannot be read .*: line 6 "):
        load_events(log)


def test_the_rows_are_counted_once_at_the_door_also_without_a_last_newline(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_LOG_ROWS", 3)
    log = tmp_path / "log.csv"
    log.write_text("user_id,event,timestamp\nu1,a,2024-01-01\nu2,a,2024-01-01\nu3,a,2024-01-01", "utf-8")
    assert len(load_events(log)) == 3
    log.write_text(log.read_text("utf-8") + "\nu4,a,2024-01-01", "utf-8")     # a fourth row, with no newline
    with pytest.raises(EventLogError, match=r"refused: it has more than 3 rows \(lines after the header\); "
                                            r"the limit is 3 rows for an event log"):
        load_events(log)


def test_a_parquet_log_is_bounded_by_its_footer(tmp_path, monkeypatch):
    path = tmp_path / "log.parquet"
    pd.DataFrame({"user_id": ["u1", "u2", "u3"], "event": ["a", "b", "a"],
                  "timestamp": pd.to_datetime(["2024-01-01"] * 3)}).to_parquet(path)
    assert len(load_events(path)) == 3
    monkeypatch.setattr(limits, "MAX_LOG_ROWS", 2)
    with pytest.raises(EventLogError, match=r"refused: it has 3 rows; the limit is 2 rows for an event log"):
        load_events(path)
    garbage = tmp_path / "garbage.parquet"
    garbage.write_bytes(b"PAR1" + os.urandom(1000))
    with pytest.raises(EventLogError, match="cannot be read as Parquet"):
        load_events(garbage)


def test_a_segment_with_too_many_values_is_refused(monkeypatch):
    log = pd.DataFrame({"user_id": ["u1", "u2", "u3"], "event": ["a"] * 3,
                        "timestamp": ["2024-01-01"] * 3, "page": ["p1", "p2", "p3"]})
    monkeypatch.setattr(sys.modules["cjm_helpers.analytics.funnel"], "MAX_LOG_SEGMENTS", 2)
    with pytest.raises(EventLogError, match="'page' has 3 distinct values among the users; the limit is 2"):
        funnel(log, {"A": ["a"]}, by="page")


def test_a_hostile_stage_file_is_refused(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    with pytest.raises(StageDefinitionError, match=r"deep.json: refused: objects and lists are nested 100,000 deep"):
        define_stages(deep)
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(limits.MAX_STAGE_FILE_BYTES + 1)
    with pytest.raises(StageDefinitionError, match=f"the limit is {limits.MAX_STAGE_FILE_BYTES:,} bytes for a stage"):
        define_stages(big)


def test_the_shipped_sample_fits_with_room_to_spare():
    from cjm_helpers.analytics import sample_path

    path = sample_path()
    events = load_events(path)
    assert path.stat().st_size * 100 < limits.MAX_LOG_BYTES
    assert len(events) * 100 < limits.MAX_LOG_ROWS
    assert events["event"].nunique() * 10 < limits.MAX_LOG_EVENTS


def test_the_limits_are_stated_in_the_readme_and_the_help():
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("### Limits of an event log"):]
    result, _, _ = run_cli("funnel", "--help")
    for what, value in limits.LOG_LIMITS.items():
        assert re.search(rf"\|\s*{re.escape(what)}\s*\|\s*{re.escape(value)}\s*\|", section), (what, value)
        assert f"{what}: at most {value}" in result.stdout


def test_a_legal_gzipped_log_reads_like_the_plain_one(tmp_path):
    from cjm_helpers.analytics import LANGUAGE_COURSE_STAGES, sample_path

    packed = tmp_path / "events.csv.gz"
    packed.write_bytes(gzip.compress(sample_path().read_bytes()))
    pd.testing.assert_frame_equal(funnel(packed, LANGUAGE_COURSE_STAGES), funnel(sample_path(), LANGUAGE_COURSE_STAGES))
    torn = tmp_path / "torn.csv.gz"
    torn.write_bytes(packed.read_bytes()[:-100])
    with pytest.raises(EventLogError, match=r"torn.csv.gz: cannot be read: "):
        load_events(torn)


def test_too_many_stages_are_refused_before_the_log_is_read(tmp_path):
    many = tmp_path / "many.json"
    many.write_text(json.dumps({f"S{i}": [f"e{i}"] for i in range(5000)}), "utf-8")
    with pytest.raises(StageDefinitionError, match=f"many.json: refused: 5,000 stages; the limit is "
                                                   f"{limits.MAX_FUNNEL_STAGES} stages of a funnel"):
        define_stages(many)
    with pytest.raises(StageDefinitionError, match="refused: 2,000 events in the stages; the limit is 1,000"):
        define_stages({"A": [f"e{i}" for i in range(2000)]})
