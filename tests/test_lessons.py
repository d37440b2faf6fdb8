"""Every lesson in the manifest has the lesson shape a learner relies on.

Objectives and minutes at the top, 800-2,000 words of prose, one knowledge check
that keeps the Quiz contract, a Try-it cell, key points, references, and
navigation cells at both ends; no code in sight (setup cells hidden, visible cells
at most three lines, Try-it cells are widgets), example maps as files, and links to
the glossary. (Whether the navigation cells are current and
their links resolve is tests/test_course_manifest.py's job.)
"""

from __future__ import annotations

import re

import nbformat
import pytest

from cjm_helpers.course import load_course
from cjm_helpers.quiz import MULTIPLE, SINGLE, TRUE_FALSE, QuizError, load_quiz
from notebook_runner import ROOT

NAV_TAGS = {"cjm-nav", "cjm-contents"}
MIN_WORDS, MAX_WORDS = 800, 2000


def lessons() -> list:
    return [a for a in load_course(ROOT).of_kind("lesson") if a.id != "L00"]


def lesson_ids() -> list[str]:
    return [a.id for a in lessons()]


@pytest.fixture(params=lesson_ids())
def lesson(request):
    activity = next(a for a in lessons() if a.id == request.param)
    path = ROOT / activity.path
    if not path.exists():
        pytest.fail(f"{activity.id}: {activity.path} is in course.toml but not written yet")
    return activity, nbformat.read(path, as_version=4)


def tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def prose_cells(nb) -> list:
    return [c for c in nb.cells if c.cell_type == "markdown" and not tags(c) & NAV_TAGS]


def words(markdown: str) -> int:
    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)       # code blocks
    text = re.sub(r"`[^`]*`", " ", text)                          # inline code
    text = re.sub(r"\]\([^)]*\)", "]", text)                      # link targets
    text = re.sub(r"<[^>]+>", " ", text)                          # HTML tags
    return len(re.findall(r"[A-Za-zÀ-ÿ0-9][\w'’\-]*", text))


def heading_cell(nb, pattern: str):
    """The first Markdown cell with a heading matching pattern, and its index."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and re.search(rf"^#+\s*{pattern}", cell.source, re.M | re.I):
            return i, cell
    return None, None


def section(cell_source: str, pattern: str) -> str:
    """The text under a heading up to the next heading."""
    match = re.search(rf"^#+\s*{pattern}[^\n]*\n(.*?)(?=^#|\Z)", cell_source, re.M | re.I | re.S)
    return match.group(1) if match else ""


def test_title_then_navigation_then_objectives(lesson):
    activity, nb = lesson
    number = int(activity.id[1:])
    first = nb.cells[0]
    assert first.cell_type == "markdown" and re.match(rf"# Lesson {number}: \S", first.source), (
        f"{activity.id}: the first cell must be the title '# Lesson {number}: …', got {first.source[:60]!r}")
    assert "cjm-nav" in tags(nb.cells[1]), f"{activity.id}: the second cell must be the cjm-nav cell"
    assert "cjm-nav" in tags(nb.cells[-1]), f"{activity.id}: the last cell must be the cjm-nav cell"
    index, cell = heading_cell(nb, "Learning objectives")
    assert cell is not None and index <= 3, f"{activity.id}: 'Learning objectives' must come right after the title"
    items = re.findall(r"^\s*[-*] \S", section(cell.source, "Learning objectives"), re.M)
    assert len(items) >= 2, f"{activity.id}: the learning objectives need a list of at least two"


def test_minutes_stated_match_the_manifest(lesson):
    activity, nb = lesson
    top = "\n".join(c.source for c in nb.cells[:4] if c.cell_type == "markdown")
    stated = re.findall(r"About (\d+) minutes", top)
    assert stated, f"{activity.id}: say 'About {activity.minutes} minutes' near the top"
    assert [int(m) for m in stated] == [activity.minutes], (
        f"{activity.id}: the lesson says {stated} minutes, course.toml says {activity.minutes}")


def test_prose_length(lesson):
    activity, nb = lesson
    count = sum(words(c.source) for c in prose_cells(nb))
    assert MIN_WORDS <= count <= MAX_WORDS, (
        f"{activity.id}: {count} words of Markdown prose; a lesson has {MIN_WORDS}-{MAX_WORDS}")


def test_one_knowledge_check_keeping_the_contract(lesson):
    activity, nb = lesson
    try:
        quiz = load_quiz(ROOT / activity.path)  # exactly one cjm-quiz cell, validated strictly
    except QuizError as exc:
        pytest.fail(str(exc))
    assert quiz.activity_id == activity.id, f"{activity.path}: the quiz records {quiz.activity_id}, not {activity.id}"
    assert 3 <= quiz.total <= 5, f"{activity.id}: {quiz.total} questions; a knowledge check has 3 to 5"
    for number, q in enumerate(quiz.questions, 1):
        correct = len(q.correct_indexes)
        if q.kind in (SINGLE, TRUE_FALSE):
            assert correct == 1, f"{activity.id}, question {number}: {correct} correct options"
        assert all(o.feedback.strip() for o in q.options), f"{activity.id}, question {number}: feedback missing"
    kinds = {q.kind for q in quiz.questions}
    assert {SINGLE, TRUE_FALSE} <= kinds and (MULTIPLE in kinds), (
        f"{activity.id}: use single, multiple and true/false questions (found {sorted(kinds)})")


def test_quiz_cell_comes_after_the_teaching(lesson):
    activity, nb = lesson
    quiz_at = next(i for i, c in enumerate(nb.cells) if "cjm-quiz" in tags(c))
    key_at, _ = heading_cell(nb, "Key points")
    try_at, _ = heading_cell(nb, "Try it")
    assert try_at is not None and key_at is not None
    assert try_at < quiz_at < key_at, f"{activity.id}: order is Try it, knowledge check, Key points"


def test_try_it_cell(lesson):
    activity, nb = lesson
    index, cell = heading_cell(nb, "Try it")
    assert cell is not None, f"{activity.id}: no 'Try it' heading"
    following = nb.cells[index + 1] if index + 1 < len(nb.cells) else None
    assert following is not None and following.cell_type == "code" and following.source.strip(), (
        f"{activity.id}: the 'Try it' heading must be followed by a code cell the learner can change")


def test_key_points_and_references(lesson):
    activity, nb = lesson
    _, key = heading_cell(nb, "Key points")
    assert key is not None, f"{activity.id}: no 'Key points' section"
    assert len(re.findall(r"^\s*[-*] \S", section(key.source, "Key points"), re.M)) >= 3, (
        f"{activity.id}: key points need a list of at least three")
    _, refs = heading_cell(nb, "References")
    assert refs is not None, f"{activity.id}: no 'References' section"
    entries = re.findall(r"^\s*[-*] .*\(?(1[89]\d\d|20\d\d)", section(refs.source, "References"), re.M)
    assert entries, f"{activity.id}: references need at least one dated entry (author, year, title)"


def test_at_least_one_map_drawn_live(lesson):
    activity, nb = lesson
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert re.search(r"\b(draw_map|draw_blueprint|draw_day|draw_comparison|plot_\w+)\(", code), (
        f"{activity.id}: draw at least one worked example live with cjm_helpers")


def test_example_maps_the_lessons_load_pass_the_checks():
    from cjm_helpers import check_map, examples

    used = set()
    for activity in lessons():
        path = ROOT / activity.path
        if path.exists():
            code = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
            used |= set(re.findall(r"examples\.load\([\"']([\w-]+)[\"']\)", code))
            used |= set(re.findall(r"tryit\.\w+\([\"']([\w-]+)[\"']", code))
    assert used, "no lesson loads an example map"
    for name in sorted(used):
        report = check_map(examples.path(name))
        assert report.ok, f"example {name!r} used by a lesson: {report}"


MAX_VISIBLE_LINES = 3


def code_lines(cell) -> list[str]:
    return [line for line in cell.source.splitlines() if line.strip() and not line.strip().startswith("#")]


def hidden(cell) -> bool:
    return bool(cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"))


def test_no_code_in_sight(lesson):
    """A learner who never reads code misses nothing: longer cells only set up a picture and are hidden.

    The knowledge-check cells are left out here: they are data, moving to data files (issue 13).
    """
    activity, nb = lesson
    for number, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or hidden(cell) or "cjm-quiz" in tags(cell):
            continue
        lines = code_lines(cell)
        assert len(lines) <= MAX_VISIBLE_LINES, (
            f"{activity.id}, cell {number}: {len(lines)} visible lines of code; hide a setup cell "
            f"(metadata.jupyter.source_hidden) or keep it to {MAX_VISIBLE_LINES} lines")


def test_try_it_is_a_widget_not_python_to_edit(lesson):
    activity, nb = lesson
    index, _ = heading_cell(nb, "Try it")
    following = nb.cells[index + 1]
    assert not hidden(following) and re.search(r"\btryit\.\w+\(|MapBuilder\(", following.source), (
        f"{activity.id}: the Try-it cell should open a small widget (cjm_helpers.tryit) or the builder")


def test_example_maps_are_files_not_code(lesson):
    activity, nb = lesson
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code" and "cjm-quiz" not in tags(c))
    built = re.findall(r"\b(Touchpoint|JourneyMap|Stage|PainPoint|Persona)\(", code)
    assert not built, f"{activity.id}: builds a map in code ({sorted(set(built))}); ship it in cjm_helpers/examples/"


def glossary_anchors() -> set[str]:
    glossary = nbformat.read(ROOT / "lessons" / "glossary.ipynb", as_version=4)
    text = "\n".join(c.source for c in glossary.cells if c.cell_type == "markdown")
    return {h.strip().replace(" ", "-") for h in re.findall(r"^###\s+(.+)$", text, re.M)}


def test_lesson_links_its_terms_to_the_glossary(lesson):
    activity, nb = lesson
    prose = "\n".join(c.source for c in prose_cells(nb))
    links = re.findall(r"\]\(glossary\.ipynb#([^)]+)\)", prose)
    assert len(links) >= 2, f"{activity.id}: link the first use of the lesson's terms to the glossary"
    unknown = set(links) - glossary_anchors()
    assert not unknown, f"{activity.id}: glossary links to missing entries {sorted(unknown)}"
    assert len(links) == len(set(links)), f"{activity.id}: link a term to the glossary at its first use only"
