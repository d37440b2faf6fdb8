"""`make lab` serves JupyterLab from the course root and opens the start page."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request

import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_make_lab_serves_the_start_page(root):
    port = _free_port()
    args = f"--no-browser --port {port} --ServerApp.ip=127.0.0.1 --IdentityProvider.token= --allow-root"
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "lab", f"LAB_ARGS={args}"],
        cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"make lab did not serve within 60 s:\n{proc.stdout.read()}")
                time.sleep(0.3)
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            opener.open(f"http://127.0.0.1:{port}/", timeout=5)
            pytest.fail("expected a redirect to the start page")
        except urllib.error.HTTPError as redirect:
            assert redirect.code == 302
            location = redirect.headers["Location"]
            assert location.rstrip("?").endswith("/lab/tree/lessons/00_start_here.ipynb"), location
        contents = urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents/", timeout=5).read().decode()
        assert '"lessons"' in contents and '"exercises"' in contents, "the server must serve the course root"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
