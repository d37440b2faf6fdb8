"""Learner text is data: escape it, or clean HTML that must stay HTML.

    escape_text(text)   -> HTML that shows the text, every tag as literal characters
    clean_html(html)    -> the same HTML without scripts, event handlers, javascript: URLs
                           or anything else outside a small safe list (nh3, the Rust
                           ammonia sanitiser)
    escape_markdown(md) -> Markdown whose HTML shows as literal text and whose links cannot
                           run script; the Markdown formatting (emphasis, lists) still works

Use escape_text for anything a learner typed (names, answers, pain points);
use clean_html for HTML that our own code rendered from learner text (for
example markdown turned into HTML), as a second line of defence.
"""

from __future__ import annotations

import html
import re

import nh3

# Tags that rendered markdown and our own reports use; nothing that runs or loads.
SAFE_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre",
    "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
}
SAFE_ATTRIBUTES = {
    "*": {"class", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align"},
}
SAFE_URL_SCHEMES = {"http", "https", "mailto", "data"}


def escape_text(text: object) -> str:
    """The text as HTML that displays it literally (quotes escaped too)."""
    return html.escape("" if text is None else str(text), quote=True)


def clean_html(markup: str) -> str:
    """HTML reduced to a safe list of tags and attributes; scripts and handlers removed."""
    return nh3.clean(
        markup or "",
        tags=SAFE_TAGS,
        attributes=SAFE_ATTRIBUTES,
        url_schemes=SAFE_URL_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=_no_data_links,
    )


def _no_data_links(element: str, attribute: str, value: str) -> str | None:
    """data: URLs only for pictures: a data: link can carry a whole HTML page."""
    if attribute == "href" and value.strip().lower().startswith("data:"):
        return None
    return value


# A URL scheme that runs or embeds content when a link is followed.
_ACTIVE_SCHEME = re.compile(r"(?i)\b(java|vb)(script\s*:)")
ZERO_WIDTH_SPACE = "\u200b"


def escape_markdown(text: object) -> str:
    """Learner Markdown made inert: `&` and `<` escaped, `javascript:` links broken.

    Only `&` and `<` are escaped, so a learner's `>` quote and `**bold**` still
    render and every tag shows as the characters they typed. A zero-width
    space inside `javascript:` / `vbscript:` turns such a link into a harmless
    relative one while the words read the same.
    """
    escaped = ("" if text is None else str(text)).replace("&", "&amp;").replace("<", "&lt;")
    return _ACTIVE_SCHEME.sub(lambda m: m.group(1) + ZERO_WIDTH_SPACE + m.group(2), escaped)
