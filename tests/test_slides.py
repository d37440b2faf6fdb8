"""`make slides`: every lesson as reveal.js slides, slide breaks set by the build, no navigation."""

from __future__ import annotations

import html
import re

import nbformat
import pytest

from cjm_helpers import slides
from cjm_helpers.course import load_course
from notebook_runner import ROOT

NAV_TAGS = {"cjm-nav", "cjm-contents"}


def headings_in(markdown: str) -> list[str]:
    text = re.sub(r"```.*?```", "", markdown, flags=re.S)
    found = re.findall(r"^#{1,6}\s+(.+?)\s*$", text, re.M)
    return [re.sub(r"[*_`]", "", h) for h in found]


def html_headings(page: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", h)).strip()
            for h in re.findall(r"<h[1-6][^>]*>(.*?)<a class=\"anchor-link\"", page, re.S)]


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.fixture(scope="module")
def unexecuted(tmp_path_factory):
    """Every lesson in the manifest, built without running it (fast)."""
    out = tmp_path_factory.mktemp("slides")
    return out, slides.build(out, run=False, course=load_course(ROOT))


def test_every_lesson_gets_a_deck_and_the_index_links_them(unexecuted):
    out, built = unexecuted
    lessons = load_course(ROOT).of_kind("lesson")
    assert [b.activity.id for b in built] == [a.id for a in lessons]
    index = (out / "index.html").read_text("utf-8")
    for b in built:
        assert b.path.exists() and b.path.name.endswith(".slides.html")
        assert f'href="{b.path.name}"' in index
        assert html.escape(b.activity.title) in index


@pytest.mark.parametrize("activity_id", [a.id for a in load_course(ROOT).of_kind("lesson")])
def test_each_heading_starts_a_section_and_nav_cells_are_left_out(unexecuted, activity_id):
    out, built = unexecuted
    deck = next(b for b in built if b.activity.id == activity_id)
    page = deck.path.read_text("utf-8")
    assert 'class="reveal"' in page and page.count("<section") >= 5
    nb = nbformat.read(ROOT / deck.activity.path, as_version=4)
    wanted = [h for c in nb.cells if c.cell_type == "markdown" and not set(c.metadata.get("tags", [])) & NAV_TAGS
              for h in headings_in(c.source)]
    shown = html_headings(page)
    for heading in wanted:
        assert any(heading.strip() in s for s in shown), f"{activity_id}: heading {heading!r} has no slide"
    # each top-level heading opens its own <section>
    sections = re.split(r"<section>", page)
    for heading in wanted[:3]:
        holders = [s for s in sections if heading in html_headings(s)]
        assert holders, f"{activity_id}: {heading!r} is not inside a section"
    # navigation cells are left out: no links to other notebooks, no nav text
    assert not re.search(r'href="[^"]*\.ipynb', page), f"{activity_id}: a navigation link made it into the slides"
    shown = " ".join(visible_text(page).split())
    nav_links = [" ".join(text.split()) for cell in nb.cells if set(cell.metadata.get("tags", [])) & NAV_TAGS
                 for text in re.findall(r"\[([^\]]+)\]\(", cell.source)]
    assert any("→" in t or "←" in t for t in nav_links), f"{activity_id}: no navigation cell to check"
    for text in nav_links:
        if "→" in text or "←" in text:   # "← previous lesson", "next lesson →": what a learner would see
            assert text not in shown, f"{activity_id}: the navigation link {text!r} is shown in the slides"
    assert "| Contents |" not in shown and "Contents |" not in shown


def test_quiz_is_a_question_slide_with_answers_in_the_notes(unexecuted):
    from cjm_helpers.quiz import load_quiz

    out, built = unexecuted
    deck = next(b for b in built if b.activity.id == "L01")
    page = deck.path.read_text("utf-8")
    quiz = load_quiz(ROOT / deck.activity.path)
    text = visible_text(page)
    assert "Quiz(" not in text  # the code of the quiz cell is not shown
    assert html_headings(page).count("Knowledge check") == 1
    notes = " ".join(re.findall(r'<aside class="notes">(.*?)</aside>', page, re.S))
    for q in quiz.questions:
        assert q.prompt in text
        for option in q.options:
            assert option.feedback in visible_text(notes)  # reasons only in the speaker notes
    assert "Answers:" in visible_text(notes)


def test_executed_deck_shows_the_drawn_maps(tmp_path):
    (deck,) = slides.build(tmp_path, lessons=["L01"], run=True, course=load_course(ROOT))
    page = deck.path.read_text("utf-8")
    images = re.findall(r'<img[^>]+src="data:image/(?:png|svg\+xml)[;,]', page)  # maps show as SVG (issue 14)
    assert len(images) >= 2, "L01 draws two maps (its Try-it is a live widget, not a picture); each should be on a slide"
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert "tryit.feelings" in text and "widget-view" not in page, "the Try-it shows its one line, no dead widget"
    assert "examples.load" not in text, "a cell hidden in the lesson shows only its picture on the slide"
    assert "Traceback" not in visible_text(page)


def test_markdown_pieces_headings_fragments_and_long_sections():
    long_para = " ".join(["word"] * 120)
    pieces = slides.markdown_pieces(
        f"## Stages\n\nFirst short paragraph.\n\n- a list\n- of items\n\n{long_para}\n\n"
        f"### Detail\n\n```python\n# not a heading\nx = 1\n```\n"
    )
    kinds = [k for k, _ in pieces]
    assert kinds == ["slide", "fragment", "subslide", "subslide"]
    assert pieces[0][1].startswith("## Stages\n\nFirst short paragraph.")
    assert pieces[3][1].startswith("### Detail") and "# not a heading" in pieces[3][1]


def test_learner_text_in_the_quiz_slide_is_escaped():
    source = ("from cjm_helpers import Quiz\nQuiz('L01', [{'kind': 'true_false', "
              "'prompt': 'Is <script>alert(1)</script> *bold*?', 'options': ["
              "('True', True, 'because <b>x</b>'), ('False', False, 'no')]}])")
    slide, notes = slides.quiz_slide_cells(source, "test")
    assert "<script>" not in slide.source and "&lt;script&gt;" in slide.source
    assert r"\*bold\*" in slide.source
    assert "&lt;b&gt;x&lt;/b&gt;" in notes.source and notes.metadata["slideshow"]["slide_type"] == "notes"


def test_unknown_lesson_exits_2_with_a_message(tmp_path, capsys):
    assert slides.main([str(tmp_path), "--lesson", "L99", "--no-execute"]) == 2
    assert "no lesson L99 in course.toml" in capsys.readouterr().err
