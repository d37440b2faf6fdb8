"""A lesson's knowledge check: a few questions, a Check button, feedback on the options chosen.

A lesson's quiz cell (tagged ``cjm-quiz``, its input hidden) is one short line::

    from cjm_helpers import show_quiz
    show_quiz("L04")

It reads the lesson's data file (``lessons/04_touchpoints.quiz.json``), which
``make quizzes`` writes from the author's readable source ``quizzes/L04.toml``
(see ``cjm_helpers.quiz_files``): the right options are not visible at a glance
in the page, the notebook or the data file.

Each learner sees the options in their own order (seeded by the learner's name
or account and the attempt), so position gives nothing away; after Check the
answers are locked and **Try again** reshuffles. Feedback explains only the
options the learner chose. A full score records the lesson in the learner's CPD
record with the first attempt's score and the final one (never while nbgrader
grades). ``Quiz(activity_id, questions)`` validates strictly and raises QuizError
naming the activity and the question (1-based, as the learner sees it); a
question is ``{"kind": single|multiple|true_false, "prompt": ..., "options":
[(text, is_right, feedback), ...]}``. Widgets are ipywidgets only, so it works in
JupyterLab, Notebook 7 and Voila without a server extension.

Programmatic use (tests)::

    quiz = Quiz("L04", questions, display=False, learner="ana")
    quiz.answer(0, 1)          # question index 0, option index 1 (in the learner's order)
    quiz.answer(1, [0, 2])     # multiple choice: a list of option indexes
    result = quiz.check()      # QuizResult: score, total, per-question outcomes
    quiz.retry()               # a new attempt: answers cleared, options reshuffled

``load_quiz(notebook_path)`` gives the author's view of a lesson's quiz (the
source, in the author's order) without running any code.
"""

from __future__ import annotations

import ast
import difflib
import getpass
import hashlib
import html
import random
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
    id: str = ""


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


def learner_id() -> str:
    """Who is answering, for the shuffle: the CPD record's learner name, else the account name."""
    try:
        from .cpd import learner_name

        name = learner_name()
    except Exception:  # noqa: BLE001 - a broken settings file must not break the quiz
        name = None
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no account name (rare containers)
        return "learner"


def shuffled_order(learner: str, activity_id: str, attempt: int, question: int, size: int) -> list[int]:
    """The order options are shown in: stable for one learner and attempt, different for others."""
    seed = hashlib.sha256(f"{learner}|{activity_id}|{attempt}|{question}".encode("utf-8")).hexdigest()
    order = list(range(size))
    random.Random(int(seed[:16], 16)).shuffle(order)
    return order


class Quiz:
    """A knowledge check for one lesson (see the module docstring for the contract)."""

    def __init__(self, activity_id: str, questions: Sequence[dict] | Sequence[Question], *, display: bool = True,
                 learner: str | None = None, shuffle: bool = True):
        if questions and all(isinstance(q, Question) for q in questions):
            self.activity_id, self.authored = parse_questions(activity_id, [_as_dict(q) for q in questions])
            self.authored = tuple(questions)
        else:
            self.activity_id, self.authored = parse_questions(activity_id, questions)
        self.learner = learner if learner is not None else (learner_id() if shuffle else "")
        self.shuffle = shuffle
        self.attempt = 1                      # the shuffle's attempt (Try again adds one)
        self.checks: dict = {}                # the first score ever and the checks so far (cpd.attempts)
        self.first_result: QuizResult | None = None
        self._result: QuizResult | None = None
        self._order()
        self._answers: list[frozenset[int] | None] = [None] * len(self.questions)
        self._widget = None
        self._inputs: list[Any] = []      # one control a question (a list of boxes for multiple choice); filled by _build
        self._feedback: list[Any] = []    # one feedback HTML widget a question; filled by _build
        self._syncing = False
        self._shown_in: int | None = None
        if display and _in_kernel():
            self._show()

    def _order(self) -> None:
        """Arrange the options for this attempt (the author's order when shuffle is off)."""
        shown = []
        for n, q in enumerate(self.authored):
            order = (shuffled_order(self.learner, self.activity_id, self.attempt, n, len(q.options))
                     if self.shuffle else list(range(len(q.options))))
            shown.append(Question(q.kind, q.prompt, tuple(q.options[i] for i in order)))
        self.questions: tuple[Question, ...] = tuple(shown)

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
        """Choose option(s) of question `index` (0-based, options in the order shown); None clears it."""
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
        """Mark the answers, show feedback on the chosen options and the score; a full score records the lesson."""
        results = tuple(
            QuestionResult(n, a, a == q.correct_indexes)
            for n, (q, a) in enumerate(zip(self.questions, self._answers), 1)
        )
        score = sum(r.correct for r in results)
        self.checks = self._count_attempt(score)
        recorded = self._record(score) if score == self.total else ""
        self._result = QuizResult(self.activity_id, score, self.total, results, recorded)
        if self.first_result is None:
            self.first_result = self._result
        self._render_feedback()
        return self._result

    def _count_attempt(self, score: int) -> dict:
        """This check counted: the first score ever (kept beside the CPD log) and how many checks so far."""
        from .grading import grading

        first = self.first_result
        fallback = {"first": {"score": first.score if first else score, "total": self.total},
                    "attempts": self.checks.get("attempts", 0) + 1}
        if grading():
            return fallback
        try:
            from .cpd.attempts import note_attempt

            return note_attempt(self.activity_id, score, self.total)
        except Exception:  # noqa: BLE001 - counting attempts must never break the quiz
            return fallback

    def retry(self) -> "Quiz":
        """A new attempt: the answers and feedback are cleared and the options reshuffled."""
        self.attempt += 1
        self._order()
        self._answers = [None] * self.total
        self._result = None
        if self._inputs:
            self._relabel()
        self._render_feedback()
        return self

    @property
    def result(self) -> QuizResult | None:
        """The result of the last check, or None."""
        return self._result

    def _record(self, score: int) -> str:
        try:
            from .cpd import record_quietly
        except Exception as exc:  # noqa: BLE001 - the record must never break the quiz
            return f"Your CPD record was not updated: {exc}"
        first, attempts = self.checks["first"], self.checks["attempts"]
        evidence = {"summary": f"knowledge check passed: {score} of {self.total} correct; first attempt "
                               f"{first['score']} of {first['total']}" + (f" ({attempts} attempts)" if attempts > 1 else ""),
                    "first_attempt": dict(first),
                    "final": {"score": score, "total": self.total}, "attempts": attempts}
        return record_quietly(self.activity_id, evidence,
                              already=f"This lesson ({self.activity_id}) is already in your CPD record.")

    # --- HTML (escaped) -----------------------------------------------------------
    def feedback_html(self, index: int) -> str:
        """The feedback for question `index` after a check (only the options chosen), as escaped HTML."""
        question = self._question(index)
        if self._result is None:
            return ""
        chosen = self._result.questions[index].chosen
        if chosen is None:
            return '<div class="cjm-quiz-feedback" style="color:#555">Not answered: choose an answer, then press Check.</div>'
        rows = []
        for i in sorted(chosen):
            option = question.options[i]
            mark, colour, status = (("✔", RIGHT_COLOUR, "your choice, right") if option.correct
                                    else ("✘", WRONG_COLOUR, "your choice, not right"))
            rows.append(
                f'<li style="margin:0.2em 0"><span style="color:{colour};font-weight:bold">{mark}</span> '
                f'<span style="font-weight:bold">{html.escape(option.text)}</span> '
                f'<em style="color:{colour}">({status})</em>: {html.escape(option.feedback)}</li>'
            )
        missed = question.kind == MULTIPLE and not question.correct_indexes <= chosen
        if missed:
            rows.append('<li style="margin:0.2em 0;color:#555">· At least one more option is right: '
                        'read the question again when you try again.</li>')
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
        praise = (" Well done." if r.full else
                  " Read the feedback, then press Try again: the options come in a new order.")
        first = ""
        checks = self.checks
        if checks.get("attempts", 1) > 1:
            first = f" (first attempt: {checks['first']['score']} of {checks['first']['total']})"
        return (f'<div class="cjm-quiz-score" style="font-size:1.1em;color:{colour}">'
                f'<strong>Score: {html.escape(r.text)}.</strong>{first}{praise}{extra}</div>')

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
        from ipywidgets.widgets.widget_bool import CheckboxStyle
        from ipywidgets.widgets.widget_description import DescriptionStyle
        from ipywidgets.widgets.widget_string import HTMLStyle

        # Every widget is a model the kernel opens and the page renders. The texts and the answer
        # controls are never restyled one by one, so each kind shares one layout and one style
        # instead of opening two models per widget (L01's quiz: 34 models, was 60).
        text_layout, text_style = w.Layout(), HTMLStyle()
        layout, radio_style, box_style = w.Layout(width="auto"), DescriptionStyle(), CheckboxStyle()

        def text(value: str = "") -> w.HTML:
            return w.HTML(value, layout=text_layout, style=text_style)

        blocks = [text(f"<h3 style='margin-bottom:0.2em'>Knowledge check</h3>"
                       f"<p>{self.total} questions. Choose your answers, then press <strong>Check</strong>. "
                       f"The feedback explains the options you chose.</p>")]
        for index, q in enumerate(self.questions):
            hint = " <em>(select all that apply)</em>" if q.kind == MULTIPLE else ""
            prompt = text(f"<p style='margin:0.8em 0 0.2em 0'><strong>{index + 1}.</strong> "
                          f"{html.escape(q.prompt)}{hint}</p>")
            if q.kind == MULTIPLE:
                boxes = [w.Checkbox(value=False, description=o.text, indent=False, layout=layout, style=box_style)
                         for o in q.options]
                for box in boxes:
                    box.observe(lambda change, i=index: self._from_widget(i), names="value")
                control = w.VBox(boxes)
                self._inputs.append(boxes)
            else:
                control = w.RadioButtons(options=[(o.text, i) for i, o in enumerate(q.options)],
                                         value=None, layout=layout, style=radio_style)
                control.observe(lambda change, i=index: self._from_widget(i), names="value")
                self._inputs.append(control)
            feedback = text()
            self._feedback.append(feedback)
            blocks += [prompt, control, feedback]
        self._check_button = w.Button(description="Check", button_style="primary", icon="check",
                                      tooltip="Mark my answers and explain the options I chose")
        self._check_button.on_click(lambda _b: self.check())
        self._retry_button = w.Button(description="Try again", icon="refresh",
                                      tooltip="Clear my answers and show the options in a new order",
                                      layout=w.Layout(display="none"))
        self._retry_button.on_click(lambda _b: self.retry())
        self._score = text()
        blocks += [w.HBox([self._check_button, self._retry_button]), self._score]
        box = w.VBox(blocks, layout=w.Layout(border="1px solid #ccc", padding="0.5em 1em"))
        box.add_class("cjm-quiz")
        for index in range(self.total):
            self._sync_widget(index)
        return box

    def _controls(self) -> list[Any]:
        return [c for control in self._inputs for c in (control if isinstance(control, list) else [control])]

    def _relabel(self) -> None:
        """Show this attempt's order in the existing controls."""
        self._syncing = True
        try:
            for q, control in zip(self.questions, self._inputs):
                if isinstance(control, list):
                    for box, option in zip(control, q.options):
                        box.value = False
                        box.description = option.text
                else:
                    control.value = None
                    control.options = [(o.text, i) for i, o in enumerate(q.options)]
                    control.value = None
        finally:
            self._syncing = False

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
        checked = self._result is not None
        for control in self._controls():
            control.disabled = checked          # answers are locked until Try again
        self._check_button.disabled = checked
        self._retry_button.layout.display = "" if checked and not self._result.full else "none"

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


def _as_dict(q: Question) -> dict:
    return {"kind": q.kind, "prompt": q.prompt, "options": [(o.text, o.correct, o.feedback) for o in q.options]}


def show_quiz(activity_id: str, *, display: bool = True, learner: str | None = None) -> Quiz:
    """The knowledge check of a lesson, read from its data file beside the lesson (make quizzes writes it)."""
    from .course import load_course
    from .quiz_files import data_path, read_data

    course = load_course()
    try:
        activity = course.get(activity_id)
    except KeyError:
        raise QuizError(f"show_quiz: no activity {activity_id!r} in the course manifest (course.toml)") from None
    path = data_path(activity.path, course.root)
    found_id, questions = read_data(path)
    if found_id != activity_id:
        raise QuizError(f"{path}: activity: the data file is for {found_id!r}, not {activity_id!r}")
    return Quiz(activity_id, questions, display=display, learner=learner)


# --- reading a lesson's quiz cell without running it ------------------------------

def quiz_cells(notebook: Any) -> list[Any]:
    """The cells tagged cjm-quiz of a notebook (a path or a NotebookNode)."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4) if isinstance(notebook, (str, Path)) else notebook
    return [c for c in nb.cells if QUIZ_TAG in c.get("metadata", {}).get("tags", [])]


def quiz_from_source(source: str, where: str = "quiz cell") -> Quiz:
    """The author's view of a cjm-quiz cell, without executing it.

    ``show_quiz("L04")`` reads the author's source ``quizzes/L04.toml``; a literal
    ``Quiz("L04", [...])`` (older lessons, tests) is read as written.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise QuizError(f"{where}: not valid Python (line {exc.lineno}: {exc.msg})") from None
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
             and isinstance(n.func, ast.Name) and n.func.id in ("Quiz", "show_quiz")]
    if len(calls) != 1:
        raise QuizError(f"{where}: expected exactly one show_quiz(...) or Quiz(...) call, found {len(calls)}")
    call = calls[0]
    if call.func.id == "show_quiz":
        if len(call.args) != 1 or call.keywords or not isinstance(call.args[0], ast.Constant):
            raise QuizError(f"{where}: show_quiz takes one argument here: the activity id, e.g. show_quiz('L04')")
        return author_quiz(call.args[0].value, where)
    if len(call.args) != 2 or call.keywords:
        raise QuizError(f"{where}: Quiz takes two arguments here: the activity id and the list of questions")
    try:
        activity_id, questions = (ast.literal_eval(a) for a in call.args)
    except ValueError as exc:
        raise QuizError(f"{where}: the quiz must be written with literal values only ({exc})") from None
    return Quiz(activity_id, questions, display=False, shuffle=False)


def author_quiz(activity_id: Any, where: str = "quiz") -> Quiz:
    """The quiz as its author wrote it in quizzes/<id>.toml (author's order, right options known)."""
    from .course import find_root
    from .quiz_files import read_source, source_path

    if not isinstance(activity_id, str) or not activity_id.strip():
        raise QuizError(f"{where}: the activity id (e.g. 'L04') must be non-empty text, got {activity_id!r}")
    path = source_path(activity_id, find_root())
    found, questions = read_source(path)
    if found != activity_id:
        raise QuizError(f"{path}: activity: {found!r}, but the file is named for {activity_id!r}")
    return Quiz(found, questions, display=False, shuffle=False)


def load_quiz(notebook: str | Path) -> Quiz:
    """The Quiz of a lesson notebook: exactly one cjm-quiz cell is required."""
    cells = quiz_cells(notebook)
    if len(cells) != 1:
        raise QuizError(f"{notebook}: expected exactly one cell tagged {QUIZ_TAG!r}, found {len(cells)}")
    if cells[0].cell_type != "code":
        raise QuizError(f"{notebook}: the {QUIZ_TAG!r} cell must be a code cell")
    return quiz_from_source(cells[0].source, f"{notebook}, quiz cell")
