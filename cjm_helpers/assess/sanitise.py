"""Learner text is data: escape it, or clean HTML that must stay HTML.

    escape_text(text)   -> HTML that shows the text, every tag as literal characters
    clean_html(html)    -> the same HTML without scripts, event handlers, javascript: URLs
                           or anything else outside a small safe list (nh3, the Rust
                           ammonia sanitiser)
    escape_markdown(md) -> Markdown whose HTML shows as literal text (but for a few plain
                           formatting tags such as <b> and <li>) and whose links cannot run
                           script; the Markdown formatting (emphasis, lists) still works
    inert_tex(text)     -> the text with MathJax's active TeX commands (\\href, \\class,
                           \\newcommand, ...) broken, so typesetting cannot make a link,
                           a class, a style or a macro of them
    unescape_markdown(md) -> the text escape_markdown was given, from what it returned (for
                           reading back a table we exported)

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
# Tags a learner may use for formatting: no attributes, nothing that loads or runs.
# Any other `<` shows as the character typed. (All are in SAFE_TAGS, so clean_html keeps them.)
FORMATTING_TAGS = {"b", "i", "em", "strong", "u", "s", "del", "sub", "sup", "small", "code", "kbd",
                   "br", "hr", "p", "ul", "ol", "li", "blockquote"}
_FORMATTING_TAG = re.compile(r"</?(?:" + "|".join(sorted(FORMATTING_TAGS)) + r")\s*/?>", re.IGNORECASE)
# TeX commands with which MathJax (2 on nbgrader's pages, 3 in JupyterLab) makes a link, a
# class, an id, a style, loads an extension, or defines a macro (which could assemble the others).
ACTIVE_TEX_COMMANDS = (
    "href", "url", "class", "cssId", "style", "unicode", "require", "bbox", "mmlToken", "data",
    "htmlClass", "htmlId", "htmlStyle", "htmlData", "texttip", "mathtip", "toggle", "action",
    "newcommand", "renewcommand", "providecommand", "newenvironment", "renewenvironment",
    "def", "edef", "gdef", "xdef", "let", "futurelet", "DeclareMathOperator", "Newextarrow",
    "setOptions",
)
_ACTIVE_TEX = re.compile(r"\\(?=(?:" + "|".join(ACTIVE_TEX_COMMANDS) + r")(?![A-Za-z]))", re.IGNORECASE)


def inert_tex(text: str) -> str:
    """Break MathJax's active TeX commands: `\\href` becomes backslash, zero-width space, `href`.

    The words read the same; to MathJax it is an unknown control symbol, shown as
    typed, so no typesetting can turn a learner's text into a link or a macro.
    Works on Markdown and on rendered HTML alike (MathJax reads the text nodes).
    """
    return _ACTIVE_TEX.sub("\\" + ZERO_WIDTH_SPACE, text)


def escape_markdown(text: object) -> str:
    """Learner Markdown made inert: `&` and `<` escaped, `javascript:` links and active TeX broken.

    Only `&` and `<` are escaped, so a learner's `>` quote and `**bold**` still
    render and every tag shows as the characters they typed, but for the plain
    formatting tags of FORMATTING_TAGS (`<b>`, `<i>`, `<li>` ..., without
    attributes), which render as formatting. A zero-width space inside
    `javascript:` / `vbscript:` turns such a link into a harmless relative one
    while the words read the same; inert_tex does the same for TeX commands.
    """
    source = "" if text is None else str(text)
    pieces, start = [], 0
    for tag in _FORMATTING_TAG.finditer(source):
        pieces.append(_escape_tags(source[start:tag.start()]))
        pieces.append(tag.group(0))
        start = tag.end()
    pieces.append(_escape_tags(source[start:]))
    escaped = inert_tex("".join(pieces))
    return _ACTIVE_SCHEME.sub(lambda m: m.group(1) + ZERO_WIDTH_SPACE + m.group(2), escaped)


def _escape_tags(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


_BROKEN_SCHEME = re.compile(r"(?i)\b(java|vb)" + ZERO_WIDTH_SPACE + r"(script\s*:)")
_BROKEN_TEX = re.compile(r"\\" + ZERO_WIDTH_SPACE + r"(?=(?:" + "|".join(ACTIVE_TEX_COMMANDS) + r")(?![A-Za-z]))",
                         re.IGNORECASE)
_ESCAPED = re.compile(r"&(amp|lt);")


def unescape_markdown(markdown: str) -> str:
    """What escape_markdown was given, from what it returned: each of its steps undone, last first.

    The zero-width spaces it put into `javascript:` and active TeX commands go, then `&lt;` and
    `&amp;` become `<` and `&` again (in one pass, so a typed `&lt;` comes back as typed). A zero-width
    space the learner typed in just those places goes too; nothing else changes.
    """
    text = _BROKEN_SCHEME.sub(r"\1\2", markdown)
    text = _BROKEN_TEX.sub(lambda m: "\\", text)
    return _ESCAPED.sub(lambda m: "&" if m.group(1) == "amp" else "<", text)
