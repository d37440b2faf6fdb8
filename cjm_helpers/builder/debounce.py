"""Debounce: run a function once after a burst of calls, but never later than a bound.

A trailing debounce alone starves: while calls keep coming faster than the
delay (a learner typing), the function never runs. So a pending call also runs
at the latest `max_wait` seconds after the first call of the burst (the
autosave puts a change on disk within about 2 s however fast the typing).

Inside a Jupyter kernel (or Voila) the delay runs on the kernel's own event loop,
so the function runs in the main thread between messages. Outside an event loop
(a plain script, a test) the function runs later on a daemon `threading.Timer`
thread: a script that exits first loses the call, and the call runs beside the
script's own code. Scripts should therefore pass a delay of 0 (the function runs
at once, in the caller's thread), or call `flush()`, which runs a pending call
now, so code and tests never need to sleep.
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Callable

MAX_WAIT = 2.0      # seconds: the longest a change waits while calls keep coming


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class Debouncer:
    """Call `func` once, `delay` seconds after the last `trigger()`, and at the latest `max_wait`
    seconds after the first trigger of a burst (never sooner than `delay`); `delay <= 0` calls at once.

    Without a running event loop the delayed call runs on a timer thread (see the
    module's note): in scripts use delay 0, or `flush()` before relying on the result.
    """

    def __init__(self, func: Callable[[], object], delay: float, max_wait: float = MAX_WAIT):
        self.func = func
        self.delay = delay
        self.max_wait = max(max_wait, delay)
        self._handle: asyncio.TimerHandle | threading.Timer | None = None
        self._pending = False
        self._since: float | None = None     # when the pending burst began (monotonic seconds)
        self._lock = threading.RLock()

    @property
    def pending(self) -> bool:
        return self._pending

    def trigger(self) -> None:
        with self._lock:
            self._cancel_handle()
            now = time.monotonic()
            if not self._pending:
                self._since = now
            self._pending = True
            wait = min(self.delay, self._since + self.max_wait - now)
            if self.delay <= 0 or wait <= 0:
                self._fire()
                return
            loop = _running_loop()
            if loop is not None:
                self._handle = loop.call_later(wait, self._fire)
            else:
                timer = threading.Timer(wait, self._fire)
                timer.daemon = True
                self._handle = timer
                timer.start()

    def flush(self) -> None:
        """Run a pending call now (no-op when nothing is pending)."""
        with self._lock:
            self._cancel_handle()
            self._fire()

    def cancel(self) -> None:
        with self._lock:
            self._cancel_handle()
            self._pending = False
            self._since = None

    def _cancel_handle(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _fire(self) -> None:
        with self._lock:
            if not self._pending:
                return
            self._pending = False
            self._since = None
            self._handle = None
            self.func()
