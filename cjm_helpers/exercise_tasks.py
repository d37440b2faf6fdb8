"""The self-check handle of each exercise notebook (E01..E06): what is checked, the hints, the solution.

    from cjm_helpers.exercise_tasks import exercise_task
    task = exercise_task("E02")
    task.check("my_current_state.json"); task.hint(); task.solution()

Points are the marks of the exercise's criteria (cjm_helpers.assess.criteria),
the same the autograde gives; a correct check records the exercise's CPD
points (course.toml) in the learner's CPD record. An exercise added later (E06) adds
one entry to TASKS.
"""

from __future__ import annotations

from typing import Any

PERSONA_SOLUTION = """\
**A worked persona** (a dental practice; yours will be about your own organisation):

- **Name:** Priya, 38, working parent
- **Description:** accounts manager, two children at primary school; books everything on her
  phone between meetings; new to the area and has not seen a dentist for three years.
- **Goals:** get toothache seen quickly without losing a working day; find a practice the whole
  family can stay with.
- **Needs:** appointments before 9 or after 5; clear prices before treatment.
- **Frustrations:** phone lines busy at lunchtime; surprise bills.
- **Scenario:** wakes with toothache and wants it treated this week at a practice she could join.
"""

DATA_SOLUTION = """\
**A worked answer** (the shipped event log of the online language course):

```python
my_stages = {
    "Discover": ["ad_click", "course_search"], "Compare": ["compare_offers"],
    "Subscribe": ["subscribe"], "First lesson": ["first_lesson"],
    "Keep learning": ["lesson_completed"], "Renew": ["renewal"],
}
table = funnel(events, my_stages)
annotation = annotate_map(current_map, table, stage_names={
    "Discover": "Search", "Compare": "Comparison", "Subscribe": "Subscription",
    "First lesson": "Learning", "Keep learning": "Learning", "Renew": "Renewal"})
my_map = annotation.with_pain_point(touchpoint="sub-chat")
my_map.find_touchpoint("sub-chat").opportunities.append(
    "Show the full price and answer billing questions on the subscribe page itself")
save_map(my_map, map_path)
```

Only about a quarter of the people who compare offers go on to subscribe: the step from
Compare to Subscribe loses the largest share. The map already had two severity-3 pain points
near it (the hidden price, the two-day wait for support); the data says how much they cost, and
the interviews you plan next should ask people who left at that step why they did.
"""


def _data_finding(journey) -> list[str]:
    from .analytics.finding import finding_problems

    return finding_problems(journey, at_worst_stage=True, proposal=True)


TASKS: dict[str, dict[str, Any]] = {
    "E01": dict(
        title="Your persona",
        map_type="current_state",
        rules=["persona.specific"],
        solution=PERSONA_SOLUTION,
        hints=[
            "Give the persona a name with a detail that places them (age, role or situation), "
            "and write one or two sentences about their context.",
            "Add at least one goal (what they want to achieve), one need (what must be true for "
            "them) and one frustration (what gets in their way today).",
            "Think of one real customer you have spoken to, and describe them, not 'customers "
            "in general'. Then write the scenario: what they are trying to do in this journey.",
        ],
    ),
    "E02": dict(
        title="Exercise 2: a current-state map",
        map_type="current_state",
        solution="language_course_current",
        hints=[
            "Start with the stages (at least three, in the customer's order), then add one "
            "touchpoint to each before you fill in any detail.",
            "Every touchpoint needs a channel, an owner, what the customer does, how they feel "
            "(-2 to +2) and what they intend. Vary the feelings: a real journey has ups and downs.",
            "Mark the touchpoint that decides whether they stay as a moment of truth, and add a "
            "pain point wherever the feeling is -2, with a severity.",
        ],
    ),
    "E03": dict(
        title="Exercise 3: a future-state map",
        map_type="future_state",
        solution="language_course_future",
        hints=[
            "Begin from your current-state map: the builder copies its stages and touchpoints. "
            "Change only the touchpoints where the journey will be different.",
            "For each change add an improvement that names the pain point it answers (its id "
            "from the current map), the touchpoint where it shows and the feeling you expect there.",
            "Every severity-3 pain point needs an improvement, or a deferred entry with a reason. "
            "The expected feeling must be higher than the feeling at that touchpoint today.",
        ],
    ),
    "E04": dict(
        title="A day in the life",
        map_type="day_in_the_life",
        solution="language_learner_day",
        hints=[
            "Make each moment of the day a stage with a time like 07:30, in the order of the day.",
            "Include what has nothing to do with your organisation: the point is to see where "
            "your service could fit, and when there is no room for it.",
            "Add pain points to the hard moments of the day and opportunities where your "
            "service could help.",
        ],
    ),
    "E05": dict(
        title="A service blueprint",
        map_type="service_blueprint",
        solution="hotel_blueprint",
        hints=[
            "Take three or four stages of your current-state map; for each touchpoint, ask what "
            "staff do in front of the customer (frontstage) and out of sight (backstage).",
            "Name the support processes and systems behind each step: booking system, rota, "
            "supplier, payment terminal...",
            "Mark the steps that can break as fail points, and give waiting times where the "
            "customer waits.",
        ],
    ),
    "E06": dict(
        title="Journeys from event data",
        map_type="current_state",
        solution=DATA_SOLUTION,
        requirements={"data_finding": _data_finding},
        hints=[
            "Look at events['event'].value_counts(): every event name belongs to one stage of the "
            "journey. Put the stages in the order a learner meets them.",
            "funnel(events, my_stages) gives one row per stage; the step that loses the largest "
            "share of people has the lowest step_conversion_rate (worst_stage(table) finds it).",
            "annotate_map(current_map, table, stage_names={funnel stage: map stage}) pairs the "
            "funnel with the map; .with_pain_point() returns the map with the finding added. Append "
            "your proposal to that touchpoint's .opportunities, then save_map(my_map, map_path).",
        ],
    ),
}


def exercise_task(activity_id: str, **overrides: Any):
    """The Task of an exercise, with its CPD points from the manifest (overrides e.g. current=...)."""
    from .course import load_course
    from .exercise import Task

    if activity_id not in TASKS:
        raise KeyError(f"no exercise task {activity_id!r}; known: {', '.join(TASKS)}")
    spec = dict(TASKS[activity_id], **overrides)
    spec.setdefault("criteria", activity_id)
    points = load_course().get(activity_id).points
    return Task(activity_id, points=int(points), **spec)
