"""Where a knowledge check lives: the author's readable source and the learner's data file.

Authors write each lesson's quiz once, in ``quizzes/<id>.toml`` (readable, with
``right = true`` on the right options). It sits outside ``lessons/`` on
purpose: learners browse ``lessons/``, so the answer key stays out of their
way, next to the other author material (``solutions/``, ``course.toml``).
``make quizzes`` (``python -m cjm_helpers.quiz_files build``) writes the data
file the lesson reads, beside the lesson: ``lessons/01_customer_journeys.quiz.json``.

In the data file no option says whether it is right: each carries a ``key``,
a salted hash of its id and its verdict, and its feedback obscured (base64 of
the text mixed with a keystream from the salt). Options are stored in the
order of their random-looking ids, not the author's order. This is a
self-assessment, not an exam: anyone who reads this module can decode the
file, but nobody sees the answer at a glance in the page, the notebook or
the data file.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import sys
import tomllib
from pathlib import Path, PurePosixPath
from typing import Any

from .quiz import Option, Question, QuizError, parse_questions

SOURCE_FOLDER = "quizzes"
DATA_SUFFIX = ".quiz.json"
FORMAT = "cjm-quiz/1"
_OPTION_KEYS = ("text", "right", "feedback")
_QUESTION_KEYS = ("kind", "prompt", "option")


# --- the author's source ---------------------------------------------------------

def source_path(activity_id: str, root: Path) -> Path:
    return root / SOURCE_FOLDER / f"{activity_id}.toml"


def data_path(activity_path: str, root: Path) -> Path:
    """The data file beside a lesson: lessons/01_x.ipynb -> lessons/01_x.quiz.json."""
    rel = PurePosixPath(activity_path)
    return root / rel.with_name(rel.stem + DATA_SUFFIX)


def read_source(path: Path) -> tuple[str, tuple[Question, ...]]:
    """The author's quiz (activity id, questions), validated; errors name the file and question."""
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise QuizError(f"{path}: no quiz source file (write one, then run `make quizzes`)") from None
    except tomllib.TOMLDecodeError as exc:
        raise QuizError(f"{path}: not valid TOML ({exc})") from None
    for key in data:
        if key not in ("activity", "question"):
            raise QuizError(f"{path}: {key!r}: unknown key (known: activity, question)")
    questions = []
    for n, raw in enumerate(data.get("question", []), 1):
        where = f"{path}, question {n}"
        for key in raw:
            if key not in _QUESTION_KEYS:
                raise QuizError(f"{where}: {key!r}: unknown key (known: {', '.join(_QUESTION_KEYS)})")
        options = []
        for m, opt in enumerate(raw.get("option", []), 1):
            for key in opt:
                if key not in _OPTION_KEYS:
                    raise QuizError(f"{where}, option {m}: {key!r}: unknown key (known: {', '.join(_OPTION_KEYS)})")
            options.append((opt.get("text"), opt.get("right", False), opt.get("feedback")))
        questions.append({"kind": raw.get("kind"), "prompt": raw.get("prompt"), "options": options})
    try:
        return parse_questions(data.get("activity"), questions)
    except QuizError as exc:
        raise QuizError(f"{path}: {exc}") from None


def write_source(path: Path, activity_id: str, questions: tuple[Question, ...]) -> None:
    """Write a quiz as author TOML (used once to move quizzes out of the lessons)."""
    s = lambda text: json.dumps(text, ensure_ascii=False)  # noqa: E731 - TOML basic strings
    lines = [f"# Knowledge check of {activity_id}. Mark each right option with right = true;",
             "# run `make quizzes` after editing to rewrite the lesson's data file.",
             f"activity = {s(activity_id)}"]
    for q in questions:
        lines += ["", "[[question]]", f"kind = {s(q.kind)}", f"prompt = {s(q.prompt)}"]
        for o in q.options:
            lines += ["", "[[question.option]]", f"text = {s(o.text)}"]
            if o.correct:
                lines.append("right = true")
            lines.append(f"feedback = {s(o.feedback)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", "utf-8")


# --- keys and obscured feedback ------------------------------------------------------

def _digest(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()


def option_key(salt: str, question_id: str, option_id: str, right: bool) -> str:
    return _digest(salt, question_id, option_id, "right" if right else "wrong")[:16]


def _stream(salt: str, question_id: str, option_id: str, size: int) -> bytes:
    out, n = b"", 0
    while len(out) < size:
        out += hashlib.sha256(f"{salt}|{question_id}|{option_id}|{n}".encode()).digest()
        n += 1
    return out[:size]


def obscure(text: str, salt: str, question_id: str, option_id: str) -> str:
    raw = text.encode("utf-8")
    mixed = bytes(a ^ b for a, b in zip(raw, _stream(salt, question_id, option_id, len(raw))))
    return base64.b64encode(mixed).decode("ascii")


def reveal(data: str, salt: str, question_id: str, option_id: str) -> str:
    mixed = base64.b64decode(data.encode("ascii"))
    return bytes(a ^ b for a, b in zip(mixed, _stream(salt, question_id, option_id, len(mixed)))).decode("utf-8")


# --- the learner's data file -----------------------------------------------------------

def build_data(activity_id: str, questions: tuple[Question, ...], salt: str, source: str = "") -> str:
    """The data file's text for a quiz (deterministic for a given salt)."""
    out = []
    for n, q in enumerate(questions, 1):
        qid = f"q{n}"
        options = []
        for o in q.options:
            oid = _digest(salt, qid, o.text)[:8]
            options.append({"id": oid, "text": o.text, "key": option_key(salt, qid, oid, o.correct),
                            "feedback": obscure(o.feedback, salt, qid, oid)})
        options.sort(key=lambda item: item["id"])
        out.append({"id": qid, "kind": q.kind, "prompt": q.prompt, "options": options})
    data = {"format": FORMAT, "activity": activity_id,
            "note": f"Generated by `make quizzes` from {source or 'the quiz source'}; do not edit.",
            "salt": salt, "questions": out}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def read_data(path: Path) -> tuple[str, tuple[Question, ...]]:
    """The quiz of a data file, with each option's verdict recovered from its key."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise QuizError(f"{path}: the quiz data file is missing; run `make quizzes`") from None
    except ValueError as exc:
        raise QuizError(f"{path}: not valid JSON ({exc}); run `make quizzes`") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise QuizError(f"{path}: format: expected {FORMAT!r}; run `make quizzes`")
    salt = data.get("salt", "")
    questions = []
    try:
        for q in data["questions"]:
            options = []
            for o in q["options"]:
                right = o["key"] == option_key(salt, q["id"], o["id"], True)
                if not right and o["key"] != option_key(salt, q["id"], o["id"], False):
                    raise QuizError(f"{path}, {q['id']}, option {o['id']}: key: does not match; run `make quizzes`")
                options.append(Option(o["text"], right, reveal(o["feedback"], salt, q["id"], o["id"]), o["id"]))
            questions.append(Question(q["kind"], q["prompt"], tuple(options)))
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, QuizError):
            raise
        raise QuizError(f"{path}: damaged quiz data ({type(exc).__name__}: {exc}); run `make quizzes`") from None
    return data.get("activity", ""), tuple(questions)


def _salt_of(path: Path) -> str | None:
    try:
        salt = json.loads(path.read_text("utf-8")).get("salt")
    except (OSError, ValueError, AttributeError):
        return None
    return salt if isinstance(salt, str) and salt else None


def lesson_quizzes(course) -> list[tuple[Any, Path, Path]]:
    """(activity, source file, data file) for every lesson with a quiz source."""
    found = []
    for activity in course.of_kind("lesson"):
        source = source_path(activity.id, course.root)
        if source.exists():
            found.append((activity, source, data_path(activity.path, course.root)))
    return found


def expected_data(activity, source: Path, data: Path, course) -> str:
    """What the data file should hold: built from the source with the file's salt (a new one if none)."""
    activity_id, questions = read_source(source)
    if activity_id != activity.id:
        raise QuizError(f"{source}: activity: {activity_id!r}, but the file is named for {activity.id}")
    salt = _salt_of(data) or secrets.token_hex(8)
    return build_data(activity_id, questions, salt, source.relative_to(course.root).as_posix())


def build_all(course, write: bool = True) -> list[Path]:
    """Rewrite every lesson's data file from its source; returns those that changed."""
    from .atomic import atomic_write_text

    changed = []
    for activity, source, data in lesson_quizzes(course):
        text = expected_data(activity, source, data, course)
        if not data.exists() or data.read_text("utf-8") != text:
            changed.append(data)
            if write:
                atomic_write_text(data, text)
    return changed


def main(argv: list[str] | None = None) -> int:
    from .course import load_course

    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] not in (["build"], ["check"]):
        print("usage: python -m cjm_helpers.quiz_files build|check")
        return 2
    from .course_file import CourseFileError
    from .errors import refused

    try:
        course = load_course()
    except (CourseFileError, FileNotFoundError) as exc:
        return refused(exc)
    try:
        changed = build_all(course, write=argv[0] == "build")
    except QuizError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for path in changed:
        rel = path.relative_to(course.root)
        print(f"wrote {rel}" if argv[0] == "build" else f"{rel} is out of date; run `make quizzes`")
    return 1 if changed and argv[0] == "check" else 0


if __name__ == "__main__":
    raise SystemExit(main())
