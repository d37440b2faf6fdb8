"""Atomic file writes: a reader sees the old file or the new one, never half of it, even after a power cut.

Kept apart from storage.py (map files), which needs the map model and pydantic,
so that writing a CPD record or a picture loads neither.
"""

from __future__ import annotations

import glob
import os
import tempfile
import time
from pathlib import Path

TEMP_SUFFIX = ".tmp"        # .<name>.<random>.tmp beside the target; .gitignore ignores .*.tmp
STALE_SECONDS = 60          # a temporary this old belongs to a writer that died


def _atomic_write(path: Path, content: bytes) -> None:
    """Temporary file in the same folder, fsync, rename over the target, fsync the folder.

    The new file gets the mode of the file it replaces, or the usual mode for the
    user's umask (mkstemp alone would make it private, 0600). Temporary files a
    killed writer left behind for this target are removed.
    """
    _remove_stale_temporaries(path)
    mode = _mode_for(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def current_umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)      # elsewhere: read it by setting it, and put it back at once
    os.umask(mask)
    return mask


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~current_umask()


def _remove_stale_temporaries(path: Path) -> None:
    """Remove temporaries of path older than STALE_SECONDS (left by a writer that was killed)."""
    now = time.time()
    try:
        candidates = list(path.parent.glob(f".{glob.escape(path.name)}.*{TEMP_SUFFIX}"))
    except OSError:
        return
    for candidate in candidates:
        try:
            if now - candidate.stat().st_mtime > STALE_SECONDS:
                candidate.unlink()
        except OSError:
            pass


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Atomically replace a file with data, making its folder if needed: a reader sees the old
    file or the new one, never half of it, even after a power cut. Raises OSError."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(path, data)


def atomic_write_text(path: str | Path, text: str) -> None:
    """Atomically replace a text file with UTF-8 text (see atomic_write_bytes)."""
    atomic_write_bytes(path, text.encode("utf-8"))
