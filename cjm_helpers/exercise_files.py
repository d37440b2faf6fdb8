"""The map files an exercise works on: the worked solution, and maps carried over from earlier exercises."""

from __future__ import annotations

import shutil
from pathlib import Path


def write_solution_map(solution_file: str | Path, map_path: str | Path) -> Path:
    """Save the worked solution (a solution_*.json beside the notebook) as the learner's map file.

    The map is validated on the way, and any earlier map at map_path is kept as its .bak.
    """
    from .storage import load_map, save_map

    return save_map(load_map(solution_file), map_path, overwrite_invalid=True)


def bring_map(
    target: str | Path,
    earlier: str | Path,
    example: str | None,
    quiet: bool = False,
) -> str:
    """Make sure target holds a map to build on; says where it came from.

    Keeps target when it exists; else copies the learner's map from an earlier
    exercise (earlier, e.g. "../02_current_state/my_current_state.json") when
    it is there and valid; else the named example map (with example=None:
    nothing, and the builder starts an empty map).
    """
    from . import examples
    from .errors import MapFileError
    from .storage import load_map, save_map

    target, earlier = Path(target), Path(earlier)
    if target.exists():
        message = f"Using your map in {target}."
    else:
        try:
            load_map(earlier)
            shutil.copyfile(earlier, target)
            message = f"Copied your map from {earlier} to {target}."
        except MapFileError:
            if example is None:
                message = f"No map at {earlier}: you start with an empty map."
                if not quiet:
                    print(message)
                return message
            save_map(examples.load(example), target)
            message = (
                f"No map of yours at {earlier}, so {target} starts as a copy of the example "
                f"'{example}'. Put your own map there to work on it instead."
            )
    if not quiet:
        print(message)
    return message
