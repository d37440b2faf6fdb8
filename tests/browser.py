"""Real-browser helpers: a JupyterLab or Voila server on a free loopback port, and Chromium via Playwright.

    from browser import jupyter_lab, chromium_page, open_notebook, run_all

    with jupyter_lab(folder_copy) as server, chromium_page(chromium) as page:
        open_notebook(page, server, "my.ipynb")
        run_all(page)

Servers run in a temporary copy (the caller's folder), with their own Jupyter
config, settings, workspace and runtime folders and a private CPD log, so a
test never reads or writes the learner's state. Each server is stopped by its
own process group id. Timings measured on this machine kind are in
../shared/TOOLCHAIN-NOTES.md.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "build" / "test-artifacts"
# Lab settings for tests: no news toast, no kernel-choice dialog.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension:tracker": {"autoStartDefaultKernel": True},
}


@dataclass
class Server:
    """A running Jupyter server: its base URL, token (may be empty), process and log file."""

    url: str
    token: str
    process: subprocess.Popen
    log: Path
    root: Path

    def page_url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.url}{path}{sep}token={self.token}" if self.token else f"{self.url}{path}"

    def log_text(self) -> str:
        try:
            return self.log.read_text("utf-8", errors="replace")[-4000:]
        except OSError:
            return ""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def copy_folder(source: Path, target: Path) -> Path:
    """Copy a notebook folder (without checkpoints, backups and learners' map files) for a server to use."""
    shutil.copytree(source, target, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "*.bak", "*.corrupt", "my_*.json"))
    return target


def private_env(state: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a server: private Jupyter folders and CPD log, the venv first on PATH."""
    env = dict(os.environ)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR",
                 "IPYTHONDIR"):
        folder = state / name.lower()
        folder.mkdir(parents=True, exist_ok=True)
        env[name] = str(folder)
    env["CJM_CPD_LOG"] = str(state / "cpd-log.jsonl")
    env["CJM_COURSE_ROOT"] = str(ROOT)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.pop("MPLBACKEND", None)  # the kernel's own inline backend
    settings = state / "jupyterlab_settings_dir"
    for plugin, values in LAB_SETTINGS.items():
        package, name = plugin.split(":")
        target = settings / package / f"{name}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values), encoding="utf-8")
    env.update(extra or {})
    return env


def wait_for_url(url: str, process: subprocess.Popen, log_text, timeout: float, what: str = "server",
                 interval: float = 0.2) -> None:
    """Poll url until it answers 200; fail at once with the log if the process exits, or after timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}:\n{log_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(interval)
    raise TimeoutError(f"{what} not ready after {timeout:.0f} s:\n{log_text()}")


def _wait_ready(server: Server, probe: str, timeout: float) -> None:
    wait_for_url(server.page_url(probe), server.process, server.log_text, timeout)


def stop(server: Server) -> None:
    """Stop the server's own process group: SIGTERM, then SIGKILL after 10 s."""
    if server.process.poll() is not None:
        return
    try:
        os.killpg(server.process.pid, signal.SIGTERM)
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=10)
    except ProcessLookupError:
        pass


@contextmanager
def _serve(command: list[str], cwd: Path, env: dict[str, str], url: str, token: str, probe: str,
           timeout: float, state: Path) -> Iterator[Server]:
    log = state / "server.log"
    with open(log, "wb") as handle:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    server = Server(url=url, token=token, process=process, log=log, root=cwd)
    try:
        _wait_ready(server, probe, timeout)
        yield server
    finally:
        stop(server)


@contextmanager
def jupyter_lab(folder: Path, env: dict[str, str] | None = None, timeout: float = 60) -> Iterator[Server]:
    """JupyterLab serving `folder` on a free loopback port with a random token."""
    port, token = free_port(), secrets.token_hex(16)
    with tempfile.TemporaryDirectory(prefix="cjm-lab-") as state:
        state = Path(state)
        command = [str(BIN / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
                   "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", "--ServerApp.password=",
                   f"--ServerApp.root_dir={folder}", "--allow-root",
                   "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
        with _serve(command, folder, private_env(state, env), f"http://127.0.0.1:{port}", token,
                    "/api/status", timeout, state) as server:
            yield server


@contextmanager
def voila_workshop(map_file: Path, env: dict[str, str] | None = None, timeout: float = 90) -> Iterator[Server]:
    """`make workshop` (without its install step) on a free loopback port, editing `map_file`."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="cjm-voila-") as state:
        state = Path(state)
        extra = {"CJM_WORKSHOP_MAP": str(map_file), **(env or {})}
        command = ["make", "--no-print-directory", "-o", "install", "workshop", f"PORT={port}",
                   f"BIN={BIN}"]
        with _serve(command, ROOT, private_env(state, extra), f"http://127.0.0.1:{port}", "", "/",
                    timeout, state) as server:
            yield server


@contextmanager
def chromium_page(executable: str, width: int = 1280, height: int = 900):
    """A Playwright page in Debian's Chromium (headless), `width` px wide."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.set_default_timeout(30_000)
            yield page
        finally:
            browser.close()


# --- JupyterLab page actions -------------------------------------------------------------
IDLE = '.jp-Notebook-ExecutionIndicator[data-status="idle"]'


def open_notebook(page, server: Server, name: str) -> None:
    """Open a notebook in JupyterLab and wait for its kernel to be idle."""
    page.goto(server.page_url(f"/lab/tree/{name}"))
    page.wait_for_selector(".jp-NotebookPanel", timeout=60_000)
    dismiss_kernel_dialog(page)
    wait_idle(page)


def dismiss_kernel_dialog(page) -> None:
    """Accept the preferred kernel if JupyterLab asks (older settings or a changed kernelspec)."""
    try:
        page.wait_for_selector('.jp-Dialog button:has-text("Select")', timeout=1500).click()
    except Exception:  # noqa: BLE001 - no dialog: nothing to do
        pass


def wait_idle(page, timeout: float = 60_000) -> None:
    page.wait_for_selector(IDLE, timeout=timeout)


# Each code cell's prompt: "[ ]:" before it runs, "[*]:" while it waits or runs, "[7]:" after.
PROMPTS = "() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(p => p.textContent.trim())"
STATE = ("(before) => { const now = (" + PROMPTS + ")();"
         " return { busy: now.some(p => p.includes('[*]')), numbered: now.some(p => /\\[\\d+\\]/.test(p)),"
         " changed: now.some((p, i) => p !== before[i] && /\\[\\d+\\]/.test(p)) }; }")
LOST_AFTER = 20.0       # seconds with no cell queued, running or run: the click was lost


def _cells_ran(page, before: list[str], timeout: float) -> bool:
    """True once cells have run (a new execution count, or counts after a queue) and none is queued or
    running; False when nothing happened for LOST_AFTER seconds (a click before the kernel connected)."""
    deadline, quiet_since, queued = time.monotonic() + timeout / 1000, time.monotonic(), False
    while time.monotonic() < deadline:
        state = page.evaluate(STATE, before)
        if state["busy"]:
            queued, quiet_since = True, time.monotonic()
        elif state["changed"] or (queued and state["numbered"]):
            return True
        elif time.monotonic() - quiet_since > LOST_AFTER:
            return False
        page.wait_for_timeout(250)
    raise AssertionError(f"cells still queued or running after {timeout / 1000:.0f} s")


def _shows(page, expect: str | None) -> bool:
    if not expect:
        return True
    try:
        page.wait_for_selector(expect, timeout=30_000)
        return True
    except Exception:  # noqa: BLE001 - not drawn: the caller runs the cells again
        return False


def _run_until_done(page, start, what: str, expect: str | None, attempts: int, timeout: float) -> None:
    """start() until the cells have run and `expect` (a selector) shows, up to `attempts` times: a click
    made before the kernel is connected is silently lost, and a widget made before the page's widget
    manager was ready may never draw (both seen in Notebook 7 under load)."""
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    for attempt in range(1, attempts + 1):
        before = page.evaluate(PROMPTS)
        start()
        ran = _cells_ran(page, before, timeout)
        if ran and page.locator(IDLE).count():      # JupyterLab's status bar (Notebook 7 has none)
            wait_idle(page, timeout)
        if ran and _shows(page, expect):
            return
        if attempt == attempts:
            raise AssertionError(f"{what}: {'no cell ran' if not ran else repr(expect) + ' never showed'} "
                                 f"after {attempts} tries")
        page.wait_for_timeout(1_000)


def run_all(page, expect: str | None = None, attempts: int = 3, timeout: float = 90_000) -> None:
    """Run → Run All Cells (JupyterLab 4 and Notebook 7; neither has a default shortcut for it),
    again if no cell ran, then wait until every cell has run and `expect` (a selector) shows."""
    def start():
        page.click('.lm-MenuBar-itemLabel:text-is("Run")')
        page.click('li.lm-Menu-item[data-command="runmenu:run-all"]')

    _run_until_done(page, start, "Run All", expect, attempts, timeout)


def restart_and_run_all(page, expect: str | None = None, attempts: int = 3, timeout: float = 90_000) -> None:
    """Kernel → Restart Kernel and Run All Cells…, confirming JupyterLab's dialog; waits as run_all does."""
    def start():
        page.click('.lm-MenuBar-itemLabel:text-is("Kernel")')
        page.click('li.lm-Menu-item[data-command="runmenu:restart-and-run-all"]')
        page.click('.jp-Dialog button.jp-mod-accept', timeout=10_000)

    _run_until_done(page, start, "Restart and Run All", expect, attempts, timeout)


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under build/test-artifacts/ and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path
