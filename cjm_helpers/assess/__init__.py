"""Assessment: the trust boundary of the course.

Everything that turns a learner's work into marks, CPD points or a trainer's
page lives here. What it trusts: the installed package, the source notebooks
in solutions/ and the course manifest. What it does not trust: anything in a
learner's submission folder or kernel (unlocked cells, environment variables,
files, packages placed beside the notebook, patched modules) and every piece
of text a learner typed, which is treated as data, never as markup.

Modules, each with one job:
    criteria    the marking criteria of E01..E06 (grade_id, points, requirement), written once
    grading     one requirement judged on a saved map: passed, not yet, not attempted
    verdict     every criterion of an exercise judged on a map: the one verdict
    autograde   nbgrader preprocessors: snapshot the map files, execute resiliently, score
    sanitise    escape or clean learner text before it becomes HTML
"""
