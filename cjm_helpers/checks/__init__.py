"""Checks: rules that judge a journey map and report findings that teach.

    from cjm_helpers.checks import check_map, RULES
    report = check_map("my_current_state.json")
    report.ok, report.errors, report.warnings, report.tips, report.counts
    print(report)          # plain text; in Jupyter the report shows itself in colour

Rules are data (RULES: id -> Rule with severity, the map types it applies to,
and a small function); see rules.py. check_map never raises on a learner's
input: a file that cannot be read becomes a report with one error finding.
"""

from .report import Finding, Report, SEVERITIES
from .rules import RULES, Context, Rule
from .run import check_map

__all__ = ["Finding", "Report", "RULES", "Rule", "Context", "check_map", "SEVERITIES"]
