"""nbgrader settings for every server on the course's hub (JUPYTER_CONFIG_PATH points here).

The exchange and the course id come from the hub (CJM_EXCHANGE, CJM_COURSE_ID).
Learners fetch assignments into ~/cjm-workbook/exercises, beside the lessons,
so the notebooks' links to the lessons work. A trainer's server also loads the
course's own nbgrader_config.py (CJM_TRAINER_COURSE), so Formgrader and the
nbgrader commands find the gradebook wherever they are started.
"""

import os

c = get_config()  # noqa: F821

c.Exchange.root = os.environ.get("CJM_EXCHANGE", "/usr/local/share/nbgrader/exchange")
c.CourseDirectory.course_id = os.environ.get("CJM_COURSE_ID", "cjm-workbook")
c.Exchange.assignment_dir = os.path.join(os.path.expanduser("~"), "cjm-workbook", "exercises")

_course = os.environ.get("CJM_TRAINER_COURSE")
if _course and os.path.exists(os.path.join(_course, "nbgrader_config.py")):
    load_subconfig(os.path.join(_course, "nbgrader_config.py"))  # noqa: F821
