"""Stage definitions: the funnel's stages in order, each with the events that mark it."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import StageDefinitionError

#: The online language course (the course's running example): stage -> events.
LANGUAGE_COURSE_STAGES: dict[str, list[str]] = {
    "Discover": ["ad_click", "course_search"],
    "Compare": ["compare_offers"],
    "Subscribe": ["subscribe"],
    "First lesson": ["first_lesson"],
    "Keep learning": ["lesson_completed"],
    "Renew": ["renewal"],
}


@dataclass(frozen=True)
class StageDefinition:
    """Ordered stages, each with the event names that mark reaching it.

    An event belongs to at most one stage. Events of the log that belong to no
    stage are ignored by the funnel (and counted in its `ignored_events`).
    """

    stages: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.stages]

    @property
    def events(self) -> dict[str, str]:
        """event name -> stage name."""
        return {event: name for name, events in self.stages for event in events}

    def index_of(self) -> dict[str, int]:
        """event name -> stage position (0 for the first stage)."""
        return {event: i for i, (_, events) in enumerate(self.stages) for event in events}

    def to_dict(self) -> dict[str, list[str]]:
        return {name: list(events) for name, events in self.stages}

    def __len__(self) -> int:
        return len(self.stages)


def define_stages(spec: Any) -> StageDefinition:
    """A StageDefinition from a dict {stage: event or [events]}, a list of
    (stage, events) pairs or {"name", "events"} objects, a JSON file holding
    either, or a StageDefinition. Raises StageDefinitionError naming the problem."""
    if isinstance(spec, StageDefinition):
        return spec
    source = None
    if isinstance(spec, (str, Path)):
        source = Path(spec)
        spec = _read_json(source)
    where = f"{source}: " if source else ""
    pairs = _pairs(spec, where)
    if not pairs:
        raise StageDefinitionError(f"{where}no stages given: a funnel needs at least one stage")
    _check_counts(pairs, where)
    stages, seen_names, owner = [], set(), {}
    for position, (name, events) in enumerate(pairs, start=1):
        if not isinstance(name, str) or not name.strip():
            raise StageDefinitionError(f"{where}stage {position}: the name must be non-empty text, got {name!r}")
        name = name.strip()
        if name in seen_names:
            raise StageDefinitionError(f"{where}stage {name!r} is defined twice")
        seen_names.add(name)
        if isinstance(events, str):
            events = [events]
        if not isinstance(events, Iterable) or isinstance(events, Mapping):
            raise StageDefinitionError(f"{where}stage {name!r}: events must be a list of event names")
        cleaned = []
        for event in events:
            if not isinstance(event, str) or not event.strip():
                raise StageDefinitionError(f"{where}stage {name!r}: event names must be non-empty text, got {event!r}")
            event = event.strip()
            if event in owner and owner[event] != name:
                raise StageDefinitionError(
                    f"{where}event {event!r} is in stages {owner[event]!r} and {name!r}; "
                    "an event marks one stage only")
            owner[event] = name
            if event not in cleaned:
                cleaned.append(event)
        if not cleaned:
            raise StageDefinitionError(f"{where}stage {name!r} has no events")
        stages.append((name, tuple(cleaned)))
    return StageDefinition(tuple(stages))


def _check_counts(pairs: list[tuple[Any, Any]], where: str) -> None:
    """Refuse more stages, or more stage events, than a funnel's limits (limits.py)."""
    from .. import limits

    if len(pairs) > limits.MAX_FUNNEL_STAGES:
        raise StageDefinitionError(f"{where}refused: {len(pairs):,} stages; the limit is "
                                   f"{limits.MAX_FUNNEL_STAGES} stages of a funnel")
    events = sum(1 if isinstance(e, str) else len(e) if isinstance(e, (list, tuple)) else 0 for _, e in pairs)
    if events > limits.MAX_LOG_EVENTS:
        raise StageDefinitionError(f"{where}refused: {events:,} events in the stages; the limit is "
                                   f"{limits.MAX_LOG_EVENTS:,} distinct event names")


def check_events_present(stages: StageDefinition, log_counts: Mapping[str, int]) -> None:
    """Raise when a stage event looks like a typo of a log event, or when none of a
    stage's events occurs in the log (a funnel would silently show 0 there)."""
    log_events = [str(e) for e in log_counts]
    known = stages.events
    unclaimed = [e for e in log_events if e not in known]
    for name, events in stages.stages:
        for event in events:
            if event in log_counts:
                continue
            close = difflib.get_close_matches(event, unclaimed, n=1, cutoff=0.75)
            if close:
                raise StageDefinitionError(
                    f"stage {name!r}: event {event!r} does not occur in the log; "
                    f"did you mean {close[0]!r}?")
        if not any(event in log_counts for event in events):
            sample = ", ".join(sorted(log_events)[:12])
            raise StageDefinitionError(
                f"stage {name!r}: none of its events ({', '.join(events)}) occurs in the log "
                f"(events in the log: {sample}); check the names, or pass "
                "allow_empty_stages=True if the stage is really empty")


def _read_json(path: Path) -> Any:
    """A stage file, refused unread beyond MAX_STAGE_FILE_BYTES and unparsed beyond MAX_DEPTH."""
    from .. import limits

    try:
        raw = limits.read_bounded(path, limits.MAX_STAGE_FILE_BYTES, "a stage file")
        limits.check_depth(raw)
        return json.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        raise StageDefinitionError(f"{path}: no such file") from None
    except limits.LimitError as exc:
        raise StageDefinitionError(f"{path}: refused: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise StageDefinitionError(f"{path}: cannot be read: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise StageDefinitionError(f"{path}: not valid JSON: {exc.msg} at line {exc.lineno}") from exc
    except RecursionError:
        raise StageDefinitionError(f"{path}: refused: nested too deep") from None


def _pairs(spec: Any, where: str) -> list[tuple[Any, Any]]:
    if isinstance(spec, Mapping):
        return list(spec.items())
    if isinstance(spec, (list, tuple)):
        pairs = []
        for position, item in enumerate(spec, start=1):
            if isinstance(item, Mapping) and set(item) == {"name", "events"}:
                pairs.append((item["name"], item["events"]))
            elif isinstance(item, (list, tuple)) and len(item) == 2:
                pairs.append((item[0], item[1]))
            else:
                raise StageDefinitionError(
                    f"{where}stage {position}: expected a (name, events) pair or "
                    f'{{"name": ..., "events": [...]}}, got {item!r}')
        return pairs
    raise StageDefinitionError(
        f"{where}stages must be a mapping of stage name to event names, got {type(spec).__name__}")
