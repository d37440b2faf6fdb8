"""JupyterHub for a cohort of the Customer Journey Mapping workbook on one machine (`make hub`).

Runs as root on 127.0.0.1:$HUB_PORT (default 8000); a TLS reverse proxy in
front of it is the trainer's choice for a public address. Learners and
trainers sign in with their Unix accounts (PAM), created from a roster by
`python -m cjm_helpers roster add`. Each gets a JupyterLab server running as
that account (LocalProcessSpawner), opening the course's start page in their
home; idle servers are stopped after $CJM_HUB_IDLE_TIMEOUT seconds.

Groups, as nbgrader documents for a hub: `nbgrader-<course>` (learners) and
`formgrade-<course>` (trainers, who are also hub admins). Membership comes
from the Unix groups of the same names when the hub starts, and sign-in is
allowed to members of either group (checked at each sign-in, so learners
added later can sign in at once).

Formgrader runs in the trainer's own server. JupyterHub 4.1+ forbids framing
single-user servers (nbgrader issue 1870), so the trainer opens it in its own
browser tab at /user/<trainer>/formgrader; no CSP is loosened.

Environment (all optional): HUB_PORT, HUB_API_PORT (8081), HUB_PROXY_API_PORT
(8001), CJM_COURSE_ID (cjm-workbook), CJM_EXCHANGE, CJM_HUB_STATE (the hub's
database and secrets; default build/hub in the repository),
CJM_HUB_IDLE_TIMEOUT (3600). Members' servers run this same Python, which
every account must be able to run (cjm_helpers/teach/python.py).
"""

import os
import sys
from pathlib import Path

from cjm_helpers.teach import accounts
from cjm_helpers.teach.hub import COURSE_FOLDER, Cohort
from cjm_helpers.teach.python import require_reachable

c = get_config()  # noqa: F821 (provided by traitlets when it runs this file)

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
STATE = Path(os.environ.get("CJM_HUB_STATE", REPO / "build" / "hub"))
STATE.mkdir(parents=True, exist_ok=True)
os.chmod(STATE, 0o700)
cohort = Cohort(source=REPO)
require_reachable(cohort.python)

# --- addresses: loopback only ------------------------------------------------------------------
c.JupyterHub.bind_url = f"http://127.0.0.1:{os.environ.get('HUB_PORT', '8000')}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{os.environ.get('HUB_API_PORT', '8081')}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ.get('HUB_PROXY_API_PORT', '8001')}"
# the pure-Python configurable-http-proxy from PyPI (no Node.js needed)
c.ConfigurableHTTPProxy.command = [str(BIN / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.should_start = True

c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
c.JupyterHub.cleanup_servers = True

# --- who may sign in: Unix accounts in the course's groups ------------------------------------
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.allowed_groups = {cohort.learner_group, cohort.trainer_group}
c.PAMAuthenticator.admin_groups = {cohort.trainer_group}
c.JupyterHub.load_groups = {
    cohort.learner_group: sorted(accounts.members(cohort.learner_group)),
    cohort.trainer_group: sorted(accounts.members(cohort.trainer_group)),
}

# --- each member's JupyterLab, as their own account --------------------------------------------
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(cohort.python), "-m", "jupyterhub.singleuser"]
c.Spawner.default_url = f"/lab/tree/{COURSE_FOLDER}/lessons/00_start_here.ipynb"
c.Spawner.start_timeout = 180  # a loaded two-core machine starts a server in 5-20 s
c.Spawner.http_timeout = 180


def member_environment(spawner):
    """The course id, the hub's nbgrader settings and, for a trainer, the course folder."""
    spawner.environment.update(cohort.environment(spawner.user.name))


c.Spawner.pre_spawn_hook = member_environment

# --- idle servers stopped ------------------------------------------------------------------------
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                f"--timeout={os.environ.get('CJM_HUB_IDLE_TIMEOUT', '3600')}"],
}]
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]
