"""The map file a builder edits: open without ever raising or writing, save only over what we read.

Opening never changes the file. A file that cannot be used becomes a `FileProblem`
(what is wrong, and whether a good backup exists) instead of an exception. Saving
refuses to replace a file that changed on disk since it was read or last saved
(another cell, another tab): that becomes a "conflict" problem the learner resolves.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..atomic import atomic_write_bytes
from ..errors import CJMError, MapFileError, MapValidationError
from ..model import JourneyMap, MapType
from ..storage import backup_path, dumps_map, load_map, map_from_dict, restore_backup, save_map


@dataclass(frozen=True)
class FileProblem:
    """Why the builder cannot edit the file as it is: kind is unreadable, wrong_type or conflict."""

    kind: str
    message: str
    found_type: MapType | None = None
    details: tuple[str, ...] = ()       # a map's problems, one each (field: what and the fix)

    def __str__(self) -> str:
        return self.message


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        return b""


def type_label(map_type: MapType | str) -> str:
    """current_state -> 'current-state', service_blueprint -> 'service blueprint' (the exercises' words)."""
    return MapType(map_type).words


def _os_problem(exc: OSError) -> str:
    """An operating-system error in plain words (the path is named by the MapFileError)."""
    if isinstance(exc, IsADirectoryError):
        return "is a folder, not a file: nothing was written. Rename or move the folder, or use another file name"
    if isinstance(exc, PermissionError):
        return "cannot be written here (permission denied): nothing was written"
    return f"cannot be written ({exc.strerror or type(exc).__name__}): nothing was written"


class MapFile:
    """One map file on disk and what the builder last knew of it."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._known: bytes | None = None  # file bytes at the last read or save; None: no file
        self.pinned_backup: bytes | None = None  # a version the .bak keeps (the one before a removal)

    # --- reading ------------------------------------------------------------
    def exists(self) -> bool:
        return self.path.exists()

    def read(self, expected: MapType | str | None = None) -> tuple[JourneyMap | None, FileProblem | None]:
        """(map, None), or (None, problem) for an absent file (both None), a broken or wrong-type file."""
        raw = _read_bytes(self.path)
        if raw is None:
            self._known = None
            return None, None
        self._known = raw
        try:
            journey = load_map(self.path)
        except MapValidationError as exc:
            return None, FileProblem("unreadable", str(exc.problem),
                                     details=tuple(exc.shown_problems("check the file to list every one")))
        except MapFileError as exc:
            return None, FileProblem("unreadable", str(exc.problem))
        except Exception as exc:  # noqa: BLE001 - opening must never raise on a learner's file
            return None, FileProblem("unreadable", f"cannot be read as a map ({type(exc).__name__})")
        if expected is not None and journey.map_type != MapType(expected):
            return journey, FileProblem(
                "wrong_type",
                f"holds a {type_label(journey.map_type)} map, but this builder makes a "
                f"{type_label(expected)} map",
                found_type=journey.map_type,
            )
        return journey, None

    def changed_on_disk(self) -> bool:
        """True when the file is not what the builder last read or wrote."""
        return _read_bytes(self.path) != self._known

    # --- backup -------------------------------------------------------------
    @property
    def backup(self) -> Path:
        return backup_path(self.path)

    def good_backup(self) -> JourneyMap | None:
        """The map in the backup file when it is there and valid."""
        if not self.backup.is_file():
            return None
        try:
            return load_map(self.backup)
        except Exception:  # noqa: BLE001
            return None

    def restore(self) -> JourneyMap:
        """Put the backup in place (the broken file is kept as .corrupt) and return it; MapFileError when it cannot."""
        try:
            journey = restore_backup(self.path)
        except OSError as exc:
            raise MapFileError(self.path, _os_problem(exc)) from exc
        self._known = _read_bytes(self.path)
        return journey

    def pin_backup(self, journey: JourneyMap) -> None:
        """From now on the .bak keeps `journey` (the version before a removal), not the last save's."""
        self.pinned_backup = dumps_map(journey).encode("utf-8")

    # --- writing ------------------------------------------------------------
    def save(self, journey: JourneyMap, *, force: bool = False, replace_invalid: bool = False) -> Path:
        """Save atomically with a .bak; refuses when the file changed on disk since we knew it (unless force).

        Raises FileConflict for a file changed on disk, MapFileError for any other reason it cannot save.
        """
        if not force and self.changed_on_disk():
            raise FileConflict(
                self.path,
                "changed on disk since the builder read it (another cell or tab wrote it); "
                "not overwritten",
            )
        try:
            if self.pinned_backup is not None and not replace_invalid:
                # the .bak keeps the pinned version at every moment: write it first, then the map
                content = dumps_map(map_from_dict(journey.to_dict(), self.path)).encode("utf-8")
                atomic_write_bytes(self.backup, self.pinned_backup)
                atomic_write_bytes(self.path, content)
            else:
                save_map(journey, self.path, overwrite_invalid=replace_invalid)
        except OSError as exc:
            raise MapFileError(self.path, _os_problem(exc)) from exc
        self._known = _read_bytes(self.path)
        return self.path


class FileConflict(MapFileError):
    """The file changed under the builder: saving would lose someone's work."""


__all__ = ["MapFile", "FileProblem", "FileConflict", "type_label", "CJMError"]
