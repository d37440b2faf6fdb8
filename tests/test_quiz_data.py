"""Knowledge checks that test: no answer key in sight, one author source, shuffles per learner."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import nbformat
import pytest

from cjm_helpers.course import load_course
from cjm_helpers.quiz import MULTIPLE, SINGLE, TRUE_FALSE, QuizError, author_quiz, load_quiz, show_quiz
from cjm_helpers.quiz_files import build_all, data_path, lesson_quizzes, main, read_data, read_source
from notebook_runner import ROOT, run_notebook

COURSE = load_course(ROOT)
LESSONS = [a for a in COURSE.of_kind("lesson") if a.id != "L00"]


def every_stored_notebook() -> list[Path]:
    return sorted(p for folder in ("lessons", "exercises", "solutions", "workshop", "trainer")
                  for p in (ROOT / folder).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


# --- out of the learner's sight ------------------------------------------------------

def verdict_literals(source: str) -> list[str]:
    """(text, True/False, text) tuples and {"correct": ...} dicts written in a code cell."""
    code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Tuple, ast.List)) and len(node.elts) == 3:
            a, b, c = node.elts
            if all(isinstance(x, ast.Constant) for x in (a, b, c)) and isinstance(a.value, str) \
                    and isinstance(b.value, bool) and isinstance(c.value, str):
                found.append(ast.unparse(node)[:60])
        if isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            if keys & {"correct", "right", "is_correct"}:
                found.append(ast.unparse(node)[:60])
    return found


@pytest.mark.parametrize("path", every_stored_notebook(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_notebook_json_holds_a_correct_answer_flag(path):
    nb = nbformat.read(path, as_version=4)
    for n, cell in enumerate(nb.cells, 1):
        if cell.cell_type == "code":
            assert not verdict_literals(cell.source), f"{path}, cell {n}: options written with their verdicts"
            assert "Quiz(" not in cell.source, f"{path}, cell {n}: a quiz written into the notebook"
    text = path.read_text("utf-8")
    assert not re.search(r'"(correct|right|is_correct|answer_key)"\s*:\s*(true|false)', text), path


def test_the_verdict_scan_finds_the_old_quiz_cells():
    old = "Quiz('L01', [{'kind': 'single', 'options': [('A', True, 'yes'), ('B', False, 'no')]}])"
    assert len(verdict_literals(old)) == 2
    assert verdict_literals("x = Touchpoint(moment_of_truth=True, name='a')") == []


@pytest.mark.parametrize("activity", LESSONS, ids=lambda a: a.id)
def test_the_quiz_cell_is_one_hidden_line_reading_the_data_file(activity):
    nb = nbformat.read(ROOT / activity.path, as_version=4)
    (cell,) = [c for c in nb.cells if "cjm-quiz" in c.metadata.get("tags", [])]
    assert cell.source.splitlines()[-1] == f'show_quiz("{activity.id}")'
    assert len(cell.source.splitlines()) <= 2
    assert cell.metadata["jupyter"]["source_hidden"] is True


@pytest.mark.parametrize("activity", LESSONS, ids=lambda a: a.id)
def test_the_data_file_shows_no_verdict_and_no_feedback_at_a_glance(activity):
    path = data_path(activity.path, ROOT)
    data = json.loads(path.read_text("utf-8"))
    author = author_quiz(activity.id)
    text = path.read_text("utf-8")
    for q, authored in zip(data["questions"], author.questions):
        assert {tuple(sorted(o)) for o in q["options"]} == {("feedback", "id", "key", "text")}
        keys = [o["key"] for o in q["options"]]
        assert all(re.fullmatch(r"[0-9a-f]{16}", k) for k in keys) and len(set(keys)) == len(keys)
        for option in authored.options:
            assert option.feedback not in text  # the reasons ("Right: ...") are obscured
        # stored in id order, not the author's: the author's first option is not always first
    firsts = [q["options"][0]["text"] == a.options[0].text for q, a in zip(data["questions"], author.questions)]
    assert not all(firsts) or len(firsts) < 3


def test_a_data_file_with_a_broken_key_is_refused_naming_the_file(tmp_path):
    activity = LESSONS[0]
    data = json.loads(data_path(activity.path, ROOT).read_text("utf-8"))
    data["questions"][0]["options"][0]["key"] = "0" * 16
    path = tmp_path / "x.quiz.json"
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(QuizError, match=r"x\.quiz\.json, q1, option .*: key: does not match; run `make quizzes`"):
        read_data(path)
    with pytest.raises(QuizError, match="the quiz data file is missing; run `make quizzes`"):
        read_data(tmp_path / "none.quiz.json")


# --- one readable source, validated, and the data files agree with it --------------------

def test_every_lesson_has_one_author_source_and_its_data_file_is_up_to_date():
    found = {a.id for a, _, _ in lesson_quizzes(COURSE)}
    assert found == {a.id for a in LESSONS}
    assert build_all(COURSE, write=False) == [], "a quiz data file is out of date: run `make quizzes`"
    assert main(["check"]) == 0


@pytest.mark.parametrize("activity", LESSONS, ids=lambda a: a.id)
def test_the_learner_gets_exactly_the_authors_questions_answers_and_feedback(activity):
    author = author_quiz(activity.id)
    _, learner = read_data(data_path(activity.path, ROOT))
    assert len(learner) == author.total
    for a, b in zip(author.questions, learner):
        assert (a.kind, a.prompt) == (b.kind, b.prompt)
        assert {(o.text, o.correct, o.feedback) for o in a.options} == {(o.text, o.correct, o.feedback) for o in b.options}
    assert load_quiz(ROOT / activity.path).questions == author.questions  # the lesson's cell names this source


def test_a_broken_source_is_refused_naming_file_question_and_problem(tmp_path):
    path = tmp_path / "L01.toml"
    path.write_text('activity = "L01"\n[[question]]\nkind = "single"\nprompt = "Which?"\n'
                    '[[question.option]]\ntext = "A"\nright = true\nfeedback = "yes"\n'
                    '[[question.option]]\ntext = "B"\nright = true\nfeedback = "no"\n', "utf-8")
    with pytest.raises(QuizError, match=r"L01\.toml: L01, question 1 \(single choice\): exactly one option must be "
                                        r"correct; 2 are marked correct"):
        read_source(path)
    path.write_text('activity = "L01"\n[[question]]\nkind = "single"\npromt = "Which?"\n', "utf-8")
    with pytest.raises(QuizError, match=r"L01\.toml, question 1: 'promt': unknown key"):
        read_source(path)


# --- not guessable by length or position; true/false balanced ---------------------------

def authored_questions():
    return [(a.id, n, q) for a in LESSONS for n, q in enumerate(author_quiz(a.id).questions, 1)]


def test_the_right_option_is_not_given_away_by_its_length():
    singles = [(aid, n, q) for aid, n, q in authored_questions() if q.kind == SINGLE]
    longest = []
    for aid, n, q in singles:
        (right,) = [o for o in q.options if o.correct]
        wrong = max(len(o.text) for o in q.options if not o.correct)
        assert len(right.text) <= 1.25 * wrong, f"{aid} question {n}: the right option is far the longest"
        if len(right.text) > wrong:
            longest.append(f"{aid} q{n}")
    assert len(longest) <= len(singles) / 3, f"the right option is the longest too often: {longest}"


def test_true_false_answers_are_balanced():
    answers = [next(o.text for o in q.options if o.correct)
               for _, _, q in authored_questions() if q.kind == TRUE_FALSE]
    assert abs(answers.count("True") - answers.count("False")) <= 1, answers
    assert "True" in answers and "False" in answers


def test_multiple_choice_is_not_all_right():
    for aid, n, q in authored_questions():
        if q.kind == MULTIPLE:
            assert 1 <= len(q.correct_indexes) < len(q.options), f"{aid} question {n}"


# --- shuffled per learner ------------------------------------------------------------------

def order(quiz):
    return [tuple(o.text for o in q.options) for q in quiz.questions]


def test_the_shuffle_is_stable_for_a_learner_and_differs_between_learners():
    ana = [order(show_quiz(a.id, display=False, learner="ana")) for a in LESSONS]
    again = [order(show_quiz(a.id, display=False, learner="ana")) for a in LESSONS]
    bob = [order(show_quiz(a.id, display=False, learner="bob")) for a in LESSONS]
    assert ana == again
    assert ana != bob
    differing = sum(x != y for lesson_a, lesson_b in zip(ana, bob) for x, y in zip(lesson_a, lesson_b))
    assert differing >= 10  # most questions, not one by chance


def test_the_right_option_moves_between_learners():
    positions = set()
    for learner in ("ana", "bob", "chen", "dara", "eli", "fatima"):
        quiz = show_quiz("L01", display=False, learner=learner)
        positions.add(next(iter(quiz.questions[0].correct_indexes)))
    assert len(positions) >= 2


def test_the_learner_id_comes_from_the_cpd_name(monkeypatch):
    from cjm_helpers.quiz import learner_id

    monkeypatch.setenv("CJM_LEARNER_NAME", "Ana Lima")
    assert learner_id() == "Ana Lima"
    assert order(show_quiz("L01", display=False)) == order(show_quiz("L01", display=False, learner="Ana Lima"))


def test_a_lesson_quiz_cell_runs_in_a_kernel_without_showing_the_answers(tmp_path):
    activity = LESSONS[0]
    nb = nbformat.read(ROOT / activity.path, as_version=4)
    (cell,) = [c for c in nb.cells if "cjm-quiz" in c.metadata.get("tags", [])]
    small = nbformat.v4.new_notebook()
    small.cells = [nbformat.v4.new_code_cell(cell.source)]
    folder = tmp_path / "src"
    folder.mkdir()
    nbformat.write(small, folder / "quiz.ipynb")
    out = run_notebook(folder / "quiz.ipynb", tmp_path / "run")
    outputs = out.cells[0].outputs
    assert not [o for o in outputs if o.output_type == "error"], outputs
    assert [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    state = json.dumps(out.metadata.get("widgets", {}))
    for q in author_quiz(activity.id).questions:
        for option in q.options:
            assert option.feedback not in state  # no feedback before the learner answers


def test_the_authors_order_does_not_give_the_answer_away_in_slides():
    positions = [next(iter(q.correct_indexes)) for _, _, q in authored_questions() if q.kind == SINGLE]
    for position in set(positions):
        assert positions.count(position) <= len(positions) / 2, f"the right option is option {position + 1} too often"
