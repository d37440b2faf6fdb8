"""A lesson's knowledge check: a few questions, a Check button, feedback on every option.

The contract every lesson uses (one code cell tagged ``cjm-quiz``)::

    from cjm_helpers import Quiz
    Quiz("L04", [
        {"kind": "single", "prompt": "Which …?", "options": [
            ("option text", True,  "why this is right"),
            ("option text", False, "why this is wrong"),
        ]},
        {"kind": "multiple", "prompt": "Select all that …", "options": [...]},
        {"kind": "true_false", "prompt": "A statement.", "options": [
            ("True", False, "why"), ("False", True, "why"),
        ]},
    ])

``Quiz(activity_id, questions)`` validates strictly and raises QuizError naming
the activity and the question (1-based, as the learner sees it). In a notebook it
shows ipywidgets only (radio buttons for single and true/false, check boxes for
multiple, one Check button), so it works in JupyterLab, the classic notebook and
Voila without any server extension. After Check every option of an answered
question shows its feedback, marked as chosen/not chosen and right/wrong, plus a
score ("3 of 4 correct"). A full score records the lesson in the learner's CPD
record (never while nbgrader is grading).

Programmatic use (tests)::

    quiz = Quiz("L04", questions, display=False)
    quiz.answer(0, 1)          # question index 0, option index 1
    quiz.answer(1, [0, 2])     # multiple choice: a list of option indexes
    result = quiz.check()      # QuizResult: score, total, per-question outcomes
    quiz.score, quiz.total, quiz.questions

``load_quiz(notebook_path)`` reads a lesson's ``cjm-quiz`` cell without running
any code (the cell must be literal Python of the shape above).
"""

from __future__ import annotations

import ast
import difflib
import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

from .checks.report import COLOURS, OK_COLOURS
from .errors import CJMError

RIGHT_COLOUR, WRONG_COLOUR = OK_COLOURS[0], COLOURS["error"][0]   # the check report's colours

QUIZ_TAG = "cjm-quiz"
SINGLE, MULTIPLE, TRUE_FALSE = "single", "multiple", "true_false"
KINDS = (SINGLE, MULTIPLE, TRUE_FALSE)
_QUESTION_KEYS = ("kind", "prompt", "options")
_KIND_WORDS = {SINGLE: "single choice", MULTIPLE: "multiple choice", TRUE_FALSE: "true or false"}


class QuizError(CJMError, ValueError):
    """A knowledge check that breaks the quiz contract; the message names lesson and question."""


@dataclass(frozen=True)
class Option:
    """One answer option: its text, whether it is right, and why."""

    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Question:
    """One question of a knowledge check."""

    kind: str
    prompt: str
    options: tuple[Option, ...]

    @property
    def correct_indexes(self) -> frozenset[int]:
        return frozenset(i for i, o in enumerate(self.options) if o.correct)


@dataclass(frozen=True)
class QuestionResult:
    """What the learner chose for one question, and whether it is right."""

    number: int  # 1-based, as shown
    chosen: frozenset[int] | None  # None: not answered
    correct: bool

    @property
    def answered(self) -> bool:
        return self.chosen is not None


@dataclass(frozen=True)
class QuizResult:
    """The outcome of pressing Check."""

    activity_id: str
    score: int
    total: int
    questions: tuple[QuestionResult, ...]
    recorded: str = ""  # a sentence about the CPD record, or ""

    @property
    def full(self) -> bool:
        return self.score == self.total

    @property
    def text(self) -> str:
        unanswered = sum(not q.answered for q in self.questions)
        text = f"{self.score} of {self.total} correct"
        if unanswered:
            text += f" ({unanswered} not answered yet)"
        return text


# --- validation ---------------------------------------------------------------

def _suggest(key: str, known: Sequence[str]) -> str:
    near = difflib.get_close_matches(str(key), known, n=1)
    return f", did you mean {near[0]!r}?" if near else f" (known: {', '.join(known)})"


def _check_text(value: Any, where: str, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise QuizError(f"{where}: {what} must be non-empty text, got {value!r}")
    return value.strip()


def _parse_option(raw: Any, where: str) -> Option:
    if not isinstance(raw, (tuple, list)) or len(raw) != 3:
        raise QuizError(f"{where}: an option is (text, is_correct, feedback), got {raw!r}")
    text, correct, feedback = raw
    text = _check_text(text, where, "the option text")
    if not isinstance(correct, bool):
        raise QuizError(f"{where} ({text!r}): is_correct must be True or False, got {correct!r}")
    feedback = _check_text(feedback, f"{where} ({text!r})", "the feedback explaining why")
    return Option(text, correct, feedback)


def _parse_question(raw: Any, where: str) -> Question:
    if not isinstance(raw, dict):
        raise QuizError(f"{where}: a question is a dict with kind, prompt and options, got {type(raw).__name__}")
    for key in raw:
        if key not in _QUESTION_KEYS:
            raise QuizError(f"{where}: {key!r}: unknown key{_suggest(key, _QUESTION_KEYS)}")
    for key in _QUESTION_KEYS:
        if key not in raw:
            raise QuizError(f"{where}: the question has no {key!r}")
    kind = raw["kind"]
    if kind not in KINDS:
        raise QuizError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}{_suggest(kind, KINDS)}")
    prompt = _check_text(raw["prompt"], where, "the prompt")
    where = f"{where} ({_KIND_WORDS[kind]})"
    raw_options = raw["options"]
    if not isinstance(raw_options, (list, tuple)) or len(raw_options) < 2:
        raise QuizError(f"{where}: a question needs a list of at least two options")
    options = tuple(_parse_option(o, f"{where}, option {i}") for i, o in enumerate(raw_options, 1))
    texts = [o.text for o in options]
    for text in texts:
        if texts.count(text) > 1:
            raise QuizError(f"{where}: the option {text!r} appears twice")
    n_correct = sum(o.correct for o in options)
    if kind in (SINGLE, TRUE_FALSE) and n_correct != 1:
        raise QuizError(f"{where}: exactly one option must be correct; {n_correct} are marked correct")
    if kind == MULTIPLE and n_correct < 1:
        raise QuizError(f"{where}: at least one option must be correct; none is marked correct")
    if kind == TRUE_FALSE and sorted(texts) != ["False", "True"]:
        raise QuizError(f"{where}: the options must be exactly 'True' and 'False', got {texts}")
    return Question(kind, prompt, options)


def parse_questions(activity_id: Any, questions: Any) -> tuple[str, tuple[Question, ...]]:
    """Validate a quiz definition; returns (activity_id, questions) or raises QuizError."""
    if not isinstance(activity_id, str) or not activity_id.strip():
        raise QuizError(f"Quiz: the activity id (e.g. 'L04') must be non-empty text, got {activity_id!r}")
    activity_id = activity_id.strip()
    if not isinstance(questions, (list, tuple)) or not questions:
        raise QuizError(f"{activity_id}: a quiz needs a list of questions, got {questions!r}")
    return activity_id, tuple(
        _parse_question(q, f"{activity_id}, question {n}") for n, q in enumerate(questions, 1)
    )


# --- the quiz -------------------------------------------------------------------

def _in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


class Quiz:
    """A knowledge check for one lesson (see the module docstring for the contract)."""

    def __init__(self, activity_id: str, questions: Sequence[dict], *, display: bool = True):
        self.activity_id, self.questions = parse_questions(activity_id, questions)
        self._answers: list[frozenset[int] | None] = [None] * len(self.questions)
        self._result: QuizResult | None = None
        self._widget = None
        self._inputs: list[Any] = []      # one control a question (a list of boxes for multiple choice); filled by _build
        self._feedback: list[Any] = []    # one feedback HTML widget a question; filled by _build
        self._syncing = False
        self._shown_in: int | None = None
        if display and _in_kernel():
            self._show()

    # --- answers ------------------------------------------------------------
    @property
    def total(self) -> int:
        return len(self.questions)

    def _question(self, index: Any) -> Question:
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < self.total:
            raise QuizError(f"{self.activity_id}: there is no question index {index!r}; "
                            f"use 0 to {self.total - 1}")
        return self.questions[index]

    def answer(self, index: int, choices: int | Iterable[int] | None) -> "Quiz":
        """Choose option(s) of question `index` (0-based); None clears the answer."""
        question = self._question(index)
        where = f"{self.activity_id}, question {index + 1}"
        if choices is None:
            chosen = None
        else:
            items = [choices] if isinstance(choices, int) else list(choices)
            for c in items:
                if isinstance(c, bool) or not isinstance(c, int) or not 0 <= c < len(question.options):
                    raise QuizError(f"{where}: no option index {c!r}; use 0 to {len(question.options) - 1}")
            if question.kind != MULTIPLE and len(items) != 1:
                raise QuizError(f"{where} is {_KIND_WORDS[question.kind]}: choose exactly one option")
            chosen = frozenset(items) if items else None
        self._answers[index] = chosen
        self._sync_widget(index)
        return self

    @property
    def answers(self) -> tuple[frozenset[int] | None, ...]:
        return tuple(self._answers)

    @property
    def score(self) -> int:
        """How many questions are answered correctly right now."""
        return sum(a == q.correct_indexes for q, a in zip(self.questions, self._answers))

    def check(self) -> QuizResult:
        """Mark the answers, show feedback and the score; a full score records the lesson."""
        results = tuple(
            QuestionResult(n, a, a == q.correct_indexes)
            for n, (q, a) in enumerate(zip(self.questions, self._answers), 1)
        )
        score = sum(r.correct for r in results)
        recorded = self._record(score) if score == self.total else ""
        self._result = QuizResult(self.activity_id, score, self.total, results, recorded)
        self._render_feedback()
        return self._result

    @property
    def result(self) -> QuizResult | None:
        """The result of the last check, or None."""
        return self._result

    def _record(self, score: int) -> str:
        try:
            from .cpd import record_quietly
        except Exception as exc:  # noqa: BLE001 - the record must never break the quiz
            return f"Your CPD record was not updated: {exc}"
        return record_quietly(self.activity_id, {"summary": f"knowledge check passed: {score} of {self.total} correct"},
                              already=f"This lesson ({self.activity_id}) is already in your CPD record.")

    # --- HTML (escaped) -----------------------------------------------------------
    def feedback_html(self, index: int) -> str:
        """The feedback for question `index` after a check, as escaped HTML."""
        question = self._question(index)
        chosen = self._result.questions[index].chosen if self._result else None
        if chosen is None:
            return '<div class="cjm-quiz-feedback" style="color:#555">Not answered: choose an answer, then press Check.</div>'
        rows = []
        for i, option in enumerate(question.options):
            picked = i in chosen
            if option.correct:
                mark, colour = "✔", RIGHT_COLOUR
                status = "your choice, right" if picked else "a right answer you did not choose"
            else:
                mark, colour = "✘", WRONG_COLOUR
                status = "your choice, not right" if picked else "not right, and you left it"
                if not picked:
                    mark, colour = "·", "#555555"
            weight = "bold" if picked else "normal"
            rows.append(
                f'<li style="margin:0.2em 0"><span style="color:{colour};font-weight:bold">{mark}</span> '
                f'<span style="font-weight:{weight}">{html.escape(option.text)}</span> '
                f'<em style="color:{colour}">({status})</em>: {html.escape(option.feedback)}</li>'
            )
        ok = chosen == question.correct_indexes
        head = (f'<strong style="color:{RIGHT_COLOUR}">Right.</strong>' if ok
                else f'<strong style="color:{WRONG_COLOUR}">Not quite.</strong>')
        return (f'<div class="cjm-quiz-feedback">{head}'
                f'<ul style="list-style:none;padding-left:0.5em">{"".join(rows)}</ul></div>')

    def score_html(self) -> str:
        if self._result is None:
            return ""
        r = self._result
        colour = RIGHT_COLOUR if r.full else WRONG_COLOUR
        extra = f" {html.escape(r.recorded)}" if r.recorded else ""
        praise = " Well done." if r.full else " Read the feedback, change your answers and check again."
        return (f'<div class="cjm-quiz-score" style="font-size:1.1em;color:{colour}">'
                f'<strong>Score: {html.escape(r.text)}.</strong>{praise}{extra}</div>')

    def static_html(self) -> str:
        """The questions and options without answers (for slides and non-widget views)."""
        parts = [f"<h3>Knowledge check ({self.total} questions)</h3><ol>"]
        for q in self.questions:
            items = "".join(f"<li>{html.escape(o.text)}</li>" for o in q.options)
            hint = " (select all that apply)" if q.kind == MULTIPLE else ""
            parts.append(f"<li><p>{html.escape(q.prompt)}{hint}</p><ol type='a'>{items}</ol></li>")
        parts.append("</ol>")
        return "".join(parts)

    def _repr_html_(self) -> str:
        return self.static_html()

    def __repr__(self) -> str:
        return f"Quiz({self.activity_id!r}, {self.total} questions, score {self.score} of {self.total})"

    # --- widgets -------------------------------------------------------------
    @property
    def widget(self):
        """The ipywidgets view (built on first use)."""
        if self._widget is None:
            self._widget = self._build()
        return self._widget

    def _build(self):
        import ipywidgets as w

        blocks = [w.HTML(f"<h3 style='margin-bottom:0.2em'>Knowledge check</h3>"
                         f"<p>{self.total} questions. Choose your answers, then press <strong>Check</strong>. "
                         f"Feedback explains every option.</p>")]
        for index, q in enumerate(self.questions):
            hint = " <em>(select all that apply)</em>" if q.kind == MULTIPLE else ""
            prompt = w.HTML(f"<p style='margin:0.8em 0 0.2em 0'><strong>{index + 1}.</strong> "
                            f"{html.escape(q.prompt)}{hint}</p>")
            layout = w.Layout(width="auto")
            if q.kind == MULTIPLE:
                boxes = [w.Checkbox(value=False, description=o.text, indent=False, layout=layout)
                         for o in q.options]
                for box in boxes:
                    box.observe(lambda change, i=index: self._from_widget(i), names="value")
                control = w.VBox(boxes)
                self._inputs.append(boxes)
            else:
                control = w.RadioButtons(options=[(o.text, i) for i, o in enumerate(q.options)],
                                         value=None, layout=layout)
                control.observe(lambda change, i=index: self._from_widget(i), names="value")
                self._inputs.append(control)
            feedback = w.HTML("")
            self._feedback.append(feedback)
            blocks += [prompt, control, feedback]
        button = w.Button(description="Check", button_style="primary", icon="check",
                          tooltip="Mark my answers and explain every option")
        button.on_click(lambda _b: self.check())
        self._score = w.HTML("")
        blocks += [w.HBox([button]), self._score]
        box = w.VBox(blocks, layout=w.Layout(border="1px solid #ccc", padding="0.5em 1em"))
        box.add_class("cjm-quiz")
        for index in range(self.total):
            self._sync_widget(index)
        return box

    def _from_widget(self, index: int) -> None:
        if self._syncing:
            return
        control = self._inputs[index]
        if isinstance(control, list):
            chosen = frozenset(i for i, box in enumerate(control) if box.value)
            self._answers[index] = chosen or None
        else:
            self._answers[index] = None if control.value is None else frozenset([control.value])

    def _sync_widget(self, index: int) -> None:
        if not self._inputs:      # no widget built: nothing to show the answer in
            return
        control = self._inputs[index]
        chosen = self._answers[index] or frozenset()
        self._syncing = True
        try:
            if isinstance(control, list):
                for i, box in enumerate(control):
                    box.value = i in chosen
            else:
                control.value = next(iter(chosen)) if chosen else None
        finally:
            self._syncing = False

    def _render_feedback(self) -> None:
        if not self._feedback:    # no widget built
            return
        for index, box in enumerate(self._feedback):
            box.value = self.feedback_html(index)
        self._score.value = self.score_html()

    def _show(self) -> None:
        from IPython import get_ipython
        from IPython.display import display

        display(self.widget)
        self._shown_in = get_ipython().execution_count

    def _ipython_display_(self) -> None:
        # `Quiz(...)` as a cell's last line: __init__ already showed it in this cell.
        from IPython import get_ipython
        from IPython.display import display

        shell = get_ipython()
        if shell is not None and self._shown_in == shell.execution_count:
            return
        display(self.widget)
        if shell is not None:
            self._shown_in = shell.execution_count


# --- reading a lesson's quiz cell without running it ------------------------------

def quiz_cells(notebook: Any) -> list[Any]:
    """The cells tagged cjm-quiz of a notebook (a path or a NotebookNode)."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4) if isinstance(notebook, (str, Path)) else notebook
    return [c for c in nb.cells if QUIZ_TAG in c.get("metadata", {}).get("tags", [])]


def quiz_from_source(source: str, where: str = "quiz cell") -> Quiz:
    """Build the Quiz of a cjm-quiz cell's source without executing it (literal values only)."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise QuizError(f"{where}: not valid Python (line {exc.lineno}: {exc.msg})") from None
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
             and isinstance(n.func, ast.Name) and n.func.id == "Quiz"]
    if len(calls) != 1:
        raise QuizError(f"{where}: expected exactly one Quiz(...) call, found {len(calls)}")
    call = calls[0]
    if len(call.args) != 2 or call.keywords:
        raise QuizError(f"{where}: Quiz takes two arguments here: the activity id and the list of questions")
    try:
        activity_id, questions = (ast.literal_eval(a) for a in call.args)
    except ValueError as exc:
        raise QuizError(f"{where}: the quiz must be written with literal values only ({exc})") from None
    return Quiz(activity_id, questions, display=False)


def load_quiz(notebook: str | Path) -> Quiz:
    """The Quiz of a lesson notebook: exactly one cjm-quiz cell is required."""
    cells = quiz_cells(notebook)
    if len(cells) != 1:
        raise QuizError(f"{notebook}: expected exactly one cell tagged {QUIZ_TAG!r}, found {len(cells)}")
    if cells[0].cell_type != "code":
        raise QuizError(f"{notebook}: the {QUIZ_TAG!r} cell must be a code cell")
    return quiz_from_source(cells[0].source, f"{notebook}, quiz cell")
