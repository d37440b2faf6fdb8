"""A hostile submission, autograded, opened in Chromium: on Formgrader and in the feedback nothing runs.

One real `nbgrader autograde` and `generate_feedback` of mallory's 02_current_state
(tests/hostile_submission.py: script, onerror, javascript: links, svg onload, an
iframe srcdoc in her answers, markup in her names in the gradebook; HTML, JavaScript and an onerror output from her
code cell) is shared by the module. Each page is watched with Playwright's
dialog and console listeners; every payload would set `window.__pwned` and open
a dialog. Her words must still be on the page, as the characters she typed.
"""

from __future__ import annotations

import nbformat
import pytest

from browser import chromium_page, jupyter_lab, screenshot
from hostile_submission import (ASSIGNMENT, COURSE_ID, FIRST_NAME, IMG, LAST_NAME, SCRIPT, STUDENT, autograded_path, course_env,
                                feedback_path, hostile_course)

SHOWN_AS_TEXT = [SCRIPT, IMG, "<iframe srcdoc=", "My own notes"]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return hostile_course(tmp_path_factory.mktemp("hostile"))


class Watch:
    """Dialogs and console messages of a page, and whether a payload set window.__pwned."""

    def __init__(self, page):
        self.page, self.dialogs, self.console = page, [], []
        page.on("dialog", self._dialog)
        page.on("console", lambda message: self.console.append(message.text))

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def assert_nothing_ran(self):
        self.page.wait_for_timeout(1500)  # give onload/onerror handlers time to fire
        pwned = [frame.evaluate("() => typeof window.__pwned === 'undefined' ? null : String(window.__pwned)")
                 for frame in self.page.frames]
        assert self.dialogs == [], f"a learner's script opened a dialog: {self.dialogs}"
        assert [p for p in pwned if p] == [], f"a learner's script ran: window.__pwned = {pwned}"
        assert not [m for m in self.console if "pwned" in m], self.console
        assert self.page.locator("iframe, script:not([src])").evaluate_all(
            "els => els.filter(e => e.textContent.includes('pwned') || e.srcdoc).length") == 0


def test_autograded_notebook_is_inert(course):
    nb = nbformat.read(autograded_path(course), as_version=4)
    outputs = [o for c in nb.cells for o in c.get("outputs", []) if "data" in o]
    assert {kind for o in outputs for kind in o.data} <= {"text/plain", "text/html", "text/markdown", "image/png"}
    assert not [o for o in outputs if "<script" in o.data.get("text/html", "") + o.data.get("text/markdown", "")]
    assert "widgets" not in nb.metadata
    answer = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id", "").endswith("moment"))
    assert answer.source.startswith("The moment of truth is the phone call. &lt;script>")


def test_feedback_in_the_browser_runs_nothing_and_shows_the_words(course, chromium):
    with chromium_page(chromium) as page:
        watch = Watch(page)
        page.goto(feedback_path(course).as_uri())
        page.wait_for_selector("text=Student's answer")
        watch.assert_nothing_ran()
        screenshot(page, "inert-feedback.png")
        body = page.inner_text("body")
        for words in SHOWN_AS_TEXT:
            assert words in body, f"the learner's text {words!r} is not shown"
        assert "Score: 6.0 / 8.0" in body


def test_formgrader_runs_nothing_and_shows_the_words(course, chromium):
    from nbgrader.api import Gradebook

    db = "sqlite:///" + str(course / "build" / "nbgrader" / "gradebook.db")
    with Gradebook(db, COURSE_ID) as gradebook:
        submission_id = gradebook.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, STUDENT).id
    env = course_env(course.parent)
    with jupyter_lab(course, env=env, timeout=120) as server, chromium_page(chromium) as page:
        watch = Watch(page)
        page.goto(server.page_url(f"/formgrader/submissions/{submission_id}/"), timeout=120_000)
        page.wait_for_selector("text=Student's answer", timeout=120_000)
        page.wait_for_selector("input.score", state="attached")  # Formgrader's own script is running
        watch.assert_nothing_ran()
        screenshot(page, "inert-formgrader.png")
        body = page.inner_text("body")
        for words in SHOWN_AS_TEXT:
            assert words in body, f"the learner's text {words!r} is not shown on Formgrader"
        assert "bold words" in body and "shown text" in body, "cleaned HTML outputs still show their words"
        hidden_until_asked = page.locator("body").text_content()  # Formgrader hides names by default
        assert f"{LAST_NAME}, {FIRST_NAME}" in hidden_until_asked, "the student's names are shown as text"
