"""The knowledge-check widget: strict contract, marking, feedback on the chosen options, retries, CPD record."""

from __future__ import annotations

import html

import ipywidgets as w
import nbformat
import pytest

from cjm_helpers import Quiz
from cjm_helpers.cpd import load_records
from cjm_helpers.quiz import QuizError, load_quiz, quiz_from_source
from notebook_runner import run_notebook


def questions():
    return [
        {"kind": "single", "prompt": "Which is a channel?", "options": [
            ("Email", True, "Email is the medium the interaction travels through."),
            ("Booking a room", False, "That is a touchpoint: the moment, not the medium."),
            ("Feeling relieved", False, "That is an emotion recorded at a touchpoint."),
        ]},
        {"kind": "multiple", "prompt": "Select all map types", "options": [
            ("Current state", True, "It shows the journey as it is today."),
            ("Sales forecast", False, "A forecast counts money; it is not a journey map."),
            ("Service blueprint", True, "It adds the organisation's side under the journey."),
        ]},
        {"kind": "true_false", "prompt": "A journey map takes the company's process view.", "options": [
            ("True", False, "No: it takes the customer's point of view."),
            ("False", True, "Right: the customer's view is the point of the map."),
        ]},
    ]


def widgets_of(box, kind):
    found = []

    def walk(widget):
        if isinstance(widget, kind):
            found.append(widget)
        for child in getattr(widget, "children", ()):
            walk(child)

    walk(box)
    return found


# --- the contract ----------------------------------------------------------------

@pytest.mark.parametrize("change, message", [
    (lambda q: q[0]["options"].__setitem__(1, ("Booking a room", True, "x")),
     "L04, question 1 (single choice): exactly one option must be correct; 2 are marked correct"),
    (lambda q: q[2]["options"].__setitem__(1, ("False", False, "why")),
     "L04, question 3 (true or false): exactly one option must be correct; 0 are marked correct"),
    (lambda q: q[1].__setitem__("options", [(t, False, f) for t, _, f in q[1]["options"]]),
     "L04, question 2 (multiple choice): at least one option must be correct"),
    (lambda q: q[1]["options"].__setitem__(2, ("Service blueprint", True, "  ")),
     "L04, question 2 (multiple choice), option 3 ('Service blueprint'): the feedback explaining why must be non-empty text"),
    (lambda q: q[0].__setitem__("kind", "singel"),
     "L04, question 1: kind 'singel' is not one of single, multiple, true_false, did you mean 'single'?"),
    (lambda q: q[0].__setitem__("promt", q[0].pop("prompt")),
     "L04, question 1: 'promt': unknown key, did you mean 'prompt'?"),
    (lambda q: q[2]["options"].__setitem__(0, ("Yes", False, "why")),
     "L04, question 3 (true or false): the options must be exactly 'True' and 'False'"),
    (lambda q: q[0]["options"].__setitem__(0, ("Email", "yes", "why")),
     "L04, question 1 (single choice), option 1 ('Email'): is_correct must be True or False"),
    (lambda q: q[0].__setitem__("options", [("Email", True, "why")]),
     "L04, question 1 (single choice): a question needs a list of at least two options"),
    (lambda q: q[0]["options"].__setitem__(0, ("Email", True)),
     "L04, question 1 (single choice), option 1: an option is (text, is_correct, feedback)"),
])
def test_a_broken_quiz_is_refused_naming_lesson_and_question(change, message):
    qs = questions()
    change(qs)
    with pytest.raises(QuizError) as info:
        Quiz("L04", qs, display=False)
    assert message in str(info.value)


def test_an_empty_quiz_and_a_missing_id_are_refused():
    with pytest.raises(QuizError, match="L04: a quiz needs a list of questions"):
        Quiz("L04", [], display=False)
    with pytest.raises(QuizError, match="activity id"):
        Quiz("", questions(), display=False)


# --- marking -----------------------------------------------------------------------

def test_score_counts_questions_answered_exactly_right():
    quiz = Quiz("L04", questions(), display=False, shuffle=False)
    assert (quiz.score, quiz.total) == (0, 3)
    quiz.answer(0, 0).answer(1, [0]).answer(2, 1)
    assert quiz.score == 2  # a multiple-choice answer must have every right option
    quiz.answer(1, [0, 2])
    assert quiz.score == 3
    quiz.answer(1, [0, 1, 2])
    assert quiz.score == 2  # and no wrong one
    assert quiz.questions[1].correct_indexes == {0, 2}


def test_answer_refuses_bad_indexes_and_two_choices_for_single():
    quiz = Quiz("L04", questions(), display=False, shuffle=False)
    with pytest.raises(QuizError, match="no question index 3"):
        quiz.answer(3, 0)
    with pytest.raises(QuizError, match="question 1: no option index 5"):
        quiz.answer(0, 5)
    with pytest.raises(QuizError, match="question 1 is single choice: choose exactly one option"):
        quiz.answer(0, [0, 1])


def test_check_reports_the_score_and_unanswered_questions():
    quiz = Quiz("L04", questions(), display=False, shuffle=False)
    quiz.answer(0, 1)
    result = quiz.check()
    assert (result.score, result.total) == (0, 3)
    assert result.text == "0 of 3 correct (2 not answered yet)"
    assert not result.full and result.recorded == ""
    quiz.answer(0, 0).answer(1, [0, 2])
    assert quiz.check().text == "2 of 3 correct (1 not answered yet)"


def test_feedback_explains_only_the_options_the_learner_chose():
    quiz = Quiz("L04", questions(), display=False, shuffle=False)
    assert quiz.feedback_html(1) == ""  # nothing before a check
    quiz.answer(1, [0, 1]).check()
    text = quiz.feedback_html(1)
    assert "Not quite." in text
    chosen = quiz.questions[1].options[0], quiz.questions[1].options[1]
    for option in chosen:
        assert html.escape(option.feedback) in text
    left = quiz.questions[1].options[2]   # a right option the learner did not choose
    assert html.escape(left.feedback) not in text and left.text not in text
    assert "(your choice, right)" in text and "(your choice, not right)" in text
    assert "At least one more option is right" in text
    assert "Not answered" in quiz.feedback_html(0)  # nothing given away without an answer
    for option in quiz.questions[0].options:
        assert option.feedback not in quiz.feedback_html(0)


def test_a_wrong_single_answer_does_not_name_the_right_one():
    quiz = Quiz("L04", questions(), display=False, shuffle=False)
    quiz.answer(0, 1).check()
    text = quiz.feedback_html(0)
    assert "Booking a room" in text and "Email" not in text


def test_learner_text_is_escaped():
    qs = questions()
    qs[0]["prompt"] = "Is <script>alert(1)</script> a channel?"
    qs[0]["options"][0] = ("<b>Email</b>", True, "Because <i>medium</i> & more")
    quiz = Quiz("L04", qs, display=False, shuffle=False)
    quiz.answer(0, 0).check()
    assert "<script>" not in quiz.static_html() and "&lt;script&gt;" in quiz.static_html()
    assert "<b>Email" not in quiz.feedback_html(0) and "&lt;b&gt;Email" in quiz.feedback_html(0)
    assert "&lt;i&gt;medium&lt;/i&gt; &amp; more" in quiz.feedback_html(0)
    prompts = [h.value for h in widgets_of(quiz.widget, w.HTML)]
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in p for p in prompts)
    assert not any("<script>" in p for p in prompts)


# --- the CPD record --------------------------------------------------------------------

def answer_all_right(quiz):
    for i, q in enumerate(quiz.questions):
        quiz.answer(i, sorted(q.correct_indexes))
    return quiz


def test_a_full_score_records_the_lesson_once():
    quiz = answer_all_right(Quiz("L04", questions(), display=False))
    result = quiz.check()
    assert result.full and result.text == "3 of 3 correct"
    assert result.recorded.startswith("Recorded in your CPD record: Lesson 4: ")
    (record,) = load_records()
    assert (record.activity, record.kind) == ("L04", "lesson")
    assert record.evidence["summary"] == "knowledge check passed: 3 of 3 correct; first attempt 3 of 3"
    assert record.evidence["first_attempt"] == {"score": 3, "total": 3} and record.evidence["attempts"] == 1
    assert "already in your CPD record" in quiz.check().recorded
    assert len(load_records()) == 1


def test_a_partial_score_records_nothing():
    quiz = answer_all_right(Quiz("L04", questions(), display=False, shuffle=False))
    quiz.answer(2, 0).check()
    assert load_records() == []


def test_nothing_is_recorded_while_nbgrader_grades(monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    result = answer_all_right(Quiz("L04", questions(), display=False)).check()
    assert result.full and result.recorded == ""
    assert load_records() == []


def test_an_unknown_activity_does_not_break_the_check():
    result = answer_all_right(Quiz("L99", questions(), display=False)).check()
    assert result.full
    assert result.recorded.startswith("Your CPD record was not updated: no activity 'L99'")


# --- the widget -----------------------------------------------------------------------

def test_widget_has_radios_checkboxes_and_one_check_button():
    quiz = Quiz("L04", questions(), display=False, shuffle=False)
    box = quiz.widget
    radios = widgets_of(box, w.RadioButtons)
    assert [r.options for r in radios] == [
        (("Email", 0), ("Booking a room", 1), ("Feeling relieved", 2)), (("True", 0), ("False", 1))]
    assert all(r.value is None for r in radios)  # nothing pre-selected
    assert [c.description for c in widgets_of(box, w.Checkbox)] == [
        "Current state", "Sales forecast", "Service blueprint"]
    check, retry = widgets_of(box, w.Button)
    assert check.description == "Check" and retry.description == "Try again"
    assert retry.layout.display == "none"


def click_options(quiz, box, texts):
    """Choose options by their text, as a learner does, whatever order they are shown in."""
    for radio in widgets_of(box, w.RadioButtons):
        for label, value in radio.options:
            if label in texts:
                radio.value = value
    for check in widgets_of(box, w.Checkbox):
        check.value = check.description in texts


RIGHT = {"Email", "Current state", "Service blueprint", "False"}


def test_clicking_check_marks_what_the_learner_chose_in_the_widgets():
    quiz = Quiz("L04", questions(), display=False, learner="ana")
    box = quiz.widget
    click_options(quiz, box, RIGHT)
    check, _ = widgets_of(box, w.Button)
    check.click()
    shown = " ".join(h.value for h in widgets_of(box, w.HTML))
    assert "Score: 3 of 3 correct." in shown and "Recorded in your CPD record: Lesson 4: " in shown
    assert "1 CPD point" in shown
    assert html.escape("That is a touchpoint: the moment, not the medium.") not in shown  # not chosen
    assert [r.activity for r in load_records()] == ["L04"]


def test_check_locks_the_answers_and_try_again_reshuffles_and_clears(monkeypatch):
    quiz = Quiz("L04", questions(), display=False, learner="ana")
    box = quiz.widget
    click_options(quiz, box, {"Booking a room", "Current state", "Service blueprint", "False"})
    check, retry = widgets_of(box, w.Button)
    check.click()
    assert quiz.result.score == 2 and check.disabled and retry.layout.display == ""
    assert all(r.disabled for r in widgets_of(box, w.RadioButtons))
    shown = " ".join(h.value for h in widgets_of(box, w.HTML))
    assert "press Try again" in shown
    orders = {tuple(o.text for q in quiz.questions for o in q.options)}
    retry.click()
    assert quiz.answers == (None, None, None) and not check.disabled and quiz.attempt == 2
    assert not any(r.disabled for r in widgets_of(box, w.RadioButtons))
    assert all(h.value == "" for h in quiz._feedback)
    labels = [lbl for r in widgets_of(box, w.RadioButtons) for lbl, _ in r.options]
    assert labels == [o.text for q in quiz.questions if q.kind != "multiple" for o in q.options]
    for _ in range(3):  # within a few retries the order changes (3 options: 1 in 6 to stay the same)
        orders.add(tuple(o.text for q in quiz.questions for o in q.options))
        quiz.retry()
    assert len(orders) > 1
    click_options(quiz, box, RIGHT)
    check.click()
    assert quiz.result.full
    shown = " ".join(h.value for h in widgets_of(box, w.HTML))
    assert "(first attempt: 2 of 3)" in shown
    (record,) = load_records()
    assert record.evidence["first_attempt"] == {"score": 2, "total": 3}
    assert record.evidence["final"] == {"score": 3, "total": 3} and record.evidence["attempts"] == 2
    assert "first attempt 2 of 3 (2 attempts)" in record.evidence["summary"]


def test_the_first_attempt_survives_a_restart():
    first = Quiz("L04", questions(), display=False, shuffle=False)
    first.answer(0, 1).check()                     # 0 of 3, then the kernel restarts
    again = answer_all_right(Quiz("L04", questions(), display=False, learner="ana"))
    result = again.check()
    assert result.full and "(first attempt: 0 of 3)" in again.score_html()
    (record,) = load_records()
    assert record.evidence["first_attempt"] == {"score": 0, "total": 3} and record.evidence["attempts"] == 2


def test_programmatic_answers_show_in_the_widgets():
    quiz = Quiz("L04", questions(), display=False, shuffle=False)
    box = quiz.widget
    quiz.answer(0, 2).answer(1, [1])
    assert widgets_of(box, w.RadioButtons)[0].value == 2
    assert [c.value for c in widgets_of(box, w.Checkbox)] == [False, True, False]


# --- reading the cjm-quiz cell ------------------------------------------------------------

def quiz_cell_source(qs=None) -> str:
    return f"from cjm_helpers import Quiz\nQuiz('L04', {qs or questions()!r})\n"


def test_load_quiz_reads_the_tagged_cell_without_running_it(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Lesson"),
                nbformat.v4.new_code_cell(quiz_cell_source(), metadata={"tags": ["cjm-quiz"]})]
    path = tmp_path / "lesson.ipynb"
    nbformat.write(nb, path)
    quiz = load_quiz(path)
    assert quiz.activity_id == "L04" and quiz.total == 3
    assert quiz.questions[2].kind == "true_false"


def test_load_quiz_requires_exactly_one_literal_quiz_cell(tmp_path):
    nb = nbformat.v4.new_notebook()
    path = tmp_path / "lesson.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(QuizError, match="expected exactly one cell tagged 'cjm-quiz', found 0"):
        load_quiz(path)
    with pytest.raises(QuizError, match="show_quiz takes one argument"):
        quiz_from_source("from cjm_helpers import show_quiz\nshow_quiz(lesson_id)")
    with pytest.raises(QuizError, match="literal values only"):
        quiz_from_source("from cjm_helpers import Quiz\nQuiz('L04', make_questions())")


def test_a_quiz_cell_runs_in_a_kernel_and_shows_one_widget(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(quiz_cell_source(), metadata={"tags": ["cjm-quiz"]})]
    folder = tmp_path / "src"
    folder.mkdir()
    nbformat.write(nb, folder / "quiz.ipynb")
    out = run_notebook(folder / "quiz.ipynb", tmp_path / "run")
    outputs = out.cells[0].outputs
    views = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(views) == 1, outputs  # shown once, not again as the cell's value
    assert not [o for o in outputs if o.output_type == "error"]
