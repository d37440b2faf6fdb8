"""Trainer tools for a cohort: the roster, the JupyterHub set-up, grades and CPD records out.

    read_roster("roster.csv")            # learners (username, full name), checked
    add_roster("roster.csv", cohort)     # Unix accounts, course copies, nbgrader students
    lms_grades_csv(gradebook, "canvas")  # the cohort's grades for an LMS gradebook import
"""
