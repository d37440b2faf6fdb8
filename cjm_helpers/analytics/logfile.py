"""An event log file read at the door: every limit of `cjm_helpers.limits` (LOG_LIMITS) checked
before or while reading, so that no file costs unbounded time or memory.

Order, cheapest first: the file must be a regular file (a pipe or device would never end) and
within the size limit (checked before reading). A CSV (or the text inside a .csv.gz, counted as
it is decompressed, so a gzip bomb stops at the limit) is then scanned once in blocks: binary
data, text that is not UTF-8, an over-long line and too many lines stop the scan at once. Only
then does pandas parse it, with the columns from the header counted first, and rows with too
many fields collected (not fatal) with their line numbers. A Parquet file's rows, columns and
data size are read from its footer before its data. Each count is checked once, at the door
(the lines of the scan, the header's columns, the footer); the parsed frame's values last.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import os
import warnings
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .. import limits
from ..errors import listed
from .errors import EventLogError

BLOCK = 1024 * 1024


@dataclass
class LogFile:
    """A parsed log: the frame, the file line of each row, and the lines pandas could not split."""

    frame: pd.DataFrame
    blank_lines: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    bad_lines: list[tuple[int, str]] = field(default_factory=list)   # (line, problem)
    csv: bool = True

    def lines(self, positions: np.ndarray) -> np.ndarray:
        """File line numbers of rows at these positions (the header is line 1)."""
        skipped = np.sort(np.concatenate([self.blank_lines, [n for n, _ in self.bad_lines]]).astype(np.int64))
        before = skipped - 2 - np.arange(len(skipped))      # rows read before each skipped line
        positions = np.asarray(positions, dtype=np.int64)
        return positions + 2 + np.searchsorted(before, positions, side="right")


def refuse(path: Path, error: limits.LimitError) -> EventLogError:
    return EventLogError(path, f"refused: {error}")


def read_file(path: Path, *, dtype: dict, columns=None) -> LogFile:
    """Read a .csv, .csv.gz or .parquet log within the limits; `columns` (a set) keeps only those."""
    try:
        os.close(limits.open_regular(path, limits.MAX_LOG_BYTES, "an event log"))
    except OSError as exc:
        raise EventLogError(path, f"cannot be read: {exc.strerror or exc}") from None
    except limits.LimitError as exc:
        raise refuse(path, exc) from None
    name = path.name.lower()
    if name.endswith((".parquet", ".pq")):
        return _read_parquet(path, columns)
    if name.endswith(".csv.gz"):
        opener = lambda: gzip.open(path, "rb")  # noqa: E731
    elif name.endswith(".csv"):
        opener = lambda: open(path, "rb")  # noqa: E731
    else:
        raise EventLogError(path, "unsupported file type: use .csv, .csv.gz or .parquet")
    header, blank = _scan(path, opener)
    found = _header_columns(path, header)
    leading = _leading_long_rows(opener, len(found))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", pd.errors.ParserWarning)
        try:
            frame = pd.read_csv(path, dtype={k: v for k, v in dtype.items() if k in found}, 
                                skipinitialspace=True, on_bad_lines="warn", skiprows=[n - 1 for n, _ in leading],
                                nrows=limits.MAX_LOG_ROWS,     # a file that grew since the scan is read to the limit
                                encoding="utf-8", low_memory=True)
        except (OSError, ValueError, EOFError, zlib.error, pd.errors.ParserError) as exc:
            raise EventLogError(path, f"cannot be read: {_short(exc)}") from None
    if columns is not None and set(columns) <= set(frame.columns):
        # Every field was split (so that rows with too many are found); keep fewer. When a column asked
        # for is missing, all are kept, so that the message naming it lists every column of the file.
        frame = frame[[c for c in frame.columns if c in columns]]
    bad = []
    for warning in caught:
        for text in str(warning.message).splitlines():
            if text.startswith("Skipping line "):
                number, _, problem = text[len("Skipping line "):].partition(": ")
                if number.isdigit():
                    bad.append((int(number), problem))
    log = LogFile(frame, blank, sorted(leading + bad))
    _check_values(path, log)
    return log


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:300]


def _scan(path: Path, opener) -> tuple[bytes, np.ndarray]:
    """One pass over the text: (the header line, blank line numbers); refuses at the first limit passed."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    total, line, line_start = 0, 1, 0
    blank: list[np.ndarray] = []
    last_end = -1                 # offset of the previous newline (for blank lines across blocks)
    try:
        with opener() as handle:
            while True:
                block = handle.read(BLOCK)
                if not block:
                    break
                start, total = total, total + len(block)
                if total > limits.MAX_LOG_BYTES:
                    raise refuse(path, limits.LimitError(
                        f"{limits.MAX_LOG_BYTES:,} bytes of text for an event log",
                        f"it holds more than {limits.MAX_LOG_BYTES:,} bytes of text once decompressed"))
                nul = block.find(b"\x00")
                if nul >= 0:
                    raise EventLogError(path, f"refused: it holds binary data (a NUL byte at byte {start + nul:,}); "
                                              "an event log is a CSV text file")
                try:
                    decoder.decode(block)
                except UnicodeDecodeError as exc:
                    raise EventLogError(path, f"refused: it is not UTF-8 text (byte {start + exc.start:,} cannot be "
                                              "read); save the log as UTF-8 CSV") from None
                ends = np.flatnonzero(np.frombuffer(block, dtype=np.uint8) == 10) + start
                starts = np.concatenate([[line_start], ends[:-1] + 1]) if len(ends) else np.zeros(0, np.int64)
                lengths = ends - starts
                longest = int(lengths.argmax()) if len(lengths) else -1
                if longest >= 0 and lengths[longest] > limits.MAX_LOG_LINE:
                    _too_long(path, line + longest, int(lengths[longest]))
                if len(ends):
                    blank_at = np.flatnonzero(np.diff(np.concatenate([[last_end], ends])) <= 1)
                    blank_at = blank_at[(blank_at > 0) | (line > 1)]   # an empty first line is no blank row
                    if len(blank_at):
                        blank.append(blank_at + line)
                    line += len(ends)
                    line_start, last_end = int(ends[-1]) + 1, int(ends[-1])
                if total - line_start > limits.MAX_LOG_LINE:
                    _too_long(path, line, total - line_start, more=True)
                if line - 2 > limits.MAX_LOG_ROWS:
                    _too_many_lines(path)
            if total > line_start and line - 1 > limits.MAX_LOG_ROWS:   # the last line has no newline
                _too_many_lines(path)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise EventLogError(path, "refused: it is not UTF-8 text (it ends inside a character)") from None
    except (OSError, EOFError, zlib.error) as exc:
        raise EventLogError(path, f"cannot be read: {_short(exc)}") from None
    with opener() as handle:
        header = handle.read(min(limits.MAX_LOG_LINE + 1, max(total, 1))).split(b"\n", 1)[0]
    return header, (np.concatenate(blank) if blank else np.zeros(0, dtype=np.int64))


def _too_many_lines(path: Path) -> None:
    raise _too_many("rows", path, f"it has more than {limits.MAX_LOG_ROWS:,} rows (lines after the header)")


def _too_many(what: str, path: Path, value: str) -> EventLogError:
    """The refusal of a log with too many "rows" or "columns" (`value`: what was found)."""
    limit = limits.MAX_LOG_ROWS if what == "rows" else limits.MAX_LOG_COLUMNS
    return refuse(path, limits.LimitError(f"{limit:,} {what} for an event log", value))


def _too_long(path: Path, line: int, length: int, more: bool = False) -> None:
    raise refuse(path, limits.LimitError(f"{limits.MAX_LOG_LINE:,} bytes for a line of an event log",
                                         f"line {line:,} is {'more than ' if more else ''}{length:,} bytes long"))


def _header_columns(path: Path, header: bytes) -> list[str]:
    """The columns named on the first line, refused when there are more than the limit."""
    text = header.decode("utf-8-sig", errors="replace").rstrip("\r")
    names = next(csv.reader([text]), [])
    if len(names) > limits.MAX_LOG_COLUMNS:
        raise _too_many("columns", path, f"the header line has {len(names):,} columns")
    return [n.strip() for n in names]


def _leading_long_rows(opener, width: int, most: int = 1000) -> list[tuple[int, str]]:
    """The first data lines with more fields than the header: pandas would take the first column of such a
    line as an index (shifting every column) instead of reporting it, so they are skipped and reported."""
    found = []
    with opener() as handle:
        lines = (raw.decode("utf-8-sig", errors="replace") for raw in handle)
        reader = csv.reader(lines, skipinitialspace=True)
        try:
            next(reader, None)
            for row in reader:
                if not row:
                    continue        # a blank line: pandas skips it too
                if len(row) <= width or len(found) >= most:
                    break
                found.append((reader.line_num, f"expected {width} fields, saw {len(row)}"))
        except csv.Error:   # a value over csv's own limit: pandas reads it, the value limit refuses it
            pass
    return found


def _read_parquet(path: Path, columns) -> LogFile:
    try:
        import pyarrow.parquet as pq

        meta = pq.ParquetFile(path).metadata
    except Exception as exc:  # noqa: BLE001 - pyarrow raises many kinds for a damaged footer
        raise EventLogError(path, f"cannot be read as Parquet: {_short(exc)}") from None
    data = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    if meta.num_rows > limits.MAX_LOG_ROWS:
        raise _too_many("rows", path, f"it has {meta.num_rows:,} rows")
    if meta.num_columns > limits.MAX_LOG_COLUMNS:
        raise _too_many("columns", path, f"it has {meta.num_columns:,} columns")
    if data > limits.MAX_LOG_BYTES:
        raise refuse(path, limits.LimitError(f"{limits.MAX_LOG_BYTES:,} bytes of data for an event log",
                                             f"it holds {data:,} bytes of data once decompressed"))
    try:
        names = meta.schema.to_arrow_schema().names
        frame = pd.read_parquet(path, columns=None if columns is None else [n for n in names if n in columns])
    except Exception as exc:  # noqa: BLE001
        raise EventLogError(path, f"cannot be read as Parquet: {_short(exc)}") from None
    log = LogFile(frame, csv=False)
    _check_values(path, log)
    return log


def _longest(values: pd.Series) -> int:
    """Characters of the longest text value, with Arrow's kernel when the column is Arrow text."""
    try:
        import pyarrow.compute as pc

        longest = pc.max(pc.utf8_length(values.array.__arrow_array__())).as_py()
    except (AttributeError, TypeError, ImportError, ValueError):
        longest = values.str.len().max()
    return 0 if longest is None or pd.isna(longest) else int(longest)


def _check_values(path: Path, log: LogFile) -> None:
    """Value lengths, every column at once (rows and columns were counted at the door)."""
    frame = log.frame
    long = []
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_object_dtype(values):
            values = values.astype("string")
        elif not pd.api.types.is_string_dtype(values):
            continue
        if _longest(values) <= limits.MAX_LOG_FIELD:
            continue
        lengths = values.str.len().fillna(0).to_numpy(dtype=np.int64)
        over = np.flatnonzero(lengths > limits.MAX_LOG_FIELD)
        if len(over):
            where = log.lines(over[:3]) if log.csv else over[:3]
            label = "line" if log.csv else "row"
            shown = listed([f"{label} {int(n):,}" for n in where], len(over))
            long.append(f"column {str(column)!r} has {len(over):,} value{'s' if len(over) > 1 else ''} longer than {limits.MAX_LOG_FIELD:,} "
                        f"characters (the longest {int(lengths.max()):,}): {shown}")
    if long:
        raise EventLogError(path, f"refused: {'; '.join(long)}; the limit is {limits.MAX_LOG_FIELD:,} characters "
                                  "for a value of an event log")
