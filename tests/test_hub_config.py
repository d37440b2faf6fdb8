"""hub/jupyterhub_config.py as JupyterHub reads it: loopback only, the course's groups, its start page, the culler."""

from __future__ import annotations

import os

import pytest
from traitlets.config import PyFileConfigLoader

from cjm_helpers.teach.python import closed_folders
from hub_cohort import python_open_to_accounts


@pytest.fixture
def config(root, tmp_path, monkeypatch):
    for name, value in {"HUB_PORT": "18001", "HUB_API_PORT": "18002", "HUB_PROXY_API_PORT": "18003",
                        "CJM_COURSE_ID": "cjm-test-config", "CJM_HUB_STATE": str(tmp_path / "state"),
                        "CJM_HUB_IDLE_TIMEOUT": "900"}.items():
        monkeypatch.setenv(name, value)
    if os.geteuid() != 0 and closed_folders():
        pytest.skip(f"this Python is not reachable by other accounts ({closed_folders()[0]}): the hub refuses it")
    with python_open_to_accounts():
        loader = PyFileConfigLoader("jupyterhub_config.py", path=str(root / "hub"))
        return loader.load_config()


def test_everything_listens_on_loopback(config):
    assert config.JupyterHub.bind_url == "http://127.0.0.1:18001"
    assert config.JupyterHub.hub_bind_url == "http://127.0.0.1:18002"
    assert config.ConfigurableHTTPProxy.api_url == "http://127.0.0.1:18003"
    assert os.path.basename(config.ConfigurableHTTPProxy.command[0]) == "configurable-http-proxy"


def test_sign_in_is_for_the_course_groups_and_trainers_are_admins(config):
    assert config.JupyterHub.authenticator_class == "pam"
    assert config.PAMAuthenticator.allowed_groups == {"nbgrader-cjm-test-config", "formgrade-cjm-test-config"}
    assert config.PAMAuthenticator.admin_groups == {"formgrade-cjm-test-config"}
    assert set(config.JupyterHub.load_groups) == {"nbgrader-cjm-test-config", "formgrade-cjm-test-config"}


def test_servers_open_the_start_page_in_the_members_home(config, root):
    assert config.JupyterHub.spawner_class == "localprocess"
    assert config.Spawner.cmd[1:] == ["-m", "jupyterhub.singleuser"]
    page = config.Spawner.default_url.removeprefix("/lab/tree/cjm-workbook/")
    assert (root / page).exists(), page
    assert callable(config.Spawner.pre_spawn_hook)


def test_idle_servers_are_culled(config):
    (culler,) = config.JupyterHub.services
    assert culler["command"][1:3] == ["-m", "jupyterhub_idle_culler"] and "--timeout=900" in culler["command"]
    (role,) = config.JupyterHub.load_roles
    assert role["services"] == [culler["name"]] and "delete:servers" in role["scopes"]


def test_the_state_folder_is_private(config, tmp_path):
    assert oct((tmp_path / "state").stat().st_mode & 0o777) == "0o700"
    assert config.JupyterHub.cookie_secret_file.startswith(str(tmp_path / "state"))
