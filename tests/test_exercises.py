"""Every exercise, run as a learner would, with answers of several kinds.

Each run executes the notebook with papermill (the map file's path injected
into its `parameters` cell) and reads what the learner sees: the outcome of
every autograded cell and the self-check. Solutions run with full marks;
untouched exercises run through and say "not attempted"; partial, malformed
and wrong-type answers get "not yet" with a message that says why.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest

from notebook_runner import ROOT, outputs_text, run_notebook

PASSED, NOT_YET, NOT_ATTEMPTED = "✓ passed", "✗ not yet", "– not attempted"
MALFORMED = '{"title": "My map", "stages": [\n'


def solution(folder: str, name: str) -> dict:
    return json.loads((ROOT / "solutions" / folder / name).read_text("utf-8"))


def graded_outputs(nb) -> dict[str, str]:
    """grade_id -> the text the learner reads under that autograded cell."""
    found = {}
    for cell in nb.cells:
        grading = cell.metadata.get("nbgrader", {})
        if grading.get("grade") and cell.cell_type == "code":
            fake = type(nb)(cells=[cell])
            found[grading["grade_id"]] = outputs_text(fake)
    return found


def partial_current() -> dict:
    data = solution("02_current_state", "solution_current_state.json")
    data["stages"] = data["stages"][2:4]
    return data


def partial_future() -> dict:
    data = solution("03_future_state", "solution_future_state.json")
    data["improvements"] = data["improvements"][:1]
    return data


def partial_blueprint() -> dict:
    data = solution("05_service_blueprint", "solution_service_blueprint.json")
    for stage in data["stages"]:
        for tp in stage["touchpoints"]:
            tp.pop("fail_point", None)
    return data


def wrong_type(map_type: str) -> dict:
    data = copy.deepcopy(solution("04_day_in_the_life", "solution_day_in_the_life.json"))
    data["map_type"] = map_type
    if map_type != "day_in_the_life":
        for stage in data["stages"]:
            stage.pop("time", None)
    return data


def data_finding_at(stage_name: str, proposal: str = "") -> dict:
    """The course's current-state map with a pain point quoting a figure at the given stage."""
    from cjm_helpers import examples

    data = examples.load("language_course_current").to_dict()
    stage = next(s for s in data["stages"] if s["name"] == stage_name)
    touchpoint = stage["touchpoints"][0]
    touchpoint.setdefault("pain_points", []).append(
        {"id": "pp-data", "text": "Data: 33% of the people who reach this step leave", "severity": 2})
    if proposal:
        touchpoint.setdefault("opportunities", []).append(proposal)
    return data


def example_map(name: str) -> dict:
    from cjm_helpers import examples

    return examples.load(name).to_dict()


# (notebook, answer, {grade_id suffix: (outcome, text the learner must read)})
CASES = {
    "01 solution": ("solutions/01_persona/01_persona.ipynb", None,
                    {"persona_complete": (PASSED, ""), "persona_specific": (PASSED, "")}),
    "01 untouched": ("exercises/01_persona/01_persona.ipynb", "absent",
                     {"persona_complete": (NOT_ATTEMPTED, "no map saved at"),
                      "persona_specific": (NOT_ATTEMPTED, "no map saved at")}),
    "01 malformed": ("exercises/01_persona/01_persona.ipynb", MALFORMED,
                     {"persona_complete": (NOT_YET, "not valid JSON at line 2"),
                      "persona_specific": (NOT_YET, "your map file cannot be read")}),
    "02 solution": ("solutions/02_current_state/02_current_state.ipynb", None,
                    {"persona": (PASSED, ""), "structure": (PASSED, ""), "pain_points": (PASSED, ""),
                     "checks": (PASSED, "")}),
    "02 untouched": ("exercises/02_current_state/02_current_state.ipynb", "absent",
                     {"persona": (NOT_ATTEMPTED, ""), "structure": (NOT_ATTEMPTED, ""),
                      "pain_points": (NOT_ATTEMPTED, ""), "checks": (NOT_ATTEMPTED, "")}),
    "02 empty": ("exercises/02_current_state/02_current_state.ipynb", {},
                 {"persona": (NOT_ATTEMPTED, "is still empty"), "checks": (NOT_ATTEMPTED, "is still empty")}),
    "02 partial": ("exercises/02_current_state/02_current_state.ipynb", partial_current(),
                   {"persona": (PASSED, ""), "structure": (NOT_YET, "stages: 2 (at least 3 needed)"),
                    "pain_points": (PASSED, ""), "checks": (NOT_YET, "")}),
    "02 wrong type": ("exercises/02_current_state/02_current_state.ipynb", wrong_type("day_in_the_life"),
                      {"persona": (NOT_YET, "holds a day_in_the_life map; this exercise needs a current_state map"),
                       "checks": (NOT_YET, "needs a current_state map")}),
    "02 malformed": ("exercises/02_current_state/02_current_state.ipynb", MALFORMED,
                     {"structure": (NOT_YET, "not valid JSON")}),
    "03 solution": ("solutions/03_future_state/03_future_state.ipynb", None,
                    {"based_on": (PASSED, ""), "improvements": (PASSED, ""), "checks": (PASSED, "")}),
    "03 untouched": ("exercises/03_future_state/03_future_state.ipynb", "absent",
                     {"based_on": (NOT_ATTEMPTED, "no map saved at"), "improvements": (NOT_ATTEMPTED, ""),
                      "checks": (NOT_ATTEMPTED, "")}),
    "03 partial": ("exercises/03_future_state/03_future_state.ipynb", partial_future(),
                   {"based_on": (PASSED, ""), "improvements": (NOT_YET, "improvements: 1 (at least 2 needed)"),
                    "checks": (NOT_YET, "")}),
    "04 solution": ("solutions/04_day_in_the_life/04_day_in_the_life.ipynb", None,
                    {"structure": (PASSED, ""), "checks": (PASSED, "")}),
    "04 untouched": ("exercises/04_day_in_the_life/04_day_in_the_life.ipynb", "absent",
                     {"structure": (NOT_ATTEMPTED, ""), "checks": (NOT_ATTEMPTED, "")}),
    "04 wrong type": ("exercises/04_day_in_the_life/04_day_in_the_life.ipynb", wrong_type("current_state"),
                      {"structure": (NOT_YET, "holds a current_state map; this exercise needs a day_in_the_life map")}),
    "05 solution": ("solutions/05_service_blueprint/05_service_blueprint.ipynb", None,
                    {"structure": (PASSED, ""), "lanes": (PASSED, "")}),
    "05 untouched": ("exercises/05_service_blueprint/05_service_blueprint.ipynb", "absent",
                     {"structure": (NOT_ATTEMPTED, ""), "lanes": (NOT_ATTEMPTED, "")}),
    "05 partial": ("exercises/05_service_blueprint/05_service_blueprint.ipynb", partial_blueprint(),
                   {"structure": (NOT_YET, "fail points: 0 (at least 1 needed)")}),
    "06 solution": ("solutions/06_journey_data/06_journey_data.ipynb", None,
                    {"finding": (PASSED, ""), "worst_stage": (PASSED, "")}),
    "06 untouched": ("exercises/06_journey_data/06_journey_data.ipynb", "absent",
                     {"finding": (NOT_ATTEMPTED, "no map saved at"), "worst_stage": (NOT_ATTEMPTED, "")}),
    "06 map without data": ("exercises/06_journey_data/06_journey_data.ipynb",
                            example_map("language_course_current"),
                            {"finding": (NOT_YET, "no pain point cites a figure from the event log")}),
    "06 wrong stage": ("exercises/06_journey_data/06_journey_data.ipynb",
                       data_finding_at("Renewal", proposal="Remind her of her progress before renewal"),
                       {"finding": (PASSED, ""),
                        "worst_stage": (NOT_YET, "not the stage that loses the largest share")}),
    "06 no proposal": ("exercises/06_journey_data/06_journey_data.ipynb", data_finding_at("Subscription"),
                       {"finding": (PASSED, ""), "worst_stage": (NOT_YET, "propose an improvement")}),
}


def write_answer(answer, folder: Path, notebook: str) -> dict:
    """Put the learner's answer where the notebook will read it; the parameters to inject."""
    if answer is None:
        return {}
    name = "my_future_state.json" if "03_future" in notebook else "my_answer.json"
    path = folder / name
    params = {"map_path": str(path)}
    if "03_future" in notebook:
        current = folder / "my_current_state.json"
        current.write_text(json.dumps(solution("03_future_state", "solution_current_state.json")), "utf-8")
        params["current_path"] = str(current)
    if answer == "absent":
        return params
    path.write_text(answer if isinstance(answer, str) else json.dumps(answer), "utf-8")
    return params


@pytest.mark.notebook
@pytest.mark.parametrize("case", list(CASES))
def test_learner_sees_the_right_outcome(case, tmp_path):
    notebook, answer, expected = CASES[case]
    answers = tmp_path / "answers"
    answers.mkdir()
    nb = run_notebook(notebook, tmp_path / "run", parameters=write_answer(answer, answers, notebook))
    outcomes = graded_outputs(nb)
    assignment = Path(notebook).parent.name
    assert outcomes, f"{notebook}: no autograded cells"
    if answer is None or answer == "absent":
        assert set(expected) == {k.removeprefix(assignment + "_") for k in outcomes}, "every graded cell is listed"
    for suffix, (outcome, message) in expected.items():
        seen = outcomes[f"{assignment}_{suffix}"]
        assert outcome in seen, f"{case}: cell {suffix} shows {seen!r}, expected {outcome!r}"
        assert message in seen, f"{case}: cell {suffix} shows {seen!r}, expected to mention {message!r}"
    text = outputs_text(nb)
    assert "Traceback" not in text
    kind = case.split(" ", 1)[1]
    headline = {"solution": "Correct:", "untouched": "Not attempted:", "empty": "Not attempted:"}.get(kind, "Not yet:")
    assert headline in text, f"{case}: the self-check should say {headline!r}"
    log = Path(os.environ["CJM_CPD_LOG"])
    recorded = log.exists() and '"activity": "E0' in log.read_text("utf-8")
    assert recorded == (kind == "solution"), f"{case}: CPD points recorded={recorded}"
