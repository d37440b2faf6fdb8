"""From data to the map: a journey map's stages with their funnel figures, and the
stage that loses the most people suggested as a pain point."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..errors import CJMError
from ..model import JourneyMap, PainPoint, next_id
from .worst import worst_stage


@dataclass(frozen=True)
class StageFigures:
    """One funnel stage's figures, and the map stage they belong to (None: not in the map)."""

    funnel_stage: str
    map_stage: str | None
    users: int
    conversion_rate: float
    step_conversion_rate: float
    drop_off: int
    median_time_from_previous: pd.Timedelta | None
    previous_stage: str | None

    def note(self) -> str:
        """The figures in one plain sentence."""
        text = f"{self.users:,} users ({_pct(self.conversion_rate)} of the first stage)"
        if self.previous_stage is not None:
            text += (f"; {_pct(self.step_conversion_rate)} of those who reached {self.previous_stage}, "
                     f"{self.drop_off:,} lost")
            if self.median_time_from_previous is not None:
                text += f"; median time from {self.previous_stage}: {_duration(self.median_time_from_previous)}"
        return text


@dataclass(frozen=True)
class FunnelAnnotation:
    """A map with funnel figures beside its stages. The map itself is not changed."""

    map: JourneyMap
    figures: tuple[StageFigures, ...]
    worst: StageFigures
    measure: str

    @property
    def unmatched_funnel_stages(self) -> list[str]:
        return [f.funnel_stage for f in self.figures if f.map_stage is None]

    @property
    def unmatched_map_stages(self) -> list[str]:
        matched = {f.map_stage for f in self.figures}
        return [s.name for s in self.map.stages if s.name not in matched]

    def for_stage(self, map_stage: str) -> StageFigures | None:
        return next((f for f in self.figures if f.map_stage == map_stage), None)

    def notes(self) -> dict[str, str]:
        """map stage name -> its figures in a sentence (matched stages only)."""
        return {f.map_stage: f.note() for f in self.figures if f.map_stage is not None}

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([f.__dict__ for f in self.figures])

    def pain_point(self, id: str | None = None, severity: int | None = None) -> PainPoint:
        """The suggested pain point: the stage with the largest drop-off, in words."""
        w = self.worst
        lost = 1 - w.step_conversion_rate
        if severity is None:
            severity = 3 if w.step_conversion_rate < 0.4 else 2 if w.step_conversion_rate < 0.7 else 1
        taken = {pp.id for _, _, pp in self.map.pain_points()}
        text = (f"Data: {lost:.0%} of the people who reach {w.previous_stage} never reach "
                f"{w.funnel_stage} ({w.drop_off:,} lost), the largest drop-off in the funnel. Find out why.")
        return PainPoint(id=id or next_id("pp", taken), text=text, severity=severity)

    def with_pain_point(self, touchpoint: str | None = None, pain_point: PainPoint | None = None) -> JourneyMap:
        """A new map with the suggested pain point (or `pain_point`) added to `touchpoint`
        (an id; default: the first touchpoint of the worst stage). The original map is untouched."""
        if self.worst.map_stage is None:
            raise CJMError(f"the largest drop-off is at funnel stage {self.worst.funnel_stage!r}, which "
                           f"matches no stage of the map ({', '.join(s.name for s in self.map.stages)}); "
                           "pass stage_names={funnel stage: map stage} to annotate_map")
        new = JourneyMap.model_validate(self.map.to_dict())
        stage = next(s for s in new.stages if s.name == self.worst.map_stage)
        if touchpoint is None:
            if not stage.touchpoints:
                raise CJMError(f"map stage {stage.name!r} has no touchpoints to attach the pain point to; "
                               "add one, or pass touchpoint='an id'")
            target = stage.touchpoints[0]
        else:
            target = new.find_touchpoint(touchpoint)
            if target is None:
                known = ", ".join(tp.id for _, tp in new.touchpoints()) or "none"
                raise CJMError(f"no touchpoint {touchpoint!r} in the map (touchpoints: {known})")
        point = pain_point or self.pain_point()
        if new.find_pain_point(point.id) is not None:
            raise CJMError(f"the map already has a pain point {point.id!r}; pass another id")
        target.pain_points = [*target.pain_points, point]
        return new

    def __str__(self) -> str:
        lines = [f"Funnel figures for {self.map.title or 'the map'}:"]
        for f in self.figures:
            flag = "  <- largest drop-off" if f == self.worst else ""
            where = f.map_stage if f.map_stage is not None else f"{f.funnel_stage} (not in the map)"
            lines.append(f"- {where}: {f.note()}{flag}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = []
        for f in self.figures:
            style = ' style="background:#FBE3D6"' if f == self.worst else ""
            where = f.map_stage if f.map_stage is not None else f"{f.funnel_stage} (not in the map)"
            flag = " <b>largest drop-off</b>" if f == self.worst else ""
            rows.append(f"<tr{style}><td>{html.escape(where)}</td><td>{html.escape(f.note())}{flag}</td></tr>")
        title = html.escape(self.map.title or "the map")
        return (f"<table><caption>Funnel figures for {title}</caption>"
                f"<tr><th>Stage</th><th>Figures</th></tr>{''.join(rows)}</table>")


def annotate_map(journey_map: Any, table: pd.DataFrame, *, stage_names: dict[str, str] | None = None,
                 measure: str = "rate") -> FunnelAnnotation:
    """Pair a funnel (from funnel()) with a map's stages.

    journey_map: a JourneyMap, a map dict or a map file path.
    stage_names: {funnel stage: map stage} where the names differ; otherwise stages
        are paired by name (ignoring case and surrounding spaces).
    measure: how the worst stage is chosen (see worst_stage).
    """
    from ..storage import as_map

    jm = as_map(journey_map)
    by_key = {s.name.strip().casefold(): s.name for s in jm.stages}
    mapping = dict(stage_names or {})
    unknown = [m for m in mapping.values() if m not in {s.name for s in jm.stages}]
    if unknown:
        raise CJMError(f"stage_names points at {unknown[0]!r}, which is not a stage of the map "
                       f"({', '.join(s.name for s in jm.stages)})")
    worst_name = worst_stage(table, measure=measure)["stage"]
    figures, previous = [], None
    for row in table.itertuples(index=False):
        name = str(row.stage)
        map_stage = mapping.get(name, by_key.get(name.strip().casefold()))
        median = row.median_time_from_previous
        figures.append(StageFigures(
            funnel_stage=name, map_stage=map_stage, users=int(row.users),
            conversion_rate=float(row.conversion_rate), step_conversion_rate=float(row.step_conversion_rate),
            drop_off=int(row.drop_off), median_time_from_previous=None if pd.isna(median) else pd.Timedelta(median),
            previous_stage=previous,
        ))
        previous = name
    worst = next(f for f in figures if f.funnel_stage == worst_name)
    return FunnelAnnotation(jm, tuple(figures), worst, measure)


def _pct(value: float) -> str:
    return "n/a" if pd.isna(value) else f"{value:.0%}"


def _duration(delta: pd.Timedelta) -> str:
    hours = delta / pd.Timedelta(hours=1)
    if hours < 1:
        return f"{hours * 60:.0f} min"
    if hours < 48:
        return f"{hours:.1f} h"
    return f"{hours / 24:.1f} days"
