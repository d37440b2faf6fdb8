"""Autosave never starves: debounced for bursts, yet a change is on disk within about 2 s however fast
the learner types; a kernel killed mid-typing loses at most the last 2 s of edits."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
from pathlib import Path

from cjm_helpers.builder.debounce import MAX_WAIT, Debouncer

ROOT = Path(__file__).resolve().parent.parent
SLACK = 0.6     # a loaded machine runs timers late


def run_on_a_loop(gaps: list[float], delay: float, settle: float) -> tuple[list[float], float]:
    """Trigger after each gap on an event loop (as in a kernel); the times of the calls, from the start."""
    calls: list[float] = []

    async def main():
        start = time.monotonic()
        debounced = Debouncer(lambda: calls.append(time.monotonic() - start), delay)
        for gap in gaps:
            debounced.trigger()
            await asyncio.sleep(gap)
        await asyncio.sleep(settle)
        return start

    asyncio.run(main())
    return calls, sum(gaps)


def test_a_burst_gives_one_call_after_the_delay():
    calls, typed = run_on_a_loop([0.05] * 5, delay=0.5, settle=1.0)
    assert len(calls) == 1
    assert typed + 0.5 - 0.1 <= calls[0] <= typed + 0.5 + SLACK


def test_continuous_typing_still_calls_within_the_max_wait():
    calls, typed = run_on_a_loop([0.1] * 50, delay=0.5, settle=1.0)     # 5 s of edits 0.1 s apart
    assert calls, "a trailing debounce alone never runs while the learner types"
    assert calls[0] <= MAX_WAIT + SLACK
    gaps = [b - a for a, b in zip(calls, calls[1:])]
    assert all(gap <= MAX_WAIT + SLACK for gap in gaps), gaps
    assert len(calls) <= typed / MAX_WAIT + 2, "still debounced: not a call per edit"
    assert calls[-1] >= typed, "the last edit is saved too"


def test_a_long_delay_is_not_cut_short():
    debounced = Debouncer(lambda: None, delay=60)
    assert debounced.max_wait == 60


KERNEL_CODE = """
import asyncio, time
from cjm_helpers import MapBuilder
b = MapBuilder({path!r}, preset="five_stages")
log = open({log!r}, "a")
count = [0]
def edit():
    count[0] += 1
    b.title.value = f"edit {{count[0]}}"
    log.write(f"{{count[0]}} {{time.time()}}\\n"); log.flush()
    asyncio.get_running_loop().call_later(0.1, edit)
edit()
"""


def test_killing_the_kernel_mid_typing_keeps_the_edits_up_to_the_bound(tmp_path):
    from jupyter_client.manager import start_new_kernel

    path, log = tmp_path / "my_map.json", tmp_path / "edits.log"
    km, kc = start_new_kernel(kernel_name="python3", cwd=str(tmp_path),
                              env=dict(os.environ, PYTHONPATH=str(ROOT)))
    try:
        reply = kc.execute_interactive(KERNEL_CODE.format(path=str(path), log=str(log)), timeout=120)
        assert reply["content"]["status"] == "ok", reply["content"]
        time.sleep(6)                       # six seconds of typing, an edit every 0.1 s
        killed_at = time.time()
        os.kill(km.provisioner.pid, signal.SIGKILL)
    finally:
        kc.stop_channels()
        km.cleanup_resources() if hasattr(km, "cleanup_resources") else None
    edits = [line.split() for line in log.read_text().splitlines()]
    assert len(edits) > 20, "the kernel was typing"
    saved = int(json.loads(path.read_text("utf-8"))["title"].split()[1])
    due = [int(n) for n, t in edits if float(t) <= killed_at - MAX_WAIT - SLACK]
    assert due and saved >= max(due), (saved, max(due), len(edits))
