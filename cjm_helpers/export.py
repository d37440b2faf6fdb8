"""Maps as text other tools read: Mermaid `journey`, a Markdown table, CSV; and Mermaid back in.

Mermaid's journey syntax (https://mermaid.js.org/syntax/userJourney.html):

    journey
        title My working day
        section Go to work
          Make tea: 5: Me
          Do work: 1: Me, Cat

Sections are stages, tasks are touchpoints, the score is feeling + 3 (1..5),
the actors are the persona and the touchpoint's owner (in the map's words, e.g.
"we (the organisation)"). Mermaid forbids ':',
';' and '#' in names; they are written as look-alike characters and read back.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

from .errors import MapFileError
from .model import FEELING_MAX, FEELING_MIN, Channel, JourneyMap, Owner, next_id
from .words import CHANNEL_LABELS, OWNER_LABELS, channel_label, owner_from_words, owner_label

# characters Mermaid's journey grammar does not allow in names -> look-alikes
_MERMAID_SAFE = {":": "\uA789", ";": "\uFF1B", "#": "\uFF03", ",": "\u201A"}
_MERMAID_BACK = {v: k for k, v in _MERMAID_SAFE.items()}
NEUTRAL_SCORE = 3
CSV_FIELDS = ("stage", "stage_goal", "time", "touchpoint_id", "touchpoint", "channel", "owner",
              "channel_label", "owner_label", "doing", "thinking", "feeling", "intent", "moment_of_truth", "pain_points", "pain_point_ids",
              "opportunities", "evidence", "frontstage", "backstage", "support", "fail_point", "wait_minutes")
_CSV_LISTS = ("opportunities", "evidence", "frontstage", "backstage", "support")


def _safe(text: str, *, commas: bool = False) -> str:
    text = " ".join(str(text).split())
    for bad, good in _MERMAID_SAFE.items():
        if bad != "," or commas:
            text = text.replace(bad, good)
    return text


_KEYWORD = re.compile(r"^(title|section|journey|acctitle|accdescr)\b", re.IGNORECASE)
_GUARD = "\u200b"      # zero-width space: keeps a task named "Title page" from reading as a title


def _task(text: str) -> str:
    text = _safe(text)
    return _GUARD + text if _KEYWORD.match(text) else text


def _unsafe(text: str) -> str:
    text = text.replace(_GUARD, "")
    for good, bad in _MERMAID_BACK.items():
        text = text.replace(good, bad)
    return text


def _persona_actor(journey: JourneyMap) -> str:
    name = journey.persona.name.strip()
    return _safe(name, commas=True) if name else "Customer"


def to_mermaid(journey_map) -> str:
    """Mermaid `journey` text for a map (a JourneyMap, dict or path); an unset feeling is written as 3."""
    from .storage import as_map

    journey = as_map(journey_map)
    lines = ["journey"]
    if journey.title:
        lines.append(f"    title {_safe(journey.title)}")
    persona = _persona_actor(journey)
    for word in journey.owners:  # a comment Mermaid skips: the map's own name for an owner, read back
        lines.append(f"    %% owner {word.id.value}: {_safe(word.label, commas=True)}")
    for stage in journey.stages:
        lines.append(f"    section {_safe(stage.name)}")
        for tp in stage.touchpoints:
            score = NEUTRAL_SCORE if tp.feeling is None else tp.feeling + 3
            actors = [persona] + ([_safe(owner_label(tp.owner, journey), commas=True)] if tp.owner else [])
            lines.append(f"      {_task(tp.name)}: {score}: {', '.join(actors)}")
    return "\n".join(lines) + "\n"


_ACC_BLOCK = re.compile(r"^accDescr\s*\{")
_OWNER_WORDS = re.compile(r"^%%\s*owner\s+(brand|partner|customer|social)\s*:\s*(.*)$")


def from_mermaid(text: str, *, source: str | None = None) -> JourneyMap:
    """A map from Mermaid `journey` text (as Mermaid reads it: comments, accTitle/accDescr, tasks
    before any section). The score becomes feeling = score - 3, rounded and kept within -2..+2;
    an actor named like an owner (brand, partner, customer, social, or its words such as
    "we (the organisation)") becomes the owner, the most
    frequent other actor the persona. Raises MapFileError naming the line for text that is not a journey."""
    where = source or "Mermaid text"
    rows = [(n, line.strip()) for n, line in enumerate(str(text).splitlines(), 1)]
    labels = _owner_labels(rows)  # the map's own names for owners ("%% owner brand: the council")
    named = {label.lower(): owner for owner, label in labels.items()}
    rows = [(n, line) for n, line in rows if line and not line.startswith("%%") and not line.startswith("#")]
    if not rows or rows[0][1].split()[0].lower() != "journey":
        first = rows[0] if rows else (1, "")
        raise MapFileError(where, f"line {first[0]}: a Mermaid user journey starts with 'journey', got {first[1]!r}")
    title, scenario = "", ""
    stages: list[dict] = []
    tasks: list[tuple[dict, list[str]]] = []
    in_block = False
    for n, line in rows[1:]:
        if in_block:
            if "}" in line:
                in_block = False
            scenario = (scenario + " " + line.split("}")[0]).strip()
            continue
        head = line.split(None, 1)[0].lower()
        if _ACC_BLOCK.match(line):
            in_block = "}" not in line
            scenario = line.split("{", 1)[1].split("}")[0].strip()
            continue
        if head.startswith("acctitle") or head.startswith("accdescr"):
            value = line.split(":", 1)[1].strip() if ":" in line else ""
            if head.startswith("accdescr"):
                scenario = value
            continue
        if head == "title":
            title = _unsafe(line[5:].strip())
            continue
        if head == "section" and len(line) > 7:
            stages.append({"name": _unsafe(line[8:].strip()) or "Section", "touchpoints": []})
            continue
        parts = line.split(":")
        if len(parts) < 2 or not parts[0].strip():
            raise MapFileError(where, f"line {n}: expected 'Task name: score: actors', got {line!r}")
        name = _unsafe(parts[0].strip())
        score_text = parts[1].strip()
        try:
            score = float(score_text)
        except ValueError:
            raise MapFileError(where, f"line {n}: the score of task {name!r} must be a number, got {score_text!r}") from None
        actors = [_unsafe(a.strip()) for a in ":".join(parts[2:]).split(",") if a.strip()]
        if not stages:
            stages.append({"name": "Journey", "touchpoints": []})
        feeling = max(FEELING_MIN, min(FEELING_MAX, round(score) - 3))
        tp = {"name": name, "feeling": feeling}
        stages[-1]["touchpoints"].append(tp)
        tasks.append((tp, actors))
    def owner_of(actor: str) -> str | None:
        found = owner_from_words(actor)
        return found.value if found is not None else named.get(" ".join(actor.split()).lower())

    people = Counter(a for _, actors in tasks for a in actors if owner_of(a) is None)
    persona = people.most_common(1)[0][0] if people else ""
    taken: set[str] = set()
    for tp, actors in tasks:
        owner = next((found for found in map(owner_of, actors) if found is not None), None)
        if owner:
            tp["owner"] = owner
        slug = re.sub(r"[^a-z0-9]+", "-", tp["name"].lower()).strip("-")[:30] or "tp"
        tp["id"] = slug if slug not in taken else next_id(slug + "-", taken)
        taken.add(tp["id"])
    data = {"title": title, "persona": {"name": persona}, "scenario": scenario, "stages": stages}
    if labels:
        data["owners"] = [{"id": owner, "label": label} for owner, label in labels.items()]
    from .storage import map_from_dict

    return map_from_dict(data, source)


def _owner_labels(rows: list[tuple[int, str]]) -> dict[str, str]:
    """{owner: label} of the "%% owner" lines, the label as written."""
    labels = {}
    for _, line in rows:
        found = _OWNER_WORDS.match(line)
        if found and found.group(2).strip():
            labels.setdefault(found.group(1), " ".join(_unsafe(found.group(2)).split()))
    return labels


def _cell(text: object) -> str:
    """A table cell: learner text stays text where Markdown is shown as HTML (escape_markdown)."""
    from .assess.sanitise import escape_markdown

    return escape_markdown(str(text).replace("\n", " ")).replace("|", "\\|")


def to_markdown(journey_map) -> str:
    """A Markdown table, one row per touchpoint (the stage repeated), for a map (JourneyMap, dict or path)."""
    from .storage import as_map

    journey = as_map(journey_map)
    head = ["Stage", "Touchpoint", "Channel", "Owner", "Doing", "Thinking", "Feeling", "Pain points",
            "Opportunities"]
    out = []
    if journey.title:
        out += [f"**{_cell(journey.title)}**", ""]
    if journey.persona.name:
        out += [f"Persona: {_cell(journey.persona.name)}", ""]
    out += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for stage, tp in journey.touchpoints():
        feeling = "" if tp.feeling is None else f"{tp.feeling:+d}" if tp.feeling else "0"
        star = " ★" if tp.moment_of_truth else ""
        pains = "; ".join(f"{'!' * pp.severity} {pp.text}" for pp in tp.pain_points)
        row = [stage.name, tp.name + star, channel_label(tp.channel, journey), owner_label(tp.owner, journey),
               tp.doing, tp.thinking, feeling, pains, "; ".join(tp.opportunities)]
        out.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return "\n".join(out) + "\n"


def _uncell(cell: str) -> str:
    """The text of a cell written by _cell."""
    from .assess.sanitise import unescape_markdown

    return unescape_markdown(cell.replace("\\|", "|"))


def from_markdown(text: str) -> list[dict[str, str]]:
    """The rows of a table written by to_markdown (column name -> cell text)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip().startswith("|")]
    if len(lines) < 2:
        return []

    def cells(line: str) -> list[str]:
        parts = re.split(r"(?<!\\)\|", line.strip()[1:-1])
        return [_uncell(p.strip()) for p in parts]

    head = cells(lines[0])
    return [dict(zip(head, cells(line))) for line in lines[2:]]


def _join_lines(items) -> str:
    """Items one a line in a CSV cell; a line break inside an item continues on a line indented by two spaces."""
    return "\n".join("\n  ".join(str(item).split("\n")) for item in items)


def _split_lines(cell: str | None) -> list[str]:
    """The items of a cell written by _join_lines (an indented or empty line continues the item before it)."""
    items: list[str] = []
    for line in (cell or "").split("\n"):
        if items and (line.startswith("  ") or not line.strip()):
            items[-1] += "\n" + line[2:]
        elif line.strip():
            items.append(line)
    return items


def to_csv(journey_map) -> str:
    """CSV text, one row per touchpoint (the stage repeated), columns CSV_FIELDS.

    `channel` and `owner` hold the values of the file; `channel_label` and `owner_label`
    the words a reader sees (the map's own channels and names come back from them).
    A cell holding a list has one item a line (the csv module quotes the cell); a line
    break inside an item is written as a line break followed by two spaces.
    `pain_points` holds 'severity: text' lines and `pain_point_ids` the pain points' ids
    in the same order, so a future-state map's improvements and deferrals still find them.
    `opportunities` and the blueprint lanes (evidence, frontstage, backstage, support)
    are lists too; `moment_of_truth` and `fail_point` are 'yes' or empty, `wait_minutes`
    a number or empty. Map-level fields (title, persona, map type) are not in the CSV.
    """
    from .storage import as_map

    journey = as_map(journey_map)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for stage, tp in journey.touchpoints():
        row = {
            "stage": stage.name, "stage_goal": stage.goal, "time": stage.time or "",
            "touchpoint_id": tp.id, "touchpoint": tp.name,
            "channel": str(tp.channel or ""), "owner": str(tp.owner or ""),
            "channel_label": channel_label(tp.channel, journey), "owner_label": owner_label(tp.owner, journey),
            "doing": tp.doing, "thinking": tp.thinking,
            "feeling": "" if tp.feeling is None else tp.feeling, "intent": tp.intent,
            "moment_of_truth": "yes" if tp.moment_of_truth else "",
            "pain_points": _join_lines(f"{pp.severity}: {pp.text}" for pp in tp.pain_points),
            "pain_point_ids": _join_lines(pp.id for pp in tp.pain_points),
            "fail_point": "yes" if tp.fail_point else "",
            "wait_minutes": "" if tp.wait_minutes is None else f"{tp.wait_minutes:g}",
        }
        row.update({name: _join_lines(getattr(tp, name)) for name in _CSV_LISTS})
        writer.writerow(row)
    return buffer.getvalue()


def from_csv(text: str, *, source: str | None = None) -> JourneyMap:
    """A map from CSV written by to_csv (stages in first-seen order).

    Also reads CSV from earlier versions of to_csv: without a `pain_point_ids` column,
    pain points and opportunities are split on ' | ' and pain points get ids
    '<touchpoint id>-pp1', '-pp2', ... A severity that is not 1, 2 or 3 raises
    MapFileError naming the row.
    """
    from .storage import map_from_dict

    where = source or "CSV text"
    reader = csv.DictReader(io.StringIO(text))
    current = "pain_point_ids" in (reader.fieldnames or ())

    def items(row: dict, name: str) -> list[str]:
        cell = row.get(name) or ""
        return _split_lines(cell) if current else [i for i in cell.split(" | ") if i]

    stages: list[dict] = []
    channels: dict[str, str] = {}     # the map's own channels and names, from the label columns
    owners: dict[str, str] = {}
    for row in reader:
        _words_of(row, channels, owners)
        if not stages or stages[-1]["name"] != row["stage"]:
            stages.append({"name": row["stage"], "goal": row.get("stage_goal", ""),
                           "time": row.get("time") or None, "touchpoints": []})
        ids = _split_lines(row.get("pain_point_ids"))
        pains = []
        for k, item in enumerate(items(row, "pain_points"), 1):
            severity, _, words = item.partition(": ")
            if severity.strip() not in ("1", "2", "3"):
                raise MapFileError(where, f"line {reader.line_num} (touchpoint {row['touchpoint_id']!r}), pain_points: each pain point is 'severity: text' with "
                                          f"severity 1, 2 or 3, got {item.splitlines()[0]!r}")
            pains.append({"id": ids[k - 1] if k <= len(ids) else f"{row['touchpoint_id']}-pp{k}",
                          "text": words, "severity": int(severity)})
        tp = {
            "id": row["touchpoint_id"], "name": row["touchpoint"],
            "channel": row.get("channel") or None, "owner": row.get("owner") or None,
            "doing": row.get("doing", ""), "thinking": row.get("thinking", ""),
            "feeling": int(row["feeling"]) if row.get("feeling") not in (None, "") else None,
            "intent": row.get("intent", ""), "moment_of_truth": row.get("moment_of_truth") == "yes",
            "pain_points": pains,
            "opportunities": items(row, "opportunities"),
        }
        for name in _CSV_LISTS[1:]:
            if row.get(name):
                tp[name] = _split_lines(row[name])
        if row.get("fail_point") == "yes":
            tp["fail_point"] = True
        if row.get("wait_minutes"):
            tp["wait_minutes"] = row["wait_minutes"]      # validated (and its error named) by the model
        stages[-1]["touchpoints"].append(tp)
    data: dict = {"stages": stages}
    if channels:
        data["channels"] = [{"id": value, "label": label} for value, label in channels.items()]
    if owners:
        data["owners"] = [{"id": value, "label": label} for value, label in owners.items()]
    return map_from_dict(data, source)


def _words_of(row: dict, channels: dict[str, str], owners: dict[str, str]) -> None:
    """A row's channel or owner whose label is not the built-in one: the map declared it."""
    channel, label = (row.get("channel") or "").strip(), " ".join((row.get("channel_label") or "").split())
    built_in = CHANNEL_LABELS.get(Channel(channel)) if channel in Channel._value2member_map_ else None
    if channel and label and label != built_in:
        channels.setdefault(channel, label)
    owner, label = (row.get("owner") or "").strip(), " ".join((row.get("owner_label") or "").split())
    if owner in Owner._value2member_map_ and label and label != OWNER_LABELS[Owner(owner)]:
        owners.setdefault(owner, label)
