"""What the course's notebooks pay for before any drawing: the common paths load no library they do not use.

The seconds are judged in benchmarks/bench_course.py against a same-run floor; these tests pin the
causes that were found there (numpy imported to scan a map's brackets, ...), so they cannot come back.
"""

from __future__ import annotations

import json
import subprocess
import sys

from cjm_helpers import examples, limits


def modules_after(code: str, whole_names: bool = False) -> set[str]:
    """The top-level packages (or, whole_names, every module) a fresh interpreter holds after running code."""
    name = "m" if whole_names else "m.split('.')[0]"
    probe = f"{code}\nimport sys; print(' '.join(sorted({{{name} for m in sys.modules}})))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_loading_and_describing_a_map_imports_no_numpy():
    loaded = modules_after("import cjm_helpers as cjm\n"
                           "print(cjm.describe_map(cjm.examples.load('language_course_current')))")
    assert "pydantic" in loaded
    assert not loaded & {"numpy", "pandas", "matplotlib"}


def test_depth_is_the_same_counted_in_python_or_with_numpy(monkeypatch):
    samples = [examples.path(name).read_bytes() for name in examples.names()]
    samples += [b'{"a": [1, {"b": "[[[[ {{{ \\" ]"}]}', b'"[" ]]', b"[" * 3000 + b"]" * 3000, b"[[]]" * 500]
    plain = [limits.nesting_depth(raw) for raw in samples]
    monkeypatch.setattr(limits, "_PLAIN_PYTHON_BRACKETS", 0)
    assert [limits.nesting_depth(raw) for raw in samples] == plain
    assert plain[-4:] == [3, 0, 3000, 2]


def test_the_builder_shares_one_style_per_kind_of_control(tmp_path):
    """Every labelled box keeps its 92 px label, from one style model per kind (each builder used to send
    the browser a style model per control: about 45 models of its 266)."""
    import ipywidgets as w

    from cjm_helpers.builder import MapBuilder

    opened = []
    real = w.Widget.open

    def counting(self):
        opened.append(type(self).__name__)
        return real(self)

    w.Widget.open = counting
    try:
        builder = MapBuilder(tmp_path / "map.json", map_type="current_state", preset="five_stages", task="E02")
        second = MapBuilder(tmp_path / "other.json", map_type="current_state", preset="five_stages")
    finally:
        w.Widget.open = real
    texts = [c for c in _walk(builder.widget) if isinstance(c, (w.Text, w.Textarea))]
    assert len(texts) > 10 and {c.style.description_width for c in texts} == {"92px"}
    assert len({id(c.style) for c in texts}) == 1
    assert {id(c.style) for c in _walk(second.widget) if isinstance(c, w.Text)} == {id(texts[0].style)}
    assert opened.count("TextStyle") <= 1 and opened.count("ButtonStyle") <= 4, opened


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def test_the_progress_page_loads_no_map_model_and_no_pdf_machinery():
    """The page reads the course and the CPD log and shows a Save button: the map model and the PDF's
    matplotlib load only when a learner presses it (they took about 0.9 s of the page's 1.7 s). (pydantic
    itself is loaded: course.toml is read with its rules.)"""
    loaded = modules_after("from cjm_helpers.cpd import cpd_record, progress\n"
                           "progress()._repr_html_(); record = cpd_record(name='')\n"
                           "record._repr_html_(); record.save_button('my_cpd_record.pdf')", whole_names=True)
    assert "ipywidgets" in loaded
    assert not loaded & {"cjm_helpers.model", "matplotlib", "numpy", "pandas"}


def test_a_chart_loads_no_map_drawing():
    """The cohort overview's and the funnel's bars import draw/bars.py, not every map drawing with it."""
    probe = ("import json, sys\nfrom cjm_helpers.draw.bars import Row, bar_chart\nfrom cjm_helpers.draw.lines import line_chart\n"
             "from cjm_helpers.draw.boxes import box_chart\n"
             "print(json.dumps([m for m in sys.modules if m.startswith('cjm_helpers.draw.')]))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert not {"cjm_helpers.draw.grid", "cjm_helpers.draw.journey", "cjm_helpers.draw.blueprint"} & set(json.loads(result.stdout))
