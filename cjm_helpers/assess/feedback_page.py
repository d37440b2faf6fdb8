"""The feedback page learners and trainers open: a Content-Security-Policy and a safe MathJax.

`nbgrader generate_feedback` (and Formgrader's feedback button) renders each
graded notebook with the template in templates/cjm_feedback: nbgrader's own
feedback template, with

- a Content-Security-Policy meta tag first in the head: scripts only from the
  pinned MathJax folder and the one inline MathJax configuration (named by its
  sha256), no inline event handlers, no plugins (`object-src 'none'`), no
  `<base>` (`base-uri 'none'`), pictures only as data: URLs (no tracking
  pixels), no forms;
- MathJax 2.7.9 with its Safe extension allowing no links, classes, ids,
  styles or `\\require`.

This is the second line of defence: learner text is already made inert by
assess/inert.py (escaped Markdown, cleaned HTML, broken active TeX). The page
is a single file that travels to the learner, so the policy is a meta tag and
MathJax comes from its CDN folder (a page without network shows the TeX as
typed). Wired up in nbgrader_config.py under "the feedback page".
"""

from __future__ import annotations

import base64
import hashlib
import os

TEMPLATE_NAME = "cjm_feedback"
TEMPLATE_FILE = "page.html.j2"
TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")


def template_dirs() -> list[str]:
    """Where the template is found: ours first, then nbgrader's (it extends nbgrader's feedback template)."""
    import nbgrader

    nbgrader_templates = os.path.join(os.path.dirname(nbgrader.__file__), "server_extensions", "formgrader",
                                      "templates")
    return [TEMPLATES, nbgrader_templates]


def csp_sha256(source: str) -> str:
    """The base64 sha256 of an inline script, as a Content-Security-Policy names it ('sha256-...')."""
    return base64.b64encode(hashlib.sha256(str(source).encode("utf-8")).digest()).decode("ascii")
