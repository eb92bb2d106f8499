"""Inline HTML in text documents: crawler text whose lines still hold tags.

A line such as ``<p>The minister said <a href="...">on Monday</a> ...</p>`` reads as code
to the furniture rules and is dropped whole, so an article of such lines lost all its prose.
Here the markup goes and the prose stays: script, style and similar contents are dropped,
tags removed (block tags become line breaks), entities unescaped. The parse is libxml2's
HTML parser (through lxml, which trafilatura already needs): linear, and it recovers from
broken markup, where a regex over tags would not.
"""

from __future__ import annotations

import re

from lxml import etree

# A tag or comment opening: "<p", "</a", "<br/", "<!--". Only known element names count, so
# prose such as "a <b c" or "x<y" is not read as markup.
_TAG_OPEN = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,9})(?=[\s/>])|<!--")
# Generic HTML vocabulary, not the wording of any page.
_ELEMENTS = frozenset(
    {
        "a", "abbr", "article", "aside", "b", "blockquote", "body", "br", "caption", "center", "cite",
        "code", "dd", "del", "details", "div", "dl", "dt", "em", "figcaption", "figure", "font", "footer",
        "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "i", "iframe", "img",
        "input", "ins", "label", "li", "link", "main", "mark", "meta", "nav", "noscript", "ol", "p",
        "pre", "q", "s", "section", "small", "source", "span", "strong", "style", "sub", "summary", "sup",
        "svg", "table", "tbody", "td", "template", "tfoot", "th", "thead", "time", "title", "tr", "u",
        "ul", "video",
    }
)  # fmt: skip
# Elements whose content is never article text.
_DROPPED = frozenset(
    {"script", "style", "noscript", "template", "head", "iframe", "svg", "form", "nav", "button", "select"}
)
# Elements that stand on their own line(s).
_BLOCKS = frozenset(
    {
        "p", "div", "br", "li", "ul", "ol", "dl", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
        "table", "blockquote", "section", "article", "header", "footer", "main", "aside", "figure",
        "figcaption", "pre", "hr", "details", "summary", "caption", "body", "html",
    }
)  # fmt: skip


def has_markup(text: str) -> bool:
    """Whether the text holds an HTML tag of a known element or an HTML comment."""
    for match in _TAG_OPEN.finditer(text):
        if match.group(2) is None or match.group(2).lower() in _ELEMENTS:
            return True
    return False


def strip_markup(text: str) -> str:
    """The text of ``text`` read as HTML, without tags, entities or the contents of scripts and styles.

    Text without markup is returned as it is (entities in plain text are left alone, so that
    cleaning twice equals cleaning once), and so is text the parser cannot read to its end.
    """
    if not has_markup(text):
        return text
    parser = etree.HTMLParser(
        recover=True, remove_comments=True, remove_pis=True, no_network=True, huge_tree=True
    )
    try:
        root = etree.fromstring(f"<div>{text}</div>", parser)
    except (etree.LxmlError, ValueError):  # e.g. lone surrogates, which libxml2 cannot take
        return text
    if root is None or any(error.level_name == "FATAL" for error in parser.error_log):
        return text  # e.g. nesting past libxml2's depth limit: a partial parse would drop text
    return "".join(_text_parts(root))


def _text_parts(root: etree._Element) -> list[str]:
    """Text and tails in document order, walked without recursion (nesting depth is the page's)."""
    parts: list[str] = []
    skipping = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _DROPPED:
                skipping += 1
            elif not skipping:
                if tag in _BLOCKS:
                    parts.append("\n")
                parts.append(element.text or "")
            continue
        if tag in _DROPPED:
            skipping -= 1
        elif not skipping and tag in _BLOCKS:
            parts.append("\n")
        if not skipping and element is not root:
            parts.append(element.tail or "")
    return parts
