"""Persona form: who the map is about, and the scenario they are in."""

from __future__ import annotations

import ipywidgets as w

from .controls import lines, lines_field, text_field


class PersonaForm:
    """Edits map.persona (name, description, goals, needs, frustrations) and map.scenario."""

    def __init__(self, host):
        self.host = host
        self.name = text_field("Name", "The persona's name and who they are, e.g. 'Marta, 34, new job abroad'",
                               placeholder="e.g. Marta, 34, new job abroad")
        self.description = text_field("Description", "Their situation and context, in a sentence or two",
                                      placeholder="Situation and context", rows=2)
        self.goals = lines_field("Goals", "What the persona wants to achieve")
        self.needs = lines_field("Needs", "What they need from the service to get there")
        self.frustrations = lines_field("Frustrations", "What annoys or worries them today")
        self.scenario = text_field("Scenario", "What the persona is trying to do in this journey",
                                   placeholder="What they are trying to do", rows=2)
        self._fields = {
            "name": self.name, "description": self.description, "goals": self.goals,
            "needs": self.needs, "frustrations": self.frustrations,
        }
        for field, widget in self._fields.items():
            widget.observe(lambda change, f=field: self._persona_changed(f, change["new"]), "value")
        self.scenario.observe(self._scenario_changed, "value")
        self.widget = w.VBox([self.name, self.description, self.goals, self.needs, self.frustrations,
                              self.scenario])

    def refresh(self) -> None:
        journey = self.host.map
        if journey is None:
            return
        persona = journey.persona
        with self.host.quiet():
            self.name.value = persona.name
            self.description.value = persona.description
            for field in ("goals", "needs", "frustrations"):
                self._fields[field].value = "\n".join(getattr(persona, field))
            self.scenario.value = journey.scenario

    def _persona_changed(self, field: str, value: str) -> None:
        if self.host.quiet or self.host.map is None:
            return
        new = lines(value) if field in ("goals", "needs", "frustrations") else value
        self.host.assign(self.host.map.persona, field, new, f"Persona {field}")

    def _scenario_changed(self, change) -> None:
        if self.host.quiet or self.host.map is None:
            return
        self.host.assign(self.host.map, "scenario", change["new"], "Scenario")
