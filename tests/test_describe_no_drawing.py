"""describe_map is text: printing a map's description (as exercise 01 does) loads no drawing code.

Under nbgrader the kernel of every submission runs that cell, so matplotlib
there would cost each graded notebook its import time for nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

CELL = """
import json, sys
from cjm_helpers import examples
from cjm_helpers import describe_map
text = describe_map(examples.load("language_course_current"))
print(json.dumps({"matplotlib": "matplotlib" in sys.modules, "text": text}))
"""


def test_describing_a_map_under_grading_loads_no_matplotlib(tmp_path):
    env = dict(os.environ, NBGRADER_EXECUTION="autograde")
    done = subprocess.run([sys.executable, "-c", CELL], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    assert shown["text"].startswith("Current-state journey map: ") and "Persona: " in shown["text"]
    assert shown["matplotlib"] is False, "describe_map imported matplotlib"


def test_the_drawings_share_the_same_words():
    from cjm_helpers.describe import MAP_TYPE_WORDS, describe_map
    from cjm_helpers.draw import describe_map as drawn_describe_map
    from cjm_helpers.draw.frame import MAP_TYPE_WORDS as frame_words

    assert drawn_describe_map is describe_map and frame_words is MAP_TYPE_WORDS
