"""MapBuilder and FutureStateBuilder: the editors, the file, the preview and the Check button put together."""

from __future__ import annotations

import atexit
import html
import os
import time
import weakref
from pathlib import Path

import ipywidgets as w
from pydantic import ValidationError

from ..checks.report import COLOURS as REPORT_COLOURS
from ..checks.report import OK_COLOURS
from ..errors import MapFileError, problems_from
from ..model import JourneyMap, MapType
from ..presets import STAGE_PRESETS, new_map
from .canvas import MapCanvas
from .canvas.faults import faults_on_canvas
from .canvas.history import History
from .canvas.words import canvas_words
from .controls import Quiet, button, text_field
from .debounce import Debouncer
from .exports import ExportBar
from .future import FuturePanel, follow_touchpoint_feelings
from .mapfile import FileConflict, FileProblem, MapFile, type_label
from .persona import PersonaForm
from .preview import Preview
from .stages import StageEditor
from .touchpoints import TouchpointEditor

# Builder-wide CSS: tab titles at their natural width, compact text lines in HTML labels.
STYLE = """<style>
.cjm-builder .lm-TabBar-tab { flex: 0 0 auto !important; max-width: none !important; min-width: 90px; }
.cjm-builder .widget-html-content { line-height: 1.35; }
.cjm-builder .cjm-top .widget-text { flex: 1 1 auto; }
</style>"""
# The status line uses the check report's colours (colour-blind-safe text colours).
COLOURS = {"info": "#555", "saved": OK_COLOURS[0], "warning": REPORT_COLOURS["warning"][0],
           "error": REPORT_COLOURS["error"][0]}
_OPEN: "weakref.WeakValueDictionary[str, MapBuilder]" = weakref.WeakValueDictionary()


@atexit.register
def _flush_all() -> None:
    for builder in list(_OPEN.values()):
        try:
            builder.flush()
        except Exception:  # noqa: BLE001 - best effort on the way out
            pass


class MapBuilder:
    """An ipywidgets map editor that autosaves to `path` and restores from it.

        MapBuilder("my_current_state.json", map_type="current_state", preset="five_stages")

    Opening never writes the file: a new map is saved on the first change. A file
    that is broken, invalid or of another map type is left as it is; the builder
    says what is wrong and offers the last good backup. `.map` is the JourneyMap
    being edited (None while the file has a problem); `.save()`, `.load(path)`,
    `.flush()` and `.check()` work from code.
    """

    def __init__(self, path: str | Path, map_type: MapType | str = MapType.current_state,
                 preset: str | None = None, *, based_on: str | Path | None = None,
                 autosave_delay: float = 0.5, preview_delay: float = 0.25, preview_format: str = "svg",
                 words: dict | None = None, task=None):
        if preset is not None and preset not in STAGE_PRESETS:
            raise KeyError(f"unknown stage preset {preset!r}; known presets: {', '.join(STAGE_PRESETS)}")
        self.map_type = MapType(map_type)
        self.preset = preset
        self.based_on = Path(based_on) if based_on is not None else None
        self.quiet = Quiet()
        self.closed = False
        self.file = MapFile(path)
        self._map: JourneyMap | None = None
        self._found: JourneyMap | None = None  # a valid map of another type, kept for "edit it as it is"
        self.problem: FileProblem | None = None
        self.current_map: JourneyMap | None = None
        self.current_problem: str | None = None
        self._autosave = Debouncer(self._save_quietly, autosave_delay)
        self._recheck = Debouncer(self._check_again, max(autosave_delay, 0.3) if autosave_delay > 0 else 0)
        self.history = History()
        self._task, self.task = task, None  # an exercise Task, or its activity id ("E02"), for Check and Hint
        self._kind = "type:form"  # what the next change() records: form typing merges into one undo step
        self._words = words  # the builder's own labels for built-in channels and owners
        self.canvas = MapCanvas(self._canvas_message, words=canvas_words(self.map_type, words))
        self._build(preview_delay, preview_format)
        self.load(path)

    # --- the widgets ------------------------------------------------------------------
    def _build(self, preview_delay: float, preview_format: str) -> None:
        self.title = text_field("Map title", "A short title for this map, e.g. 'Marta books a language course'",
                                placeholder="Title of the map")
        self.title.observe(lambda c: self.map is not None and not self.quiet
                           and self.assign(self.map, "title", c["new"], "Title"), "value")
        self.status = w.HTML(layout=w.Layout(margin="0 0 0 8px"))
        self.save_button = button("Save now", "Save the map to its file now (it also saves by itself as you edit)",
                                  icon="save")
        self.check_button = button("Check", "Check the map with the course's rules and show the feedback beside "
                                   "the drawing", icon="check", style="primary")
        self.save_button.on_click(lambda _: self._save_clicked())
        self.check_button.on_click(lambda _: self.check())
        self.hint_button = button("Hint", "Show the next hint for this exercise (each press a stronger one)",
                                  icon="lightbulb-o")
        self.hint_button.on_click(lambda _: self.hint())
        self.hint_button.layout.display = "" if self._exercise_task() is not None else "none"
        self.hint_box = w.HTML(layout=w.Layout(width="100%"))
        self.problem_box = w.VBox(layout=w.Layout(border=f"2px solid {COLOURS['error']}", padding="6px", display="none"))
        self.persona = PersonaForm(self)
        self.touchpoints = TouchpointEditor(self)
        self.stages = StageEditor(self, on_select=self._stage_selected)
        self.preview = Preview(self, delay=preview_delay, fmt=preview_format)
        self.future = FuturePanel(self)
        self.report = w.HTML(layout=w.Layout(width="100%"))
        self.exports = ExportBar(self)
        pages = [("Persona", self.persona.widget),
                 ("Stages & touchpoints", w.VBox([self.stages.widget, self.touchpoints.widget]))]
        if self.map_type == MapType.future_state:
            pages.append(("Improvements", self.future.widget))
        self.tabs = w.Tab(children=[page for _, page in pages], titles=[name for name, _ in pages],
                          layout=w.Layout(width="46%", min_width="420px"))
        self.wide = w.ToggleButton(value=False, description="Wide preview", icon="arrows-h",
                                   tooltip="Show the drawing and the feedback at full width above the editors "
                                   "(easier to read for long journeys); press again to put them back beside")
        self.wide.observe(lambda c: self._set_wide(c["new"]), "value")
        self.wide.layout.display = "none"
        self.preview.toggle.observe(lambda c: self._drawing_shown(c["new"]), "value")
        self.right = w.VBox([w.HBox([self.preview.toggle, self.preview.redraw, self.wide]), self.preview.widget,
                             self.report],
                            layout=w.Layout(width="54%", padding="0 0 0 8px"))
        self.editors = w.HBox([self.tabs, self.right], layout=w.Layout(width="100%"))
        top = w.HBox([self.title, self.save_button, self.check_button, self.hint_button], layout=w.Layout(width="100%"))
        top.add_class("cjm-top")
        for control in (self.save_button, self.check_button, self.hint_button):
            control.layout.min_width = "110px"
        self.title.layout.width = "auto"
        self.widget = w.VBox([
            w.HTML(STYLE, layout=w.Layout(display="none")),
            top,
            self.status,
            self.problem_box,
            self.hint_box,
            self.canvas,
            self.exports.widget,
            self.editors,
        ], layout=w.Layout(width="100%", max_width="1240px"))
        self.widget.add_class("cjm-builder")

    def _drawing_shown(self, shown: bool) -> None:
        self.wide.layout.display = "" if shown else "none"
        if not shown:
            self.wide.value = False

    def _set_wide(self, wide: bool) -> None:
        self.editors.layout.flex_flow = "column-reverse" if wide else "row"
        self.tabs.layout.width = "100%" if wide else "46%"
        self.right.layout.width = "100%" if wide else "54%"
        self.right.layout.padding = "0 0 8px 0" if wide else "0 0 0 8px"

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    # --- public API ---------------------------------------------------------------------
    @property
    def path(self) -> Path:
        return self.file.path

    @property
    def map(self) -> JourneyMap | None:
        """The map being edited (None while the file has a problem to resolve)."""
        return self._map

    def load(self, path: str | Path | None = None) -> JourneyMap | None:
        """Read the map from `path` (default: this builder's file) and edit it there; never raises on the file."""
        self._autosave.flush()
        if path is not None:
            self._claim(Path(path))
        self._load_current()
        journey, problem = self.file.read(expected=self.map_type)
        self._map, self._found, self.problem = None, None, problem
        if problem is None:
            if journey is None:
                journey = self._new_map()
                self._note(f"New map: it is saved to {self.path} as soon as you change something.", "info")
            else:
                self._note(f"Restored your map from {self.path}.", "saved")
            if journey.map_type == MapType.future_state and not journey.based_on and self.based_on is not None:
                journey.based_on = self._based_on_text()
            self._map = journey
        else:
            self._found = journey
            self._note(f"{self.path} cannot be edited as it is: see below.", "error")
        self._show_all()
        return self._map

    def save(self) -> Path:
        """Save now (atomically, the previous version kept as .bak). Raises MapFileError when it cannot."""
        self._autosave.cancel()
        if self._map is None:
            raise MapFileError(self.path, f"nothing saved: {self.problem or 'no map loaded'}")
        if self.closed:
            raise MapFileError(self.path, "a newer builder edits this file now; use that one")
        self.file.save(self._map)
        self._note(f"Saved {time.strftime('%H:%M:%S')} to {self.path}.", "saved")
        return self.path

    def flush(self) -> None:
        """Do the pending autosave and preview now (tests and code use this instead of waiting)."""
        self._autosave.flush()
        self.preview.flush()
        self._recheck.flush()

    def undo(self) -> JourneyMap | None:
        """Take back the last action (on the canvas or in the forms); None when there is nothing to undo."""
        return self._go_to(self.history.undo(), "Undone")

    def redo(self) -> JourneyMap | None:
        """Do again what Undo took back; None when there is nothing to redo."""
        return self._go_to(self.history.redo(), "Redone")

    def edit(self, data: dict, action: str = "edit") -> bool:
        """Replace the map with `data` (a map dict, as the canvas sends it), validated; False when it is refused.

        A removal ("remove") keeps the version before it in the .bak file."""
        if self._map is None or self.closed:
            self._note("Nothing changed: " + ("a newer builder edits this file now (the cell was run again)"
                                              if self.closed else "the file has a problem to resolve first"), "warning")
            return False
        try:
            journey = JourneyMap.model_validate(data)
        except ValidationError as exc:
            problem = "; ".join(p.message for p in problems_from(exc))
            self._note(f"Not changed: {problem}.", "warning")
            return False
        if journey.map_type == MapType.future_state:
            follow_touchpoint_feelings(journey)
        if action == "remove":
            self._autosave.flush()
            self.file.pin_backup(self._map)
        self._map = journey
        self._refresh_editors()
        self._kind = f"canvas:{action}"
        self.changed(structural=True)
        return True

    def check(self):
        """Save, run check_map (the course's rules) and show the report beside the drawing; returns the Report."""
        from ..checks import check_map
        from ..checks.report import report_html

        self.flush()
        current = self._current_path() if self.map_type == MapType.future_state else None
        task = self._exercise_task()
        if task is not None:
            result = task.check(self.path, current=current)  # the exercise's verdict (and its CPD record)
            self.report.value = result._repr_html_()
            if not result.correct:
                from ..cpd.checkpoint import not_recorded_line

                line = not_recorded_line(task.activity_id)
                self.report.value += f'<p class="cjm-cpd-note" style="margin:4px 0">{html.escape(line)}</p>' if line else ""
            if self._map is not None and result.report is not None:
                self.canvas.faults = faults_on_canvas(result.report, self._map)
            return result.report
        if self._map is not None and self.file.exists() and not self.file.changed_on_disk():
            report = check_map(self.path, current=current)
        elif self._map is not None:
            report = check_map(self._map, current=self.current_map)
        else:
            report = check_map(self.path, current=current)
        self.report.value = report_html(report)
        if self._map is not None:
            self.canvas.faults = faults_on_canvas(report, self._map)
        return report

    def hint(self):
        """Show the exercise's next hint tier above the canvas; returns the Hint (None without a task)."""
        task = self._exercise_task()
        if task is None:
            return None
        found = task.hint()
        self.hint_box.value = (f'<div class="cjm-hint" role="status" style="border-left:4px solid #9a6700;'
                               f'padding:4px 8px;margin:4px 0">💡 {html.escape(str(found))}</div>')
        return found

    def _exercise_task(self):
        """The exercise's Task: the one given (task="E02"), else the exercise whose folder holds the map."""
        if self.task is None:
            spec = self._task
            if spec is None:
                from ..cpd.checkpoint import exercise_for_map
                from ..exercise_tasks import TASKS

                activity = exercise_for_map(self.path)
                spec = activity.id if activity is not None and activity.id in TASKS else None
            if isinstance(spec, str):
                from ..exercise_tasks import exercise_task

                self.task = exercise_task(spec)
            else:
                self.task = spec
        return self.task

    def _check_again(self) -> None:
        """Keep a shown report current while the learner edits (checks the map in memory)."""
        from ..checks import check_map
        from ..checks.report import report_html

        if self._map is None or not self.report.value:
            return
        try:
            report = check_map(self._map, current=self.current_map)
        except Exception:  # noqa: BLE001 - the Check button shows any problem; editing carries on
            return
        note = ""
        if self._exercise_task() is not None:  # the exercise's verdict (and its CPD record) comes from pressing Check only
            note = ('<p class="cjm-report-note" style="color:#555">Updated as you edit. Press <b>Check</b> for '
                    "the exercise's verdict.</p>")
        self.report.value = note + report_html(report)
        self.canvas.faults = faults_on_canvas(report, self._map)

    # --- editing (called by the editors) -------------------------------------------------
    def assign(self, obj, field: str, value, label: str) -> bool:
        """Set a field on a part of the map, validated; a bad value is reported, not stored."""
        try:
            setattr(obj, field, value)
        except ValidationError as exc:
            problem = "; ".join(p.message for p in problems_from(exc))
            self._note(f"{label}: {problem}. The last good value is kept until you fix it.", "warning")
            return False
        self.changed()
        return True

    def changed(self, structural: bool = False, action: str | None = None) -> None:
        """The map changed: autosave and redraw soon (`action`: an undo step of its own, e.g. "add_channel")."""
        if self._map is None:
            return
        if self.closed:
            self._note("A newer builder edits this file now (the cell was run again): use that one.", "warning")
            return
        if structural:
            self.stages.relabel()
            self.future.refresh_touchpoints()
        kind, self._kind = (f"form:{action}" if action else self._kind), "type:form"
        self.history.record(self._map.to_dict(), kind)
        self._show_on_canvas()
        self._note("Saving…", "info")
        self._autosave.trigger()
        self.preview.trigger()
        if self.report.value:
            self._recheck.trigger()

    def note(self, text: str, kind: str = "info") -> None:
        self._note(text, kind)

    # --- internals ------------------------------------------------------------------------
    def _canvas_message(self, kind: str, content: dict) -> None:
        """The canvas asks: "map" (an edited map), "undo" or "redo"; it always gets the map back."""
        try:
            if kind == "map":
                self.canvas.seq = max(self.canvas.seq, int(content.get("seq", 0)))
                if not isinstance(content.get("map"), dict) or not self.edit(content["map"], str(content.get("action", "edit"))):
                    self.canvas.send_state("journey")  # the browser shows its refused edit: put the map back
            elif kind == "undo":
                self.undo()
            elif kind == "redo":
                self.redo()
        except Exception as exc:  # noqa: BLE001 - a click must never raise into the kernel
            self._note(f"Not done ({type(exc).__name__}: {exc}).", "error")

    def _go_to(self, data: dict | None, done: str) -> JourneyMap | None:
        if data is None or self._map is None or self.closed:
            self._note(f"Nothing to {done.lower()[:-2]}.", "info")
            return None
        self._map = JourneyMap.model_validate(data)
        self._refresh_editors()
        self._show_on_canvas()
        self._autosave.trigger()
        self.preview.trigger()
        if self.report.value:
            self._recheck.trigger()
        self._note(f"{done}. Saving…", "info")
        return self._map

    def _show_on_canvas(self) -> None:
        canvas = self.canvas
        with canvas.hold_sync():
            canvas.journey = self._map.to_dict() if self._map is not None else {}
            canvas.words = canvas_words(self.map_type, self._words, self._map)  # the map's own channels too
            canvas.can_undo, canvas.can_redo = self.history.can_undo, self.history.can_redo
            if self.current_map is not None:
                canvas.baseline = {tp.id: tp.feeling for _, tp in self.current_map.touchpoints()
                                   if tp.feeling is not None}
                canvas.current_pains = [[pp.id, pp.text, f"{stage.name}: {tp.name}", tp.id]
                                        for stage, tp, pp in self.current_map.pain_points()]

    def _refresh_editors(self) -> None:
        """Show the (new) map in the detail forms without them reporting a change."""
        with self.quiet():
            self.title.value = self._map.title if self._map is not None else ""
        self.persona.refresh()
        self.stages.refresh()
        self.future.refresh()

    def _note(self, text: str, kind: str) -> None:
        self.status.value = (f'<span style="color:{COLOURS.get(kind, "#555")}">{html.escape(text)}</span>')

    def _claim(self, path: Path) -> None:
        """Edit `path`; an older builder of the same file saves what it has and steps back."""
        self.file = MapFile(path)
        key = str(path.resolve())
        older = _OPEN.get(key)
        if older is not None and older is not self:
            try:
                older.flush()
            except Exception:  # noqa: BLE001
                pass
            older.closed = True
        _OPEN[key] = self

    def _save_quietly(self) -> None:
        """The autosave: report problems in the status line, never raise into the kernel."""
        if self._map is None or self.closed:
            return
        try:
            self.save()
        except FileConflict as exc:
            self.problem = FileProblem("conflict", str(exc.problem))
            self._show_problem()
            self._note(f"Not saved: {self.path} {exc.problem}.", "error")
        except MapFileError as exc:
            self._note(f"Not saved: {exc.problem}", "error")
        except Exception as exc:  # noqa: BLE001
            self._note(f"Not saved ({type(exc).__name__}: {exc}).", "error")

    def _save_clicked(self) -> None:
        self._save_quietly()
        self.preview.refresh()

    def _new_map(self) -> JourneyMap:
        if self.map_type == MapType.future_state and self.current_map is not None:
            journey = JourneyMap.model_validate(self.current_map.to_dict())
            journey.map_type = MapType.future_state
            if journey.title:
                base = journey.title.replace("(current state)", "").strip()
                journey.title = f"{base} (future state)"
            journey.based_on = self._based_on_text()
            return journey
        return new_map(self.preset, self.map_type)

    def _current_path(self) -> Path | None:
        if self.based_on is not None:
            return self.based_on
        found = self._map or self._found
        if found is not None and found.based_on:
            return self.path.parent / found.based_on
        return None

    def _based_on_text(self) -> str:
        return Path(os.path.relpath(self.based_on.resolve(), self.path.parent.resolve())).as_posix()

    def _load_current(self) -> None:
        if self.map_type != MapType.future_state:
            return
        self.current_map, self.current_problem = None, None
        path = self._current_path()
        if path is None:
            return
        found, problem = MapFile(path).read(expected=MapType.current_state)
        if problem is not None:
            self.current_problem = f"The current-state map {path} {problem}."
        elif found is None:
            self.current_problem = f"There is no current-state map at {path} yet: build it first."
        else:
            self.current_map = found

    def _stage_selected(self, index) -> None:
        self.touchpoints.show_stage(self.stages.stage)

    def _show_all(self) -> None:
        editing = self._map is not None
        self.editors.layout.display = "" if editing else "none"
        self.canvas.layout.display = "" if editing else "none"
        self.exports.widget.layout.display = "" if editing else "none"
        self.history.reset(self._map.to_dict() if editing else None)
        self.canvas.faults = {}
        self._show_on_canvas()
        for control in (self.title, self.save_button):
            control.disabled = not editing
        with self.quiet():
            self.title.value = self._map.title if editing else ""
        self.persona.refresh()
        self.stages.refresh(select=0)
        self.future.refresh()
        self.report.value = ""
        self._show_problem()
        if editing:
            self.preview.refresh()

    # --- problems and what the learner can do about them ----------------------------------
    def _show_problem(self) -> None:
        problem = self.problem
        if problem is None:
            self.problem_box.layout.display = "none"
            self.problem_box.children = []
            return
        e = html.escape
        if problem.details:     # a map's problems, one a line
            lines = [f"<b>⚠ {e(str(self.path))}</b> is not a valid journey map:"
                     "<ul style='margin:2px 0'>" + "".join(f"<li>{e(d)}</li>" for d in problem.details) + "</ul>"]
        else:
            lines = [f"<b>⚠ {e(str(self.path))}</b> {e(problem.message)}."]
        actions = []
        backup = self.file.good_backup()
        if problem.kind == "unreadable":
            lines.append("The file is left exactly as it is. You can fix it in a text editor and press "
                         "<b>Read the file again</b>, or:")
            if backup is not None:
                actions.append(self._action("Restore last good backup", f"Put back the last good version "
                                            f"({self.file.backup}); the broken file is kept as .corrupt",
                                            self.restore_backup, "warning"))
            actions.append(self._action("Start a new map", "Start again with an empty map; the broken file is "
                                        "kept beside it as .corrupt", self.start_new))
        elif problem.kind == "wrong_type":
            lines.append(f"Check the file name. You can also edit it as a {type_label(problem.found_type)} "
                         f"map, or turn it into a {type_label(self.map_type)} map (the file's version is kept "
                         "as .bak).")
            actions.append(self._action("Edit it as it is", "Edit the map without changing its type",
                                        self.use_as_is))
            actions.append(self._action(f"Make it a {type_label(self.map_type)} map",
                                        "Change the map's type and save it", self.convert, "warning"))
            if backup is not None and backup.map_type == self.map_type:
                actions.append(self._action("Restore last good backup", "Put back the previous version",
                                            self.restore_backup))
        elif problem.kind == "conflict":
            lines.append("Your latest edits are still here in the builder, not in the file.")
            actions.append(self._action("Load the file's version", "Drop the builder's unsaved edits and "
                                        "edit what is in the file now", lambda: self.load()))
            actions.append(self._action("Save mine over it", "Save the builder's map; the file's version is "
                                        "kept as .bak", self.keep_mine, "warning"))
        if problem.kind != "conflict":
            actions.append(self._action("Read the file again", "Read the file again after fixing it elsewhere",
                                        lambda: self.load()))
        message = w.HTML("<br>".join(lines))
        self.problem_box.children = [message, w.HBox(actions)]
        self.problem_box.layout.display = ""

    def _action(self, label: str, tooltip: str, func, style: str = "") -> w.Button:
        """A recovery button: whatever goes wrong is said in the status line, never raised into the kernel."""
        control = button(label, tooltip, style=style)
        control.on_click(lambda _: self._run_action(func))
        return control

    def _run_action(self, func) -> None:
        try:
            func()
        except Exception as exc:  # noqa: BLE001 - a button must never raise; the learner is told instead
            problem = getattr(exc, "problem", None)
            if problem is None:
                problem = f"{type(exc).__name__}: {exc}"
            elif getattr(exc, "path", None):
                problem = f"{Path(exc.path).name} {problem}"
            self._note(f"Not done: {problem}.", "error")

    def restore_backup(self) -> JourneyMap | None:
        """Put the last good backup in place of the broken file (kept as .corrupt) and edit it."""
        try:
            self.file.restore()
        except MapFileError as exc:
            self._note(f"The backup cannot be restored: {exc.problem}", "error")
            return None
        journey = self.load()
        if journey is not None:
            self._note(f"Restored the last good version from {self.file.backup}.", "saved")
        return journey

    def start_new(self) -> JourneyMap:
        """Replace a broken file with a new map (the broken one is kept as .corrupt); MapFileError when it cannot."""
        journey = self._new_map()
        self.file.save(journey, force=True, replace_invalid=True)
        self.load()
        self._note(f"Started a new map; the broken file is kept as {self.path.name}.corrupt.", "saved")
        return self._map

    def use_as_is(self) -> JourneyMap | None:
        """Edit a map of another type without changing its type."""
        if self._found is None:
            return None
        self._map, self.problem = self._found, None
        self._show_all()
        self._note(f"Editing the {type_label(self._map.map_type)} map in {self.path}.", "info")
        return self._map

    def convert(self) -> JourneyMap | None:
        """Turn a map of another type into this builder's type and save it; raises MapFileError when it cannot
        save (FileConflict when the file changed on disk), and then nothing has changed."""
        if self._found is None:
            return None
        if self.closed:
            raise MapFileError(self.path, "a newer builder edits this file now; use that one")
        journey = self._found.model_copy(deep=True)  # the found map stays as it is until the save succeeded
        if journey.map_type == MapType.day_in_the_life:
            for stage in journey.stages:
                stage.time = None
        journey.map_type = self.map_type
        self._autosave.cancel()
        self.file.save(journey)  # FileConflict / MapFileError: nothing below has happened
        self._map, self._found, self.problem = journey, None, None
        self._show_all()
        self._note(f"Saved {time.strftime('%H:%M:%S')} to {self.path} as a {type_label(self.map_type)} map "
                   f"(the previous version is in {self.file.backup.name}).", "saved")
        return self._map

    def keep_mine(self) -> Path:
        """After a conflict: save the builder's map over the file (the file's version kept as .bak).

        Raises MapFileError when it cannot (the conflict stays shown)."""
        if self._map is None:
            raise MapFileError(self.path, "nothing saved: no map loaded")
        self.file.save(self._map, force=True, replace_invalid=True)
        self.problem = None
        self._show_problem()
        self._note(f"Saved {time.strftime('%H:%M:%S')} to {self.path} (the other version is in "
                   f"{self.file.backup.name}).", "saved")
        return self.path


class FutureStateBuilder(MapBuilder):
    """The builder for a future-state map that improves the current-state map `based_on`.

        FutureStateBuilder("my_future_state.json", based_on="my_current_state.json")

    A new future state starts as a copy of the current one. The Improvements tab
    lists each current pain point with its severity: improve it (the change,
    where it shows, the expected feeling) or defer it with a reason. The
    preview shows the comparison drawing.
    """

    def __init__(self, path: str | Path, based_on: str | Path, **kwargs):
        kwargs.setdefault("map_type", MapType.future_state)
        super().__init__(path, based_on=based_on, **kwargs)
