"""Put the course into the member's own home when their server starts (Zero to JupyterHub's postStart hook).

    python -m cjm_helpers.teach.seed     # copies into ~/cjm-workbook unless it is there

The course comes from the installed package's folder (/opt/cjm-workbook in
the image). A trainer (CJM_TRAINER_COURSE set by the hub for the course's
formgrade group) gets the whole course; a learner the lessons and manifest.
An existing copy is never touched: it holds the member's work.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .hub import COURSE_FOLDER, copy_course_files

PACKAGE_ROOT = Path(__file__).resolve().parent.parent.parent


def main() -> int:
    target = Path.home() / COURSE_FOLDER
    trainer = bool(os.environ.get("CJM_TRAINER_COURSE"))
    if copy_course_files(PACKAGE_ROOT, target, trainer=trainer):
        print(f"copied the course into {target}" + (" (trainer's copy)" if trainer else ""))
    else:
        print(f"{target} is there already: left as it is")
    return 0


if __name__ == "__main__":
    sys.exit(main())
