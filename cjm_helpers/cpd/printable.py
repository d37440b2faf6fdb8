"""The CPD record as files a learner can hand in: CSV, a printable HTML page, an A4 PDF.

The first page lists every activity with its date, minutes and points, the
scheme, and lines for the learner's and a manager's signature. Each passed
exercise then gets its evidence: the map's title, a picture and a summary of
the map, the date it passed and the reflection answers (learner text, escaped
in HTML), with a line for the manager who discussed it.
"""

from __future__ import annotations

import csv
import html
import io
import textwrap
from pathlib import Path

from .log import CPDError
from ..assess.sanitise import escape_text
from .evidence import ExerciseEvidence, exercise_evidence, thumbnail_png
from .record import KIND_LABELS, CPDRecord, _fmt, date_time, heading, short_date, write_file

TITLE = "Continuing Professional Development (CPD) record"
CSV_COLUMNS = ("learner", "course", "activity_id", "activity", "kind", "completed", "minutes",
               "cpd_points", "evidence")
A4_INCHES = (8.27, 11.69)
HOW_RECORDED = ("Each activity was recorded by the workbook when the learner passed the lesson's "
                "knowledge check or the exercise's checks; an activity counts once however often it is repeated.")


def export(record: CPDRecord, path: str | Path) -> Path:
    """Write the record to path; the suffix (.csv, .html, .pdf) chooses the format."""
    path = Path(path)
    writers = {".csv": to_csv, ".html": to_html, ".htm": to_html, ".pdf": to_pdf}
    writer = writers.get(path.suffix.lower())
    if writer is None:
        raise CPDError(f"{path}: cannot export a CPD record as {path.suffix or 'a file without a suffix'!s}; "
                       "use a name ending in .csv, .html or .pdf")
    data = writer(record)
    write_file(path, data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def _cell(text: str) -> str:
    """Spreadsheet-safe text: a leading = + - @ would run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def to_csv(record: CPDRecord) -> str:
    """One row per activity, with the learner and course on every row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in record.records:
        writer.writerow([_cell(record.learner or ""), _cell(record.course.title), r.activity,
                         _cell(heading(r, record.course)),
                         r.kind, r.completed, r.minutes, _fmt(r.points), _cell(r.evidence_text)])
    return out.getvalue()


_CSS = """
@page { size: A4; margin: 18mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #111; max-width: 180mm; margin: 2em auto; font-size: 10.5pt; }
h1 { font-size: 16pt; margin-bottom: .2em; }
dl { display: grid; grid-template-columns: max-content auto; gap: .2em 1em; }
dt { font-weight: bold; } dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; }
th, td { border-bottom: 1px solid #bbb; padding: .3em .4em; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; }
td:first-child, th.n { white-space: nowrap; }
tfoot td { font-weight: bold; border-top: 2px solid #111; border-bottom: none; }
.evidence { color: #555; font-size: 9pt; }
.sign { margin-top: 3em; display: flex; gap: 4em; }
.sign span { display: inline-block; min-width: 18em; border-top: 1px solid #111; padding-top: .2em; }
.work { page-break-before: always; }
.work img { max-width: 100%; border: 1px solid #ccc; }
.answer { white-space: pre-wrap; margin: 0 0 .8em 0; }
"""


def _evidence_html(item: ExerciseEvidence) -> str:
    e = escape_text
    picture = ""
    if item.map_path is not None:
        png = thumbnail_png(item.map_path)
        if png:
            import base64

            picture = (f"<p><img alt='{e(item.summary)}' "
                       f"src='data:image/png;base64,{base64.b64encode(png).decode('ascii')}'></p>")
    answers = "".join(f"<p><strong>{e(q)}</strong></p><p class='answer'>{e(a)}</p>" for q, a in item.reflections)
    return (f"<section class='work'><h2>Evidence: {e(item.heading)}</h2>"
            f"<dl><dt>Passed</dt><dd>{e(item.passed)}</dd><dt>Map</dt><dd>{e(item.map_title)}</dd></dl>"
            f"<p>{e(item.summary)}</p>{picture}"
            f"<h3>Reflection</h3>{answers or '<p>No reflection answers found.</p>'}"
            "<div class='sign'><span>Discussed with my manager: manager's signature</span><span>Date</span></div>"
            "</section>")


def to_html(record: CPDRecord) -> str:
    """A standalone page: the activity table on the first A4 sheet, then each exercise's evidence; all text escaped."""
    e = html.escape
    rows = "".join(
        f"<tr><td>{e(short_date(r))}</td><td>{e(r.activity)}</td><td>{e(heading(r, record.course))}"
        + (f"<div class='evidence'>{e(r.evidence_text)}</div>" if r.evidence_text else "")
        + f"</td><td>{e(KIND_LABELS.get(r.kind, r.kind))}</td><td class='n'>{r.minutes}</td>"
        f"<td class='n'>{e(_fmt(r.points))}</td></tr>\n"
        for r in record.records
    ) or "<tr><td colspan='6'>No activities recorded yet.</td></tr>\n"
    learner = e(record.learner) if record.learner else "&nbsp;" * 40
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{e(TITLE)}: {e(record.learner or '')}</title>
<style>{_CSS}</style></head>
<body>
<h1>{e(TITLE)}</h1>
<dl>
<dt>Learner</dt><dd>{learner}</dd>
<dt>Course</dt><dd>{e(record.course.title)}</dd>
<dt>Provider</dt><dd>{e(record.course.provider)}</dd>
<dt>Produced</dt><dd>{e(record.produced.strftime('%d %B %Y').lstrip('0'))}</dd>
</dl>
<table>
<thead><tr><th>Date</th><th>Id</th><th>Activity</th><th>Kind</th><th class="n">Minutes</th><th class="n">CPD points</th></tr></thead>
<tbody>
{rows}</tbody>
<tfoot><tr><td colspan="4">Total: {len(record.records)} activities ({record.minutes / 60:.1f} hours)</td>
<td class="n">{record.minutes}</td><td class="n">{e(_fmt(record.points))} of {e(_fmt(record.total_points))}</td></tr></tfoot>
</table>
<p>{e(HOW_RECORDED)} {e(record.course.cpd_scheme)}</p>
<div class="sign"><span>Learner's signature</span><span>Date</span></div>
<div class="sign"><span>Manager's signature</span><span>Date</span></div>
{"".join(_evidence_html(item) for item in exercise_evidence(record))}
</body></html>
"""


def to_pdf(record: CPDRecord) -> bytes:
    """An A4 PDF laid out with matplotlib (text stays selectable): the record, then a page per exercise."""
    from matplotlib.backends.backend_pdf import PdfPages

    out = io.BytesIO()
    metadata = {"Title": TITLE, "Author": record.learner or "", "Subject": record.course.title,
                "Creator": "Customer Journey Mapping workbook"}
    with PdfPages(out, metadata=metadata) as pdf:
        for fig in pages(record):
            pdf.savefig(fig)
    return out.getvalue()


def pages(record: CPDRecord) -> list:
    """The figures of the printed record: the activity page, then one evidence page per passed exercise."""
    from matplotlib.figure import Figure

    first = Figure(figsize=A4_INCHES)
    _layout(first, record)
    figures = [first]
    for item in exercise_evidence(record):
        fig = Figure(figsize=A4_INCHES)
        _evidence_page(fig, record, item)
        figures.append(fig)
    return figures


def render_png(record: CPDRecord, path: str | Path, dpi: int = 80, page: int = 1) -> Path:
    """One page of the printed record as a PNG picture (to preview it); page 1 is the activity table."""
    figures = pages(record)
    if not 1 <= page <= len(figures):
        raise CPDError(f"the record has {len(figures)} page(s); there is no page {page}")
    figures[page - 1].savefig(path, dpi=dpi, format="png")
    return Path(path)


# --- page layout (figure fractions: 0 is the bottom of the page, 1 the top) ----

LEFT, RIGHT = 0.08, 0.92
COLS = {"date": 0.08, "activity": 0.205, "kind": 0.665, "minutes": 0.83, "points": 0.92}
BASE_SIZE = 9.5      # points; the table shrinks below this only when it would not fit
TABLE_TOP = 0.725    # where the first row starts
TABLE_BOTTOM = 0.20  # the total row, the note and the signature lines sit below this


def _line_height(size: float) -> float:
    return size * 1.4 / 72 / A4_INCHES[1]


def _wrap_width(size: float) -> int:
    """Characters of an activity title per line at this size (the column is ~3.3 inches wide)."""
    return int(50 * BASE_SIZE / size)


def _row_lines(record: CPDRecord, size: float) -> float:
    return sum(len(_title_lines(r, size, record.course)) + (0.9 if r.evidence_text else 0) + 0.35 for r in record.records)


def _table_size(record: CPDRecord) -> float:
    """The largest font size (at most BASE_SIZE) at which every row fits on the page."""
    size = BASE_SIZE
    while size > 4 and _row_lines(record, size) * _line_height(size) > TABLE_TOP - TABLE_BOTTOM:
        size -= 0.25
    return size


def _layout(fig, record: CPDRecord) -> None:
    def text(x, y, s, size, **kw):
        fig.text(x, y, s, va="top", fontsize=size, **kw)

    text(LEFT, 0.93, TITLE, 15, weight="bold")
    y = 0.89
    for label, value in (("Learner", record.learner or ""), ("Course", record.course.title),
                         ("Provider", record.course.provider),
                         ("Produced", record.produced.strftime("%d %B %Y").lstrip("0"))):
        text(LEFT, y, label, 10.5, weight="bold")
        if value:
            text(LEFT + 0.12, y, value, 10.5)
        else:  # a line to write the name on
            fig.add_artist(_rule(LEFT + 0.12, 0.6, y - 0.014, fig))
        y -= 0.022

    size = _table_size(record)
    step = _line_height(size)
    y = TABLE_TOP + 0.035
    for key, label, align in (("date", "Date", "left"), ("activity", "Activity", "left"),
                              ("kind", "Kind", "left"), ("minutes", "Minutes", "right"),
                              ("points", "Points", "right")):
        text(COLS[key], y, label, BASE_SIZE, weight="bold", ha=align)
    fig.add_artist(_rule(LEFT, RIGHT, TABLE_TOP + 0.012, fig, width=1.0))
    y = TABLE_TOP
    if not record.records:
        text(COLS["activity"], y, "No activities recorded yet.", size)
        y -= step
    for r in record.records:
        text(COLS["date"], y, short_date(r), size)
        text(COLS["kind"], y, KIND_LABELS.get(r.kind, r.kind), size)
        text(COLS["minutes"], y, str(r.minutes), size, ha="right")
        text(COLS["points"], y, _fmt(r.points), size, ha="right")
        for line in _title_lines(r, size, record.course):
            text(COLS["activity"], y, line, size)
            y -= step
        if r.evidence_text:
            text(COLS["activity"], y, _shorten(r.evidence_text, _wrap_width(size) + 10), size * 0.85,
                 color="#555555")
            y -= step * 0.9
        fig.add_artist(_rule(LEFT, RIGHT, y + step * 0.05, fig, width=0.3, color="#bbbbbb"))
        y -= step * 0.35

    y -= 0.006
    fig.add_artist(_rule(LEFT, RIGHT, y + 0.004, fig, width=1.2))
    total = f"Total: {len(record.records)} activities ({record.minutes / 60:.1f} hours)"
    text(COLS["date"], y, total, BASE_SIZE, weight="bold")
    text(COLS["minutes"], y, str(record.minutes), BASE_SIZE, weight="bold", ha="right")
    text(COLS["points"], y, f"{_fmt(record.points)} of {_fmt(record.total_points)}", BASE_SIZE,
         weight="bold", ha="right")

    y = 0.165
    for line in textwrap.wrap(f"{HOW_RECORDED} {record.course.cpd_scheme}", 115):
        text(LEFT, y, line, 7.5, color="#333333")
        y -= 0.013
    for base, who in ((0.075, "Learner's signature"), (0.035, "Manager's signature")):
        for x0, x1, label in ((LEFT, 0.5, who), (0.6, RIGHT, "Date")):
            fig.add_artist(_rule(x0, x1, base, fig))
            text(x0, base - 0.005, label, 8.5)


def _evidence_page(fig, record: CPDRecord, item: ExerciseEvidence) -> None:
    """One exercise's proof: map title, date passed, summary, picture, reflection answers, manager's line."""
    def text(x, y, s, size, **kw):
        fig.text(x, y, s, va="top", fontsize=size, **kw)

    text(LEFT, 0.95, f"Evidence: {item.heading}", 14, weight="bold")
    text(LEFT, 0.92, f"Learner: {record.learner or '________________'}    Passed: {item.passed}", 10)
    text(LEFT, 0.895, f"Map: {_shorten(item.map_title, 90)}", 10.5, weight="bold")
    y = 0.87
    for line in textwrap.wrap(item.summary, 110)[:3]:
        text(LEFT, y, line, 9)
        y -= 0.016
    png = thumbnail_png(item.map_path) if item.map_path is not None else None
    if png:
        import matplotlib.image as mpimg

        image = mpimg.imread(io.BytesIO(png), format="png")
        height = min(0.36, (RIGHT - LEFT) * image.shape[0] / image.shape[1] * A4_INCHES[0] / A4_INCHES[1])
        ax = fig.add_axes([LEFT, y - 0.01 - height, RIGHT - LEFT, height])
        ax.imshow(image)
        ax.set_axis_off()
        y -= height + 0.03
    else:
        text(LEFT, y, "(No picture: the map file was not found when the record was printed.)", 9, color="#555555")
        y -= 0.03
    text(LEFT, y, "Reflection", 11, weight="bold")
    y -= 0.022
    for question, answer in item.reflections or [("", "No reflection answers found.")]:
        for line in textwrap.wrap(question, 95)[:3]:
            if y < 0.14:
                break
            text(LEFT, y, line, 9, weight="bold")
            y -= 0.015
        for line in textwrap.wrap(answer, 115)[:8]:
            if y < 0.12:
                text(LEFT, y, "...", 8.5)
                y -= 0.015
                break
            text(LEFT, y, line, 8.5)
            y -= 0.014
        y -= 0.008
    for x0, x1, label in ((LEFT, 0.5, "Discussed with my manager: manager's signature"), (0.6, RIGHT, "Date")):
        fig.add_artist(_rule(x0, x1, 0.06, fig))
        text(x0, 0.055, label, 8.5)


def _title_lines(r, size: float = BASE_SIZE, course=None) -> list[str]:
    return textwrap.wrap(heading(r, course), _wrap_width(size)) or [r.activity]


def _shorten(s: str, width: int) -> str:
    return textwrap.shorten(s, width, placeholder=" ...")


def _rule(x0, x1, y, fig, width=0.8, color="#111111"):
    from matplotlib.lines import Line2D

    return Line2D([x0, x1], [y, y], transform=fig.transFigure, linewidth=width, color=color)
