"""The slides work offline: a built deck loads nothing from the internet, opens from
file:// in Chromium, and keeps its speaker notes."""

from __future__ import annotations

import re

import pytest

from cjm_helpers import slides
from cjm_helpers.course import load_course
from notebook_runner import ROOT

REMOTE = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.I)
IMPORTS = re.compile(r"""(?:import\s[^;]*?from\s*|import\s*\(\s*|@import\s+url\(\s*|require\(\s*\[?\s*)["']?(?:https?:)?//""", re.I)


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    out = tmp_path_factory.mktemp("slides")
    built = slides.build(out, lessons=["L01"], run=False, course=load_course(ROOT))
    return out, built[0].path


def test_deck_references_no_remote_script_or_stylesheet(deck):
    out, path = deck
    page = path.read_text("utf-8")
    assert not REMOTE.findall(page), f"remote src/href in {path.name}: {REMOTE.findall(page)[:3]}"
    assert not IMPORTS.findall(page), f"remote import in {path.name}"
    for needed in ("reveal/dist/reveal.js", "reveal/plugin/notes/notes.js", "reveal/dist/reveal.css",
                   "reveal/dist/theme/white.css"):
        assert needed in page and (out / needed).is_file(), f"{needed} not referenced or not copied"
    for css in (out / "reveal").rglob("*.css"):
        assert not IMPORTS.findall(css.read_text("utf-8")), f"{css.name} imports from the internet"
    assert (out / "reveal" / "LICENSE").is_file()


def test_deck_opens_from_file_in_chromium_with_speaker_notes(deck, chromium):
    from browser import chromium_page

    out, path = deck
    requested, errors = [], []
    with chromium_page(chromium) as page:
        page.on("request", lambda request: requested.append(request.url))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(path.as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=30_000)
        total = page.evaluate("Reveal.getTotalSlides()")
        notes = page.evaluate("Reveal.hasPlugin('notes')")
        title = page.locator(".reveal .slides section.present h1").first.inner_text()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("Reveal.getIndices().h === 1")
        quiz_notes = page.evaluate("document.querySelectorAll('.reveal aside.notes').length")
        note = page.evaluate("""() => {
            const aside = document.querySelector('.reveal aside.notes');
            const where = Reveal.getIndices(aside.closest('section'));
            Reveal.slide(where.h, where.v);
            return aside.textContent.trim();
        }""")
        with page.expect_popup(timeout=30_000) as opened:
            page.keyboard.press("s")              # the speaker view, as a presenter opens it
        speaker = opened.value
        shown = speaker.wait_for_selector(".speaker-controls-notes:not(.hidden)", timeout=30_000)
        speaker_text = shown.inner_text()
    remote = [url for url in requested if not url.startswith(("file://", "data:"))]
    assert remote == [], f"the deck asked the network for {remote[:3]}"
    assert errors == [], f"script errors in the deck: {errors[:3]}"
    assert total >= 10 and "lesson 1" in title.lower()
    assert notes, "the speaker-notes plugin is not registered (press S would do nothing)"
    assert quiz_notes >= 1, "the knowledge check's answers should be in the speaker notes"
    start = " ".join(note.split())[:40]
    assert start and start in " ".join(speaker_text.split()), (
        f"the speaker view should show the slide's notes; it shows {speaker_text[:200]!r}")
