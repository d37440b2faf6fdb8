"""A cohort on a real JupyterHub, end to end in Chromium: release, fetch, build, submit, grade, feedback.

As root the test creates its own trainer and two learners (Unix accounts,
cjmtest_*_<random>), starts `hub/jupyterhub_config.py` on free loopback ports
and then: the trainer releases 02_current_state; each learner signs in on the
hub's login page, fetches it from the Assignments tab, fills in the builder's
persona (A all of it, B only a name: different scores) and submits; learner A
cannot list the exchange's inbound folder, find B's submission, read B's home
or open B's server; the trainer collects, autogrades both with the cohort command (two jobs),
generates and releases feedback; the learners fetch it and see their scores.
Everything is removed afterwards (tests/hub_cohort.py). The figures (servers
started and submissions autograded per minute) go to
build/test-artifacts/hub-timings.json for the README's sizing advice.
"""

from __future__ import annotations

import json
import os
import subprocess
import time

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from browser import ARTIFACTS, CHROMIUM_ARGS, dismiss_kernel_dialog, run_all, screenshot, wait_idle
from hub_cohort import cohort_hub

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ASSIGNMENT = "02_current_state"
FOLDER = f"cjm-workbook/exercises/{ASSIGNMENT}"
PERSONA = {"Name": "Priya, 41, runs a bakery", "Description": "Orders flour online every week",
           "Goals": "Never run out of flour", "Needs": "Delivery she can trust", "Frustrations": "Late vans"}
SCORES = {"a": "Score: 1.0 / 8.0", "b": "Score: 0.0 / 8.0"}  # A: the persona point; B: a name only


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    if os.geteuid() != 0:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("the hub test creates Unix accounts and must run as root in CI")
        pytest.skip("the hub test creates Unix accounts: run it as root")
    with cohort_hub(tmp_path_factory.mktemp("hub")) as running:
        yield running


def start_sign_in(page, hub, account: str) -> float:
    """Sign in on the hub's login page; returns when the form is sent (the hub then starts the server)."""
    page.goto(f"{hub.url}/hub/login")
    page.fill("#username_input", account)
    page.fill("#password_input", hub.passwords[account])
    started = time.monotonic()
    page.click("#login_submit")
    return started


def wait_for_lab(page, account: str, started: float) -> float:
    """Wait for the member's JupyterLab on the start page; seconds from sign-in."""
    page.wait_for_url(f"**/user/{account}/lab/**", timeout=240_000)
    page.wait_for_selector(".jp-NotebookPanel", timeout=120_000)
    dismiss_kernel_dialog(page)
    return time.monotonic() - started


def sign_in(page, hub, account: str) -> float:
    return wait_for_lab(page, account, start_sign_in(page, hub, account))


def assignments_tab(page) -> None:
    page.click('.lm-MenuBar-itemLabel:text-is("Nbgrader")')
    page.click('li.lm-Menu-item[data-command="nbgrader:open-assignment-list"]')
    page.wait_for_selector("#released_assignments_list", timeout=60_000)


def refresh_assignments(page) -> None:
    page.click("#refresh_assignments_list")
    page.wait_for_timeout(500)


def submit_in_the_list(page, tries: int = 3) -> None:
    """Press Submit and wait until the list shows the submission. On a loaded machine the list can be
    redrawn under the pointer and a click lost: then refresh and press again (nbgrader keeps the newest)."""
    for attempt in range(tries):
        submit = page.locator('#fetched_assignments_list button:has-text("Submit")').first
        submit.wait_for(timeout=60_000)
        submit.click()
        try:
            page.wait_for_selector(f'#submitted_assignments_list :text("{ASSIGNMENT}")', timeout=45_000)
            return
        except PlaywrightTimeout:
            if attempt == tries - 1:
                raise
            refresh_assignments(page)
            if page.locator(f'#submitted_assignments_list :text("{ASSIGNMENT}")').count():
                return


def persona_box(page, label: str):
    return page.locator(f'.cjm-builder .widget-inline-hbox:has(> label:text-is("{label}"))').first \
        .locator("input, textarea").first


def build_persona(page, hub, short: str, fields: dict[str, str]) -> None:
    account = hub.learners[short]
    # ?reset: a fresh workspace, the exercise the only notebook open
    page.goto(f"{hub.url}/user/{account}/lab/tree/{FOLDER}/{ASSIGNMENT}.ipynb?reset")
    page.wait_for_selector(".jp-NotebookPanel", timeout=60_000)
    dismiss_kernel_dialog(page)
    wait_idle(page, 120_000)
    run_all(page)
    page.wait_for_selector(".cjm-builder", timeout=60_000)
    for label, text in fields.items():
        box = persona_box(page, label)
        box.click()
        box.fill(text)
        box.press("Tab")
    map_file = hub.cohort.course_folder(account) / "exercises" / ASSIGNMENT / "my_current_state.json"
    for _ in range(150):
        if map_file.exists() and json.loads(map_file.read_text("utf-8"))["persona"]["name"] == fields["Name"]:
            break
        page.wait_for_timeout(200)
    else:
        raise AssertionError(f"{account}'s builder never saved the persona to {map_file}")


def memory_mib(account: str) -> float:
    """The resident memory of every process of an account (their server and kernels), in MiB."""
    import pwd
    from pathlib import Path

    uid, total = pwd.getpwnam(account).pw_uid, 0
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and entry.stat().st_uid == uid:
                line = next(l for l in (entry / "status").read_text().splitlines() if l.startswith("VmRSS:"))
                total += int(line.split()[1])
        except (OSError, StopIteration):
            pass
    return round(total / 1024, 1)


def test_a_cohort_on_the_hub_from_release_to_feedback(hub, chromium):
    timings = dict(hub.timings)
    hub.as_trainer(["cjm_helpers.release", ASSIGNMENT])
    hub.as_trainer(["nbgrader", "release_assignment", ASSIGNMENT])

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        pages, started = {}, {}
        try:
            for short in ("a", "b"):  # both sign in at once: the hub starts their servers side by side
                page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
                page.set_default_timeout(60_000)
                pages[short] = page
                started[short] = start_sign_in(page, hub, hub.learners[short])
            for short, page in pages.items():
                seconds = wait_for_lab(page, hub.learners[short], started[short])
                timings[f"sign_in_to_lab_{short}_s"] = round(seconds, 1)
                assert "00_start_here.ipynb" in page.url
            timings["both_servers_ready_s"] = round(max(timings["sign_in_to_lab_a_s"],
                                                        timings["sign_in_to_lab_b_s"]), 1)
            for short, page in pages.items():
                assignments_tab(page)
                fetch = page.locator('#released_assignments_list button:has-text("Fetch")').first
                fetch.wait_for(timeout=60_000)
                assert ASSIGNMENT in page.inner_text("#released_assignments_list")
                fetch.click()
                page.wait_for_selector(f'#fetched_assignments_list :text("{ASSIGNMENT}")', timeout=60_000)

                fields = PERSONA if short == "a" else {"Name": "Bo's customer"}
                build_persona(page, hub, short, fields)
                timings[f"memory_server_and_kernel_{short}_mib"] = memory_mib(hub.learners[short])

                assignments_tab(page)
                submit_in_the_list(page)
                screenshot(page, f"hub-submitted-{short}.png")

            # --- learner A cannot find, read or change B's submission -----------------------------
            inbound = hub.cohort.course_exchange / "inbound"
            b_account = hub.learners["b"]
            b_submissions = [p for p in inbound.iterdir() if p.name.startswith(f"{b_account}+{ASSIGNMENT}+")]
            assert b_submissions, "B's submission is in the exchange (seen as root)"
            probe = f"""
import glob, json, os
out = {{}}
try:
    os.listdir({str(inbound)!r}); out["list_inbound"] = "listed"
except PermissionError:
    out["list_inbound"] = "denied"
out["guess"] = glob.glob({str(inbound)!r} + "/{b_account}+*")
try:
    open({str(hub.cohort.course_folder(b_account) / "exercises" / ASSIGNMENT / "my_current_state.json")!r}).read()
    out["b_home"] = "read"
except PermissionError:
    out["b_home"] = "denied"
try:
    open({str(hub.cohort.course_exchange / "outbound" / ASSIGNMENT / "planted.txt")!r}, "w").write("x")
    out["outbound"] = "written"
except PermissionError:
    out["outbound"] = "denied"
print(json.dumps(out))
"""
            seen = hub.as_learner("a", probe)
            assert seen == {"list_inbound": "denied", "guess": [], "b_home": "denied", "outbound": "denied"}, seen
            response = pages["a"].goto(f"{hub.url}/user/{b_account}/lab/tree/{FOLDER}/{ASSIGNMENT}.ipynb")
            assert response.status == 403 or "403" in pages["a"].inner_text("body"), \
                f"A opened B's server: {response.status} {pages['a'].url}"

            # --- the trainer collects, autogrades (both at once), generates and releases feedback ------
            hub.as_trainer(["nbgrader", "collect", ASSIGNMENT])
            started = time.monotonic()
            graded = hub.as_trainer(["cjm_helpers", "autograde", ASSIGNMENT, "--jobs", "2"])  # the cohort command
            assert all(account in graded for account in hub.learners.values()), graded
            timings["autograde_2_parallel_s"] = round(time.monotonic() - started, 1)

            # --- Formgrader: the trainer's, in its own tab; closed to learners -----------------------
            trainer_page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            sign_in(trainer_page, hub, hub.trainer)
            trainer_page.goto(f"{hub.url}/user/{hub.trainer}/formgrader/manage_assignments")
            trainer_page.wait_for_selector(f'td:has-text("{ASSIGNMENT}")', timeout=60_000)
            screenshot(trainer_page, "hub-formgrader.png")
            other = pages["a"].goto(f"{hub.url}/user/{hub.trainer}/formgrader/manage_assignments")
            assert other.status == 403, f"a learner reached the trainer's Formgrader: {other.status}"
            own = pages["a"].goto(f"{hub.url}/user/{hub.learners['a']}/formgrader")
            assert own.status == 404, f"a learner's own server offers Formgrader: {own.status}"

            hub.as_trainer(["nbgrader", "generate_feedback", ASSIGNMENT])
            hub.as_trainer(["nbgrader", "release_feedback", ASSIGNMENT])

            # --- the learners fetch their feedback and see their scores ------------------------------
            for short, page in pages.items():
                page.goto(f"{hub.url}/user/{hub.learners[short]}/lab")
                page.wait_for_selector(".jp-LabShell", timeout=60_000)
                assignments_tab(page)
                fetch = page.locator('#submitted_assignments_list button:has-text("Fetch Feedback")').first
                fetch.wait_for(timeout=60_000)
                fetch.click()
                page.wait_for_selector('#submitted_assignments_list a:has-text("view feedback")', timeout=90_000)
                feedback = sorted((hub.cohort.course_folder(hub.learners[short]) / "exercises" / ASSIGNMENT /
                                   "feedback").rglob(f"{ASSIGNMENT}.html"))
                assert feedback, f"{short} has no feedback file"
                relative = feedback[-1].relative_to(hub.cohort.course_folder(hub.learners[short]).parent)
                page.goto(f"{hub.url}/user/{hub.learners[short]}/files/{relative}")
                text = page.inner_text("body")
                assert SCORES[short] in text, f"{short}'s feedback: {text[:400]}"
                screenshot(page, f"hub-feedback-{short}.png")
        finally:
            browser.close()

    timings["servers_started_per_minute"] = round(60 * 2 / timings["both_servers_ready_s"], 1)
    timings["submissions_autograded_per_minute"] = round(60 * 2 / timings["autograde_2_parallel_s"], 1)
    log = hub.log_text(tail=0)
    assert "Starting service 'idle-culler'" in log and "(idle-culler@127.0.0.1)" in log, "the culler runs"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "hub-timings.json").write_text(json.dumps(timings, indent=1), "utf-8")
    print(json.dumps(timings))
