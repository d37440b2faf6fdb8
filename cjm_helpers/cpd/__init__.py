"""The learner's CPD record: a log of completed activities, the progress page and printable exports.

    record_activity("E02", {"summary": "checks passed: 3 of 3 marks"})  # True the first time
    cpd_record()                       # a table in a notebook
    cpd_record().export("record.pdf")  # .csv, .html or .pdf
    progress()                         # what is done, what is next, with links

The log is ~/.cjm-workbook/cpd-log.jsonl, or the file named by CJM_CPD_LOG.
"""

from .log import (
    ActivityRecord, CPDError, CPDLogWarning, LogProblem, load_records, log_path, read_log,
    record_activity, record_quietly,
)
from .record import CPDRecord, Progress, cpd_record, learner_name, progress, set_learner_name

__all__ = [
    "ActivityRecord", "CPDError", "CPDLogWarning", "CPDRecord", "LogProblem", "Progress",
    "cpd_record", "learner_name", "load_records", "log_path", "progress", "read_log",
    "record_activity", "record_quietly", "set_learner_name",
]
