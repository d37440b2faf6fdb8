"""Every lesson as reveal.js slides for trainers: `python -m cjm_helpers.slides build/slides`.

The lessons carry no slide metadata; this build step adds it to a copy, so the
slides never drift from the lessons:

- navigation cells (cjm-nav, cjm-contents) are left out;
- each `#` or `##` heading starts a slide, a `###` heading a sub-slide (down);
- prose under a heading is split into paragraphs and lists: they appear one by
  one as fragments, and a long section continues on a sub-slide;
- code cells are shown with their output (the lesson is executed first, so the
  maps are drawn; `--no-execute` skips that);
- the knowledge check (and the learner's instructions above it) becomes a slide of its questions for the room, with the
  answers and their reasons in the speaker notes (press S in the slides).

Output: build/slides/<lesson>.slides.html for every lesson in course.toml, and
index.html linking them. The decks work offline, from file://: reveal.js 4.0.2 (the
version nbconvert's template names) is vendored in cjm_helpers/static/reveal/ and
copied beside the decks as reveal/, and the template (static/slides_template/)
loads nothing from the internet: no jQuery, require.js, MathJax or Mermaid.
`--reveal-prefix URL` still loads reveal.js from elsewhere instead.
"""

from __future__ import annotations

import argparse
import copy
import html
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from .course import Activity, Course, load_course
from .course_file import CourseFileError
from .errors import refused
from .quiz import QUIZ_TAG
from .atomic import atomic_write_text

NAV_TAGS = {"cjm-nav", "cjm-contents"}
WORDS_PER_SLIDE = 110
DEFAULT_REVEAL = "reveal"          # relative: the vendored copy beside the decks (speaker notes need it relative)
STATIC = Path(__file__).resolve().parent / "static"
VENDORED_REVEAL = STATIC / "reveal"
TEMPLATE_DIR = STATIC / "slides_template"
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


class SlidesError(Exception):
    """A lesson that cannot be turned into slides (names the lesson and the problem)."""


@dataclass(frozen=True)
class Built:
    """One slide deck written."""

    activity: Activity
    path: Path
    slides: int


# --- splitting Markdown into slide pieces --------------------------------------

def _blocks(markdown: str) -> list[str]:
    """Blank-line separated blocks, keeping fenced code and headings whole."""
    blocks, current, fenced = [], [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if not fenced and re.match(r"#{1,6}\s", line):
            if current:
                blocks.append("\n".join(current))
            blocks.append(line)
            current = []
            continue
        if not fenced and not line.strip():
            if current:
                blocks.append("\n".join(current))
            current = []
            continue
        current.append(line)
    if current:
        blocks.append("\n".join(current))
    return [b for b in blocks if b.strip()]


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _heading_level(block: str) -> int:
    match = re.match(r"(#{1,6})\s", block)
    return len(match.group(1)) if match else 0


def markdown_pieces(markdown: str) -> list[tuple[str, str]]:
    """(slide_type, markdown) pieces for one Markdown cell.

    A heading starts a slide (# and ##) or a sub-slide (### and below) and takes
    the first block under it; further blocks are fragments until the page holds
    about WORDS_PER_SLIDE words, then a sub-slide continues the section.
    """
    pieces: list[tuple[str, str]] = []
    page_words, heading_alone = 0, False
    for block in _blocks(markdown):
        level = _heading_level(block)
        words = _words(block)
        if level:
            pieces.append(("slide" if level <= 2 else "subslide", block))
            page_words, heading_alone = 0, True
        elif heading_alone:
            kind, text = pieces.pop()
            pieces.append((kind, f"{text}\n\n{block}"))
            page_words, heading_alone = words, False
        elif not pieces or page_words + words > WORDS_PER_SLIDE:
            pieces.append(("subslide", block))
            page_words = words
        else:
            pieces.append(("fragment", block))
            page_words += words
    return pieces


# --- the knowledge check as a slide -----------------------------------------------

def quiz_slide_cells(source: str, where: str) -> list:
    """A slide with the questions, and speaker notes with the answers and reasons."""
    import nbformat

    from .quiz import MULTIPLE, QuizError, quiz_from_source

    try:
        quiz = quiz_from_source(source, where)
    except QuizError as exc:
        raise SlidesError(str(exc)) from None
    letters = "abcdefgh"
    shown = ["## Knowledge check", ""]
    notes = ["Answers:", ""]
    for n, q in enumerate(quiz.questions, 1):
        extra = " *(select all that apply)*" if q.kind == MULTIPLE else ""
        shown.append(f"{n}. {_md_text(q.prompt)}{extra}")
        for letter, option in zip(letters, q.options):
            shown.append(f"    - ({letter}) {_md_text(option.text)}")
            mark = "RIGHT" if option.correct else "wrong"
            notes.append(f"- Q{n} ({letter}) {mark}: {_md_text(option.feedback)}")
    slide = nbformat.v4.new_markdown_cell("\n".join(shown))
    slide.metadata["slideshow"] = {"slide_type": "slide"}
    note = nbformat.v4.new_markdown_cell("\n".join(notes))
    note.metadata["slideshow"] = {"slide_type": "notes"}
    return [slide, note]


def _md_text(text: str) -> str:
    """Learner text as literal Markdown: HTML escaped, Markdown markers neutralised."""
    return re.sub(r"([\\`*_\[\]#|])", r"\\\1", html.escape(text, quote=False))


# --- one lesson -----------------------------------------------------------------------

def _is_quiz_intro(markdown: str) -> bool:
    first = next((b for b in _blocks(markdown) if b.strip()), "")
    return bool(re.match(r"#{1,6}\s*knowledge check\b", first, re.I)) and len(re.findall(r"^#", markdown, re.M)) == 1


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def _without_notebook_links(markdown: str) -> str:
    """Links to other notebooks (the glossary, other lessons) as plain text: a deck cannot open them."""
    return re.sub(r"\[([^\]]+)\]\([^)\s]*\.ipynb(?:#[^)]*)?\)", r"\1", markdown)


def slide_notebook(nb, where: str):
    """A copy of the lesson with slide metadata, navigation left out, the quiz as a slide."""
    import nbformat

    out = nbformat.v4.new_notebook(metadata=dict(nb.metadata))
    has_quiz = any(QUIZ_TAG in _tags(c) for c in nb.cells)
    for cell in nb.cells:
        tags = _tags(cell)
        if tags & NAV_TAGS:
            continue
        if has_quiz and cell.cell_type == "markdown" and _is_quiz_intro(cell.source):
            continue  # "press Check…" is for the learner; the quiz slide has its own heading
        if QUIZ_TAG in tags:
            out.cells.extend(quiz_slide_cells(cell.source, where))
            continue
        if cell.cell_type == "markdown":
            for kind, text in markdown_pieces(_without_notebook_links(cell.source)):
                piece = nbformat.v4.new_markdown_cell(text)
                piece.metadata["slideshow"] = {"slide_type": kind}
                out.cells.append(piece)
        elif cell.cell_type == "code":
            code = nbformat.v4.new_code_cell(cell.source)
            code.outputs = list(cell.get("outputs", []))
            code.metadata["slideshow"] = {"slide_type": "subslide"}
            if cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"):
                code.metadata["transient"] = {"remove_source": True}   # hidden in the lesson: only its picture
            out.cells.append(code)
    return out


def execute(nb, folder: Path, where: str, timeout: int = 180):
    """Run the slide notebook in a copy of the lesson's folder (figures shown inline)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    with tempfile.TemporaryDirectory(prefix="cjm-slides-") as tmp:
        work = Path(tmp) / folder.name
        shutil.copytree(folder, work, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "*.bak"))
        env = dict(os.environ, MPLBACKEND=INLINE_BACKEND)
        env.setdefault("CJM_COURSE_ROOT", str(folder.parent))
        env["CJM_CPD_LOG"] = str(Path(tmp) / "cpd-log.jsonl")  # never touch the trainer's record
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(work)}})
        try:
            client.execute(env=env)
        except CellExecutionError as exc:
            raise SlidesError(f"{where}: a cell failed while building the slides: {str(exc)[-400:]}") from None
    return nb


@lru_cache(maxsize=4)
def _exporter(reveal_prefix: str):
    from nbconvert import SlidesExporter

    return SlidesExporter(reveal_url_prefix=reveal_prefix, reveal_scroll=True, reveal_theme="white",
                          template_name="slides_template", extra_template_basedirs=[str(STATIC)])


def export(nb, reveal_prefix: str = DEFAULT_REVEAL) -> str:
    """The reveal.js HTML of a slide notebook (widget state left out: slides show no live widgets)."""
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.get("outputs"):
            cell.outputs = [o for o in cell.outputs
                            if "application/vnd.jupyter.widget-view+json" not in o.get("data", {})]
    body, _ = _exporter(reveal_prefix).from_notebook_node(nb)
    return body


def copy_reveal(out_dir: Path, reveal_prefix: str) -> None:
    """Put the vendored reveal.js beside the decks when they load it from a relative folder."""
    if "://" in reveal_prefix or reveal_prefix.startswith("/"):
        return
    shutil.copytree(VENDORED_REVEAL, out_dir / reveal_prefix, dirs_exist_ok=True)


def build_lesson(course: Course, activity: Activity, out_dir: Path, *, run: bool = True,
                 reveal_prefix: str = DEFAULT_REVEAL) -> Built:
    import nbformat

    source = course.root / activity.path
    if not source.exists():
        raise SlidesError(f"{activity.id}: {activity.path} is listed in course.toml but does not exist")
    nb = slide_notebook(nbformat.read(source, as_version=4), f"{activity.path}")
    if run:
        nb = execute(nb, source.parent, activity.path)
    target = out_dir / f"{source.stem}.slides.html"
    atomic_write_text(target, export(nb, reveal_prefix))
    count = sum(c.metadata.get("slideshow", {}).get("slide_type") in ("slide", "subslide") for c in nb.cells)
    return Built(activity, target, count)


def index_html(course: Course, built: Iterable[Built]) -> str:
    rows = "\n".join(
        f'<li><a href="{html.escape(b.path.name)}">Lesson {int(b.activity.id[1:])}: '
        f'{html.escape(b.activity.title)}</a> <span class="meta">({b.slides} slides, '
        f'about {b.activity.minutes} minutes)</span></li>'
        for b in built
    )
    title = html.escape(course.title)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}: slides</title>
<style>body{{font-family:sans-serif;max-width:48em;margin:2em auto;line-height:1.5}}
.meta{{color:#555}}</style></head>
<body><h1>{title}: lesson slides</h1>
<p>Open a lesson, then press <kbd>Space</kbd> or the arrow keys to move, <kbd>S</kbd> for speaker notes
(the knowledge-check answers are there), <kbd>F</kbd> for full screen, <kbd>Esc</kbd> for an overview.</p>
<ol>
{rows}
</ol></body></html>
"""


def build(out_dir: str | Path, *, lessons: list[str] | None = None, run: bool = True,
          reveal_prefix: str = DEFAULT_REVEAL, course: Course | None = None,
          jobs: int = 1) -> list[Built]:
    """Write the slides of the lessons (all in course.toml, or those ids) and index.html.

    jobs > 1 executes that many lessons at once (each in its own process and kernel).
    """
    course = course or load_course()
    chosen = [a for a in course.of_kind("lesson")]
    if lessons:
        known = {a.id for a in chosen}
        unknown = [i for i in lessons if i not in known]
        if unknown:
            raise SlidesError(f"no lesson {', '.join(unknown)} in course.toml (lessons: {', '.join(sorted(known))})")
        chosen = [a for a in chosen if a.id in lessons]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if jobs > 1 and run and len(chosen) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=min(jobs, len(chosen))) as pool:
            futures = [pool.submit(build_lesson, course, a, out, run=run, reveal_prefix=reveal_prefix)
                       for a in chosen]
            built = [f.result() for f in futures]
    else:
        built = [build_lesson(course, a, out, run=run, reveal_prefix=reveal_prefix) for a in chosen]
    copy_reveal(out, reveal_prefix)
    atomic_write_text(out / "index.html", index_html(course, built))
    return built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m cjm_helpers.slides",
        description="Write every lesson of course.toml as reveal.js slides, plus index.html.",
        epilog="Example: python -m cjm_helpers.slides build/slides --lesson L01 --lesson L02")
    parser.add_argument("out", nargs="?", default="build/slides", help="output folder (default build/slides)")
    parser.add_argument("--lesson", action="append", metavar="ID", help="only this lesson id (repeatable)")
    parser.add_argument("--no-execute", action="store_true",
                        help="do not run the lessons (faster; code is shown without its output)")
    parser.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1),
                        help="lessons executed at once (default: the number of cores, at most 4)")
    parser.add_argument("--reveal-prefix", default=DEFAULT_REVEAL,
                        help="where reveal.js is loaded from (default: the vendored copy, copied beside the decks)")
    args = parser.parse_args(argv)
    try:
        built = build(args.out, lessons=args.lesson, run=not args.no_execute, reveal_prefix=args.reveal_prefix,
                      jobs=max(1, args.jobs))
    except (SlidesError, CourseFileError, FileNotFoundError) as exc:
        return refused(exc, "slides")
    for b in built:
        print(f"wrote {b.path} ({b.slides} slides)")
    print(f"open {Path(args.out) / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
