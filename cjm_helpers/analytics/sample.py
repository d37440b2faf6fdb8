"""A seeded synthetic event log for the online language course (the course's running example).

The story behind the numbers: people see an ad or search for a course, some
compare the offers, some ask support a question, some subscribe, take a first
lesson, keep learning and renew after a month. Comparing offers loses most
people (the offers are hard to compare, worse on mobile); asking support helps.
A few referred users subscribe without comparing (a skipped stage), and some
compare before they search (an out-of-order step). The same seed always gives
the same log.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from .events import load_events

SAMPLE_FILE = "language_course_events.csv"
SAMPLE_USERS, SAMPLE_SEED = 1200, 2024

CHANNELS = {"search": 0.40, "social": 0.30, "referral": 0.15, "email": 0.15}
DEVICES = {"mobile": 0.55, "desktop": 0.45}
COUNTRIES = {"UK": 0.30, "DE": 0.25, "FR": 0.20, "ES": 0.15, "PL": 0.10}
COMPARE_RATE = {"search": 0.75, "social": 0.60, "referral": 0.80, "email": 0.70}
_HOUR = np.timedelta64(1, "h")


def sample_events(users: int = SAMPLE_USERS, seed: int = SAMPLE_SEED, start: str = "2024-03-01",
                  days: int = 60) -> pd.DataFrame:
    """A synthetic event log of `users` people starting over `days` days from `start`.

    Columns: user_id, event, timestamp, channel, device, country; sorted by time.
    Events: ad_click, course_search, compare_offers, contact_support, subscribe,
    first_lesson, lesson_completed, renewal. Vectorised: a million events take a second or two.
    """
    if users < 1:
        raise ValueError(f"users must be at least 1, got {users}")
    rng = np.random.default_rng(seed)
    n = users
    channel = _choice(rng, CHANNELS, n)
    device = _choice(rng, DEVICES, n)
    country = _choice(rng, COUNTRIES, n)
    origin = np.datetime64(start, "m")
    arrive = origin + (rng.random(n) * days * 24 * 60).astype("timedelta64[m]")

    parts: list[tuple[np.ndarray, str, np.ndarray]] = []   # (user index, event, time)

    def add(who: np.ndarray, event: str, when: np.ndarray) -> None:
        parts.append((who, event, when.astype("datetime64[m]")))

    everyone = np.arange(n)
    via_ad = (channel == "social") | ((channel == "search") & (rng.random(n) < 0.5))
    add(everyone[via_ad], "ad_click", arrive[via_ad])
    add(everyone[~via_ad], "course_search", arrive[~via_ad])
    # more searching in the days after (repeated events)
    repeat = rng.poisson(0.6, n)
    who = np.repeat(everyone, repeat)
    add(who, "course_search", arrive[who] + _hours(rng, 20, len(who)))

    # a few compare offers before they ever search (out of order)
    early = rng.random(n) < 0.04
    add(everyone[early], "compare_offers", arrive[early] - _hours(rng, 30, int(early.sum())))

    # referred users may subscribe straight away, skipping the comparison
    skip = (channel == "referral") & (rng.random(n) < 0.2)
    rate = np.vectorize(COMPARE_RATE.get, otypes=[float])(channel)
    compares = ~skip & (rng.random(n) < rate)
    compared_at = arrive + _hours(rng, 20, n)
    add(everyone[compares], "compare_offers", compared_at[compares])
    again = compares & (rng.random(n) < 0.35)
    add(everyone[again], "compare_offers", compared_at[again] + _hours(rng, 10, int(again.sum())))

    asks = compares & (rng.random(n) < 0.30)
    asked_at = compared_at + _hours(rng, 5, n)
    add(everyone[asks], "contact_support", asked_at[asks])
    p_subscribe = np.where(asks, 0.45, 0.18) * np.where(device == "mobile", 0.7, 1.0)
    subscribes = (compares & (rng.random(n) < p_subscribe)) | (skip & (rng.random(n) < 0.6))
    subscribed_at = np.where(asks, asked_at, np.where(skip, arrive, compared_at)) + _hours(rng, 40, n)
    add(everyone[subscribes], "subscribe", subscribed_at[subscribes])

    starts = subscribes & (rng.random(n) < 0.85)
    started_at = subscribed_at + _hours(rng, 6, n)
    add(everyone[starts], "first_lesson", started_at[starts])

    lessons = np.where(starts & (rng.random(n) < 0.7), 1 + rng.geometric(0.3, n), 0)
    lessons = np.minimum(lessons, 8)
    who = np.repeat(everyone, lessons)
    gaps = _hours(rng, 50, len(who)).astype("timedelta64[m]").astype(np.int64)
    ends = np.cumsum(gaps)                      # lesson k of a user: the sum of their gaps so far
    block_start = np.r_[0, np.cumsum(lessons)[:-1]]
    offsets = ends - np.repeat(np.r_[0, ends][block_start], lessons)
    add(who, "lesson_completed", started_at[who] + offsets.astype("timedelta64[m]"))

    p_renew = np.where(lessons >= 3, 0.6, np.where(lessons >= 1, 0.25, 0.0))
    renews = rng.random(n) < p_renew
    renewed_at = subscribed_at + np.timedelta64(30, "D") + _hours(rng, 12, n)
    add(everyone[renews], "renewal", renewed_at[renews])

    who = np.concatenate([p[0] for p in parts])
    names = np.concatenate([np.full(len(p[0]), p[1], dtype=object) for p in parts])
    when = np.concatenate([p[2] for p in parts])
    width = len(str(n))
    ids = pd.Series(everyone).astype(str).str.zfill(width).radd("u").to_numpy()
    frame = pd.DataFrame({
        "user_id": ids[who],
        "event": names,
        "timestamp": when.astype("datetime64[s]"),
        "channel": channel[who],
        "device": device[who],
        "country": country[who],
    })
    frame = frame.sort_values(["timestamp", "user_id", "event"], kind="stable").reset_index(drop=True)
    return load_events(frame)


def sample_path() -> Path:
    """The small log shipped with the workbook (1,200 users): cjm_helpers/data/language_course_events.csv."""
    return Path(str(resources.files("cjm_helpers").joinpath("data", SAMPLE_FILE)))


def load_sample_events() -> pd.DataFrame:
    """The shipped log, loaded (the same as sample_events() with its defaults)."""
    return load_events(sample_path())


def write_sample(path: str | Path | None = None) -> Path:
    """(Re)write the shipped sample file from the generator."""
    target = Path(path) if path else sample_path()
    frame = sample_events()
    frame.to_csv(target, index=False, date_format="%Y-%m-%d %H:%M")
    return target


def _choice(rng: np.random.Generator, weights: dict[str, float], n: int) -> np.ndarray:
    return rng.choice(np.array(list(weights), dtype=object), size=n, p=list(weights.values()))


def _hours(rng: np.random.Generator, median_hours: float, n: int) -> np.ndarray:
    """Waiting times with a long tail (log-normal), as timedeltas in minutes, at least one minute."""
    minutes = np.maximum(1, np.round(rng.lognormal(np.log(median_hours * 60), 0.9, n)))
    return minutes.astype("timedelta64[m]")
