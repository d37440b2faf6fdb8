"""Map files: UTF-8 JSON, diff-friendly, written atomically, never over good data with bad."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

from pydantic import ValidationError

from . import limits
from .atomic import _atomic_write
from .errors import MapFileError, MapValidationError, problems_from
from .map_limits import cut_to_limits
from .model import FORMAT, JourneyMap

BACKUP_SUFFIX = ".bak"

# Older format versions and the function that lifts a document one version up.
# "cjm-map/1" is the first published version; a file with no "format" is read as it.
MIGRATIONS: dict[str, tuple[str, Callable[[dict[str, Any]], dict[str, Any]]]] = {}


def backup_path(path: str | Path) -> Path:
    """Where the previous good version of a map file is kept."""
    path = Path(path)
    return path.with_name(path.name + BACKUP_SUFFIX)


def migrate(data: dict[str, Any], path: str | Path | None = None) -> dict[str, Any]:
    """Bring a map document up to the current format version."""
    version = data.get("format", FORMAT)
    if not isinstance(version, str):
        raise MapFileError(path, f'format: must be text like "{FORMAT}", got {json.dumps(version)[:40]}')
    seen = set()
    while version != FORMAT:
        if version in seen or version not in MIGRATIONS:
            newer = isinstance(version, str) and version.startswith("cjm-map/")
            why = "was written by a newer version of the workbook" if newer else "is not a known map format"
            raise MapFileError(path, f"format {version!r} {why}; this workbook reads {FORMAT!r}")
        seen.add(version)
        version, step = MIGRATIONS[version]
        data = step(dict(data))
        data["format"] = version
    return data


def map_from_dict(data: Any, path: str | Path | None = None) -> JourneyMap:
    """Validate a parsed document as a map; errors name the file and the field, every problem at once
    (lists beyond their limits are reported and cut, so that the entries within them are checked too)."""
    if not isinstance(data, dict):
        raise MapFileError(path, f"a map file must hold a JSON object, found {type(data).__name__}")
    _within_limits(path, limits.check_nesting, data)
    data = migrate(data, path)
    data.setdefault("format", FORMAT)
    data, problems = cut_to_limits(data)     # every list within its limit, so the model checks the rest too
    try:
        journey = JourneyMap.model_validate(data)
    except ValidationError as exc:
        problems += [p for p in problems_from(exc) if p not in problems]
    if problems:
        raise MapValidationError(problems, path)
    return journey


def map_from_json(text: str | bytes, path: str | Path | None = None) -> JourneyMap:
    """Parse and validate map JSON text, refusing it first if it is beyond the limits."""
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    _within_limits(path, limits.check_raw, raw)
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise MapFileError(path, f"is not UTF-8 text (byte {exc.start})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MapFileError(
            path, f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except (ValueError, RecursionError) as exc:     # e.g. a number of more than 4,300 digits
        raise MapFileError(path, f"not valid JSON: {exc}"[:300]) from None
    return map_from_dict(data, path)


def _within_limits(path: str | Path | None, check: Callable[[Any], None], value: Any) -> None:
    try:
        check(value)
    except limits.LimitError as exc:
        raise MapFileError(path, f"refused: {exc}") from None


def read_limited(path: Path) -> bytes:
    """The bytes of a map file, refused unread when larger than the limit (limits.read_bounded). Raises MapFileError."""
    if path.is_dir():
        raise MapFileError(path, "is a folder, not a map file")
    try:
        return limits.read_bounded(path, limits.MAX_FILE_BYTES, "a map file")
    except limits.LimitError as exc:
        raise MapFileError(path, f"refused: {exc}") from None
    except FileNotFoundError:
        raise MapFileError(path, "no such file") from None
    except OSError as exc:
        raise MapFileError(path, f"cannot be read: {exc.strerror or exc}") from None


def load_map(path: str | Path) -> JourneyMap:
    """Read a map file. Raises MapFileError (or MapValidationError) with a clear message.

    The limits (cjm_helpers.limits) are checked at the door: the size before
    reading, the nesting depth before parsing, counts and lengths in the model.
    """
    path = Path(path)
    return map_from_json(read_limited(path), path)


def as_map(source: JourneyMap | dict | str | Path) -> JourneyMap:
    """A JourneyMap from a map, a dict or a file path."""
    if isinstance(source, JourneyMap):
        return source
    if isinstance(source, dict):
        return map_from_dict(dict(source))
    return load_map(source)


def dumps_map(journey_map: JourneyMap) -> str:
    """File content for a map: indented, stable key order, newline at the end."""
    return json.dumps(journey_map.to_dict(), indent=2, ensure_ascii=False) + "\n"


def save_map(
    journey_map: JourneyMap | dict,
    path: str | Path,
    *,
    overwrite_invalid: bool = False,
) -> Path:
    """Write a map atomically, keeping the previous good version as PATH.bak.

    The map is validated first: an invalid map is never written. An existing
    file that is not a valid map is not replaced unless overwrite_invalid=True
    (it is then kept as PATH.corrupt).
    """
    path = Path(path)
    checked = map_from_dict(
        journey_map.to_dict() if isinstance(journey_map, JourneyMap) else dict(journey_map),
        path,
    )
    content = dumps_map(checked).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    previous = _previous_good(path, overwrite_invalid)
    if previous == content:
        return path
    if previous is not None:
        _atomic_write(backup_path(path), previous)
    _atomic_write(path, content)
    return path


def _previous_good(path: Path, overwrite_invalid: bool) -> bytes | None:
    """The bytes of a valid existing file, None when there is none; refuses to lose a bad one."""
    if not path.exists():
        return None
    raw = path.read_bytes()
    try:
        load_map(path)
    except MapFileError as exc:
        if not overwrite_invalid:
            raise MapFileError(
                path,
                f"not overwritten, because the file there is not a valid map ({exc.problem}). "
                "Fix or move it, or restore the backup, then save again",
            ) from None
        _atomic_write(path.with_name(path.name + ".corrupt"), raw)
        return None
    return raw


def restore_backup(path: str | Path) -> JourneyMap:
    """Put the last good version back in place of a broken map file and return it."""
    path = Path(path)
    backup = backup_path(path)
    good = load_map(backup)
    if path.exists():
        _atomic_write(path.with_name(path.name + ".corrupt"), path.read_bytes())
    _atomic_write(path, backup.read_bytes())
    return good
