"""Findings and the report a learner reads: plain text, JSON-ready dict, escaped HTML."""

from __future__ import annotations

import html
from dataclasses import asdict, dataclass, field
from typing import Any

SEVERITIES = ("error", "warning", "tip")
ICONS = {"error": "❌", "warning": "⚠️", "tip": "💡"}
LABELS = {"error": "Error", "warning": "Warning", "tip": "Tip"}
# Colour-blind-safe pairs (text on tint); every severity also has an icon and a word.
COLOURS = {"error": ("#b2182b", "#fbe9eb"), "warning": ("#8a5a00", "#fdf3dc"), "tip": ("#1f5fa8", "#e8f0fa")}
OK_COLOURS = ("#1b7a3e", "#e6f4ea")


@dataclass(frozen=True)
class Finding:
    """One thing a check found: which rule, how serious, where in the map, what, and what to do next."""

    rule: str
    severity: str
    where: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{LABELS.get(self.severity, self.severity)}: {self.where}: {self.message}"
        return text + (f"\n    Hint: {self.hint}" if self.hint else "")

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class Report:
    """What the checks found in one map. `ok` means no error-severity finding."""

    findings: list[Finding] = field(default_factory=list)
    title: str = ""
    map_type: str | None = None
    source: str | None = None
    rules_applied: list[str] = field(default_factory=list)
    rules_not_run: list[str] = field(default_factory=list)
    problems: list[Any] = field(default_factory=list)    # an unreadable map's every problem (errors.Problem)

    # --- summaries ----------------------------------------------------------
    def _of(self, severity: str) -> list[Finding]:
        return [f for f in self.findings if f.severity == severity]

    @property
    def errors(self) -> list[Finding]:
        return self._of("error")

    @property
    def warnings(self) -> list[Finding]:
        return self._of("warning")

    @property
    def tips(self) -> list[Finding]:
        return self._of("tip")

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def counts(self) -> dict[str, int]:
        return {s: len(self._of(s)) for s in SEVERITIES}

    @property
    def loaded(self) -> bool:
        """False when the map itself could not be read (the only finding says why)."""
        return not any(f.rule == "map.readable" for f in self.findings)

    def passed_rules(self) -> list[str]:
        """Applicable rules that ran and found no error."""
        failed = {f.rule for f in self.errors}
        return [r for r in self.rules_applied if r not in failed and r not in self.rules_not_run]

    def rules(self, rule_ids) -> "Report":
        """The same report limited to some rules (loading problems always stay)."""
        keep = set(rule_ids) | {"map.readable", "checks.internal"}
        return Report(
            findings=[f for f in self.findings if f.rule in keep],
            title=self.title, map_type=self.map_type, source=self.source,
            rules_applied=[r for r in self.rules_applied if r in keep],
            rules_not_run=[r for r in self.rules_not_run if r in keep],
        )

    def summary(self) -> str:
        c = self.counts
        parts = [f"{c['error']} error{'s' * (c['error'] != 1)}",
                 f"{c['warning']} warning{'s' * (c['warning'] != 1)}",
                 f"{c['tip']} tip{'s' * (c['tip'] != 1)}"]
        head = "Passed" if self.ok else "Needs work"
        return f"{head}: {', '.join(parts)}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "title": self.title,
            "map_type": self.map_type,
            "ok": self.ok,
            "counts": self.counts,
            "findings": [f.to_dict() for f in self.ordered()],
            **({"problems": [{"field": p.path, "message": p.message} for p in self.problems]} if self.problems else {}),
        }

    def ordered(self) -> list[Finding]:
        """Errors first, then warnings, then tips; journey order within each."""
        return [f for s in SEVERITIES for f in self._of(s)]

    # --- display ------------------------------------------------------------
    def heading(self) -> str:
        name = self.title or self.source or "map"
        return f"Check of {name!s}"

    def __str__(self) -> str:
        lines = [self.heading(), self.summary()]
        if not self.findings:
            lines.append("Every check passed. Well done.")
        lines += [str(f) for f in self.ordered()]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return report_html(self)


def finding_html(f: Finding) -> str:
    e = html.escape
    fg, bg = COLOURS.get(f.severity, ("#333", "#f4f4f4"))
    hint = f'<div style="margin-top:2px"><em>Hint: {e(f.hint)}</em></div>' if f.hint else ""
    return (
        f'<li style="list-style:none;margin:4px 0;padding:6px 8px;border-left:4px solid {fg};background:{bg}">'
        f'<span aria-hidden="true">{ICONS.get(f.severity, "")}</span> '
        f'<strong style="color:{fg}">{e(LABELS.get(f.severity, f.severity))}</strong> '
        f'<span style="color:#555">({e(f.rule)})</span><br>'
        f"<strong>{e(f.where)}</strong>: {e(f.message)}{hint}</li>"
    )


def report_html(report: Report, heading: str | None = None) -> str:
    """The report as a coloured block for Jupyter; every learner string is escaped."""
    e = html.escape
    fg, bg = OK_COLOURS if report.ok else COLOURS["error"]
    icon = "✅" if report.ok else "❌"
    items = "".join(finding_html(f) for f in report.ordered())
    body = f'<ul style="padding-left:0;margin:6px 0">{items}</ul>' if items else (
        "<p>Every check passed. Well done.</p>"
    )
    return (
        f'<div class="cjm-report" style="border:2px solid {fg};border-radius:6px;padding:8px 12px;margin:4px 0">'
        f'<div style="background:{bg};color:{fg};padding:4px 8px;border-radius:4px">'
        f'<span aria-hidden="true">{icon}</span> <strong>{e(heading or report.heading())}</strong>'
        f" — {e(report.summary())}</div>{body}</div>"
    )
