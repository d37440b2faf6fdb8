"""Trainer tools for a cohort on JupyterHub: the roster, accounts, grades and CPD records out.

    read_roster("roster.csv")                          # roster.py: learners, checked line by line
    add_roster("roster.csv", Cohort(), trainer="tr")   # hub.py: accounts, course copies, nbgrader students
    read_gradebook("build/nbgrader/gradebook.db", course).to_csv("canvas")   # lms.py
    write_cohort_records(grades, course, "cpd-records/")                     # cpd_records.py

The hub itself is configured in hub/jupyterhub_config.py (`make hub`).
"""
