"""Workshop mode: the builder alone for one shared map file, served by `make workshop` (Voila)."""

from __future__ import annotations

import subprocess

import pytest

from cjm_helpers.workshop import WorkshopError, workshop_map_path, workshop_settings


def test_map_file_defaults_to_the_workshop_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("CJM_WORKSHOP_MAP", raising=False)
    assert workshop_map_path(tmp_path) == tmp_path / "workshop_map.json"
    monkeypatch.chdir(tmp_path)
    assert workshop_map_path() == tmp_path / "workshop_map.json"


def test_map_file_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CJM_WORKSHOP_MAP", str(tmp_path / "cafe.json"))
    assert workshop_map_path("/elsewhere") == tmp_path / "cafe.json"
    monkeypatch.setenv("CJM_WORKSHOP_MAP", "maps/cafe.json")
    assert workshop_map_path(tmp_path) == tmp_path / "maps" / "cafe.json"


def test_bad_settings_are_named(monkeypatch):
    assert workshop_settings() == {"map_type": "current_state", "preset": None}
    monkeypatch.setenv("CJM_WORKSHOP_MAP_TYPE", "future")
    with pytest.raises(WorkshopError, match="CJM_WORKSHOP_MAP_TYPE='future' is not a map type"):
        workshop_settings()
    monkeypatch.setenv("CJM_WORKSHOP_MAP_TYPE", "service_blueprint")
    monkeypatch.setenv("CJM_WORKSHOP_PRESET", "six")
    with pytest.raises(WorkshopError, match="CJM_WORKSHOP_PRESET='six' is not a stage preset.*six_stages"):
        workshop_settings()
    monkeypatch.setenv("CJM_WORKSHOP_PRESET", "six_stages")
    assert workshop_settings() == {"map_type": "service_blueprint", "preset": "six_stages"}


def test_make_workshop_serves_the_notebook_on_loopback_without_code(root):
    plan = subprocess.run(["make", "--no-print-directory", "-n", "workshop", "PORT=8999"], cwd=root,
                          capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "CJM_WORKSHOP_MAP": "x"},
                          check=True).stdout
    assert "voila workshop/workshop.ipynb" in plan
    assert "--Voila.ip=127.0.0.1" in plan and "--strip_sources=True" in plan
