"""Zero to JupyterHub: the values file fits the chart's schema and the course's conventions; the image installs the pins.

The schema is the chart's own values.schema.yaml (tests/data/z2jh-values.schema.json,
see its $comment), checked with its `required` lists removed: the chart merges
its defaults, which supply them, before it validates.
"""

from __future__ import annotations

import importlib
import json
import re
import shlex
from types import SimpleNamespace

import jsonschema
import pytest
import yaml

Z2JH = "hub/z2jh"


def without_required(schema):
    if isinstance(schema, dict):
        return {k: without_required(v) for k, v in schema.items() if k != "required"}
    if isinstance(schema, list):
        return [without_required(v) for v in schema]
    return schema


@pytest.fixture(scope="module")
def values(root):
    return yaml.safe_load((root / Z2JH / "values.yaml").read_text("utf-8"))


def test_values_fit_the_charts_schema(values, root):
    schema = json.loads((root / "tests" / "data" / "z2jh-values.schema.json").read_text("utf-8"))
    jsonschema.validate(values, without_required(schema))


def test_a_misspelt_key_is_caught_by_the_same_check(values, root):
    schema = without_required(json.loads((root / "tests" / "data" / "z2jh-values.schema.json").read_text("utf-8")))
    broken = {**values, "singleuser": {**values["singleuser"], "defaultURL": "/lab"}}
    with pytest.raises(jsonschema.ValidationError, match="defaultURL"):
        jsonschema.validate(broken, schema)


def test_values_use_the_course_groups_exchange_and_start_page(values, root):
    course_id = values["singleuser"]["extraEnv"]["CJM_COURSE_ID"]
    assert values["hub"]["extraEnv"]["CJM_COURSE_ID"] == course_id
    groups = values["hub"]["config"]["JupyterHub"]["load_groups"]
    assert set(groups) == {f"nbgrader-{course_id}", f"formgrade-{course_id}"}
    trainer = values["hub"]["config"]["Authenticator"]["admin_users"][0]
    assert trainer in groups[f"formgrade-{course_id}"]
    exchange = values["singleuser"]["extraEnv"]["CJM_EXCHANGE"]
    mounts = values["singleuser"]["storage"]["extraVolumeMounts"]
    assert [m["mountPath"] for m in mounts] == [exchange]
    assert (root / values["singleuser"]["extraEnv"]["JUPYTER_CONFIG_PATH"].removeprefix("/opt/cjm-workbook/")
            / "nbgrader_config.py").exists()
    start = values["singleuser"]["defaultUrl"].removeprefix("/lab/tree/cjm-workbook/")
    assert (root / start).exists(), start
    assert values["cull"]["enabled"] and values["cull"]["timeout"] > 0
    command = values["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"]
    assert command[:2] == ["python", "-m"] and importlib.import_module(command[2])


def test_the_hubs_hook_gives_each_member_a_uid_and_trainers_the_course(values):
    config = SimpleNamespace(KubeSpawner=SimpleNamespace())
    code = values["hub"]["extraConfig"]["cjm-course"]
    namespace = {"c": config}
    exec(compile(code, "extraConfig.cjm-course", "exec"), namespace)  # noqa: S102 - our own config text
    hook = config.KubeSpawner.pre_spawn_hook
    course_id = values["hub"]["extraEnv"]["CJM_COURSE_ID"]

    def spawn(user_id, groups):
        user = SimpleNamespace(id=user_id, name=f"u{user_id}", groups=[SimpleNamespace(name=g) for g in groups])
        spawner = SimpleNamespace(user=user, environment={}, uid=None, gid=None)
        hook(spawner)
        return spawner

    learner, other, trainer = spawn(7, [f"nbgrader-{course_id}"]), spawn(8, []), spawn(1, [f"formgrade-{course_id}"])
    assert len({learner.uid, other.uid, trainer.uid}) == 3, "every member has their own uid"
    assert "CJM_TRAINER_COURSE" in trainer.environment and "CJM_TRAINER_COURSE" not in learner.environment


def test_the_nfs_exchange_is_shared_read_write_and_claimed_by_the_values(values, root):
    docs = list(yaml.safe_load_all((root / Z2JH / "nfs-exchange.yaml").read_text("utf-8")))
    kinds = {d["kind"]: d for d in docs}
    assert set(kinds) == {"PersistentVolume", "PersistentVolumeClaim"}
    assert kinds["PersistentVolume"]["spec"]["accessModes"] == ["ReadWriteMany"]
    assert "nfs" in kinds["PersistentVolume"]["spec"]
    claim = values["singleuser"]["storage"]["extraVolumes"][0]["persistentVolumeClaim"]["claimName"]
    assert kinds["PersistentVolumeClaim"]["metadata"]["name"] == claim


def dockerfile(root) -> list[tuple[str, str]]:
    text = (root / Z2JH / "Dockerfile").read_text("utf-8").replace("\\\n", " ")
    return [tuple(line.strip().split(None, 1)) for line in text.splitlines()
            if line.strip() and not line.strip().startswith("#")]


def test_the_image_installs_the_pinned_packages(root):
    steps = dockerfile(root)
    base = next(arg for op, arg in steps if op == "FROM")
    conda_python = re.search(r"python=(3\.\d+)", (root / "environment.yml").read_text("utf-8")).group(1)
    assert base.startswith(f"python:{conda_python}-"), f"the image's Python {base} is not the course's {conda_python}"
    installs = [shlex.split(arg) for op, arg in steps if op == "RUN" and "pip install" in arg]
    assert len(installs) == 1, installs
    words = installs[0]
    constraint = words[words.index("--constraint") + 1]
    assert constraint.endswith("/constraints.txt")
    assert any(w.endswith("/opt/cjm-workbook[hub]") for w in words), "the course with its hub extra"
    copied_before = [arg for op, arg in steps[:steps.index(("RUN", next(a for o, a in steps if "pip install" in a)))]
                     if op == "COPY"]
    assert any("constraints.txt" in arg for arg in copied_before), "the pins are in the image before pip runs"
    for op, arg in steps:
        if op == "COPY":
            for source in arg.split()[:-1]:
                assert (root / source).exists(), f"the Dockerfile copies {source}, which is not in the repository"
    assert ("CMD", '["jupyterhub-singleuser"]') in steps
    ignored = (root / ".dockerignore").read_text("utf-8").split()
    assert ".venv" in ignored and "build" in ignored
