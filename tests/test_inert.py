"""Learner text is inert after grading: the autograde step and the Markdown filter, without nbgrader runs.

The end-to-end proof (a real autograde, Formgrader and the feedback in Chromium)
is tests/test_inert_browser.py.
"""

from __future__ import annotations

import nbformat
from nbconvert import HTMLExporter
from traitlets.config import Config

from cjm_helpers.assess.inert import EscapeSubmissionNames, InertLearnerText, markdown_to_clean_html
from hypothesis import given, settings, strategies as st

from cjm_helpers.assess.sanitise import ZERO_WIDTH_SPACE, clean_html, escape_markdown, unescape_markdown
from hostile_submission import IFRAME, IMG, LINK, SCRIPT, SVG

HOSTILE = f"**My answer** {SCRIPT} {IMG} {LINK} {SVG} {IFRAME} [x](JavaScript:alert(8))"


def graded_markdown(source: str, locked: bool, grade_id: str = "q1") -> nbformat.NotebookNode:
    cell = nbformat.v4.new_markdown_cell(source)
    cell.metadata["nbgrader"] = {"grade": not locked, "solution": not locked, "locked": locked,
                                 "grade_id": grade_id, "points": 1}
    return cell


def hostile_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    answer = graded_markdown(HOSTILE, locked=False)
    course = graded_markdown("Course text with <em>markup</em> the trainer wrote", locked=True, grade_id="intro")
    own = nbformat.v4.new_markdown_cell(f"> a quote {SCRIPT}")
    own.attachments = {"a.png": {"image/png": "iVBORw0KGgo="}, "b.svg": {"image/svg+xml": "PHN2Zz4="}}
    raw = nbformat.v4.new_raw_cell(SCRIPT, metadata={"raw_mimetype": "text/html"})
    code = nbformat.v4.new_code_cell("show()")
    code.outputs = [
        nbformat.v4.new_output("display_data", data={"text/html": f"<b>kept</b>{SCRIPT}{IMG}",
                                                     "text/plain": "<HTML object>"}),
        nbformat.v4.new_output("display_data", data={"application/javascript": "alert(5)",
                                                     "text/plain": "<Javascript object>"}),
        nbformat.v4.new_output("display_data", data={"image/svg+xml": SVG}),
        nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo="},
                               metadata={"image/png": {"width": "1 onerror=alert(1)", "height": 40}}),
        nbformat.v4.new_output("stream", text=SCRIPT),
    ]
    nb.cells = [course, answer, own, raw, code]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    return nb


def test_escape_markdown_keeps_words_and_formatting():
    text = escape_markdown("> quote **bold** <script>x</script> & [l](javascript:y)")
    assert text.startswith("> quote **bold** &lt;script>x&lt;/script> &amp;")
    assert "javascript:" not in text and "java\u200bscript:" in text


def test_clean_html_removes_handlers_and_data_links():
    cleaned = clean_html(f'{IMG}<a href="data:text/html,x">d</a><a href="https://ok">ok</a>')
    assert "onerror" not in cleaned and "data:" not in cleaned and 'href="https://ok"' in cleaned


def test_autograde_step_makes_the_notebook_inert():
    nb, _ = InertLearnerText().preprocess(hostile_notebook(), {})
    course, answer, own, raw, code = nb.cells
    assert course.source == "Course text with <em>markup</em> the trainer wrote", "locked course text is trusted"
    assert answer.source.startswith("**My answer** &lt;script>")
    assert "<" not in answer.source and "java\u200bscript:" in answer.source.lower()
    assert own.source.startswith("> a quote &lt;script>")
    assert set(own.attachments) == {"a.png", "b.svg"} and own.attachments["b.svg"] == {}
    assert raw.source.startswith("&lt;script&gt;")
    html_out, js_out, svg_out, png_out, stream = code.outputs
    assert html_out.data["text/html"] == "<b>kept</b><img src=\"x\">"
    assert "application/javascript" not in js_out.data
    assert js_out.data["text/plain"].startswith("<Javascript object>\n[not shown on grading pages: application/javascript")
    assert svg_out.data == {"text/plain": "[not shown on grading pages: image/svg+xml "
                                          "(only text, cleaned HTML and pictures are)]"}
    assert png_out.metadata == {"image/png": {"height": 40}}
    assert stream.text == SCRIPT, "stream text is escaped by every renderer; left as it was"
    assert "widgets" not in nb.metadata


def test_unknown_or_odd_grade_id_is_not_trusted_or_printed():
    forged = graded_markdown(SCRIPT, locked=True, grade_id='x"><script>alert(1)</script>')
    nb = nbformat.v4.new_notebook(cells=[forged])
    nb, _ = InertLearnerText().preprocess(nb, {})
    assert "grade_id" not in nb.cells[0].metadata.nbgrader
    unlocked_course_cell = nbformat.v4.new_markdown_cell(SCRIPT)  # instructions a learner could edit
    nb, _ = InertLearnerText().preprocess(nbformat.v4.new_notebook(cells=[unlocked_course_cell]), {})
    assert nb.cells[0].source.startswith("&lt;script>")


def test_feedback_markdown_filter_cleans_any_cell():
    """Even a cell that was never through the autograde step renders without script."""
    config = Config()
    config.HTMLExporter.filters = {"markdown2html": "cjm_helpers.assess.inert.markdown_to_clean_html"}
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"**bold** {HOSTILE}")])
    html, _ = HTMLExporter(config=config, template_name="classic").from_notebook_node(nb)
    body = html[html.index("<body"):]
    for attack in ("<script>window", "onerror=", "onload=", "<iframe", "javascript:"):
        assert attack not in body.replace("JavaScript:", "javascript:"), attack
    assert "<strong>bold</strong>" in body and "My answer" in body
    assert markdown_to_clean_html({"cell": {}}, "<b>x</b>") == "<p><b>x</b></p>\n"


def test_formgrader_names_are_escaped():
    resources = {"student": "<b>m</b>", "first_name": IMG, "last_name": None, "index": 0}
    _, out = EscapeSubmissionNames().preprocess(nbformat.v4.new_notebook(), resources)
    assert out["student"] == "&lt;b&gt;m&lt;/b&gt;" and "<img" not in out["first_name"]
    assert out["last_name"] is None and out["index"] == 0


def test_plain_formatting_shows_as_formatting_and_the_rest_as_typed():
    """<b>, <i> and lists render; a tag with attributes or outside the list shows as typed."""
    answer = graded_markdown("<b>bold</b>, <I>it</I>, <b onclick=\"alert(1)\">x</b>\n\n<ul><li>one</li></ul>\n\n"
                             f"{SCRIPT} <mark>m</mark>", locked=False)
    nb, _ = InertLearnerText().preprocess(nbformat.v4.new_notebook(cells=[answer]), {})
    html = markdown_to_clean_html({"cell": nb.cells[0]}, nb.cells[0].source)
    assert "<b>bold</b>" in html and "<i>it</i>" in html and "<ul><li>one</li></ul>" in html
    assert "&lt;b onclick=\"alert(1)\"&gt;x" in html, "a tag with attributes shows as typed"
    assert "&lt;script&gt;window.__pwned" in html and "&lt;mark&gt;m" in html
    assert "onclick=\"alert" not in html.replace("&lt;b onclick=\"alert", "")


def test_active_tex_is_broken_but_formulas_are_not():
    """MathJax would typeset \\href (or a macro that builds one) into a link: the backslash is cut off."""
    tex = r"$\frac{1}{2}$ $\href{https://x}{a}$ $\newcommand{\go}[1]{\href{java#1}{b}}\go{script:x}$ \\class \cssId"
    escaped = escape_markdown(tex)
    assert escaped.startswith(r"$\frac{1}{2}$ ")
    for command in ("href", "newcommand", "class", "cssId"):
        assert "\\" + command not in escaped and "\\\u200b" + command in escaped, command
    # The Markdown filter does it again on the rendered HTML, where Markdown's own escapes are undone.
    html = markdown_to_clean_html({"cell": {}}, r"\\href and $\href{a}{b}$ and $\frac{1}{2}$")
    assert "\\href" not in html and html.count("\\\u200bhref") == 2 and r"\frac{1}{2}" in html
    course = graded_markdown("", locked=True, grade_id="intro")
    assert r"\href" in markdown_to_clean_html({"cell": course}, r"$\href{https://x}{course link}$"), "course text trusted"


# text a learner might type around the places escape_markdown changes: tags, entities, schemes, TeX
PIECES = st.sampled_from(["<", ">", "&", "&lt;", "&amp;", ";", "<b>", "</li>", "<script>", "\\", "\\href", "\\Def",
                          "\\hrefx", "javascript:", "VBScript :", "java", "script", "$", "*", "_", "`", "|", " ", "\n",
                          "a", "Zoë", "€"])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES | st.text(max_size=4).filter(lambda t: ZERO_WIDTH_SPACE not in t), max_size=12))
def test_unescape_markdown_gives_back_what_escape_markdown_was_given(pieces):
    text = "".join(pieces)
    assert unescape_markdown(escape_markdown(text)) == text
