"""Where a check finding belongs on the canvas: a touchpoint card, a stage header or the whole map."""

from __future__ import annotations

from ...model import JourneyMap


def faults_on_canvas(report, journey: JourneyMap) -> dict[str, list[str]]:
    """{"tp:<id>": [...], "stage:<n>": [...], "map": [...]}: the errors and warnings, by where they show."""
    stages = {f"stage '{s.name}'": n for n, s in enumerate(journey.stages)}
    cards = {f"stage '{s.name}' > touchpoint '{tp.name}'": tp.id for s, tp in journey.touchpoints()}
    faults: dict[str, list[str]] = {}
    for finding in report.findings:
        if finding.severity not in ("error", "warning"):
            continue
        where = finding.where or ""
        if where in cards:
            key = f"tp:{cards[where]}"
        elif where in stages:
            key = f"stage:{stages[where]}"
        else:
            key = "map"
        text = finding.message + (f" Hint: {finding.hint}" if finding.hint else "")
        faults.setdefault(key, []).append(text)
    return faults
