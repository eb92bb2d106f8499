"""Page furniture: what a feed leaves in article text that is not the article.

Rules look at the shape of a paragraph (code-likeness, counters, timestamps, tag slugs,
capitals, length, punctuation) and at its position (furniture clusters at the head and the
tail), never at the wording of particular articles. The few words used are generic web-page
vocabulary ("views", "Tags", "Read more", "Next"), in any site's template.
"""

from __future__ import annotations

import re

from parallax.clean.repair import count_words, ends_complete

# Counters and what they count.
_COUNT_NOUNS = r"(?:views?|reads?|comments?|shares?|likes?|replies|reactions|visits)"
_COUNTER = re.compile(rf"^[•·|\-–—\s]*+\d[\d\s,.]*+[kKmM]?\s*+{_COUNT_NOUNS}\s*+$", re.IGNORECASE)
# A related-article teaser ends with a publication stamp and/or a counter:
# "... on May 910.02.25, 09:59 • 25574 views", "... 14.02.25, 17:10".
_STAMP_TAIL = re.compile(
    rf"(?:\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}},?\s*+\d{{1,2}}:\d{{2}})\s*+(?:[•·|][\d,.\s]++{_COUNT_NOUNS})?\s*+$"
    rf"|[•·|]\s*+\d[\d,.\s]*+{_COUNT_NOUNS}\s*+$",
    re.IGNORECASE,
)
# "Read More: ...", "RELATED: ...", "See also: ..." inserts, possibly inside quotes.
_INSERT = re.compile(
    r"^[\"'“‘(\[]*\s*(?:read|see|watch|listen|also read|read also|related|more|click)"
    r"(?:\s++(?:more|also|next|here|this|story|stories|article|coverage))?\s*+[:|>»\-–—]",
    re.IGNORECASE,
)
# Photo, image and video credits.
_CREDIT = re.compile(
    r"^[(\[]?\s*(?:photo|photos|photograph|image|images|picture|video|file photo|credit|source|illustration)"
    r"(?:\s+(?:credit|by|courtesy))?\s*[:/©]\s*\S.{0,80}$|^©\s*\S.{0,80}$",
    re.IGNORECASE,
)
# Calls to act on the page rather than sentences of the article.
_CALL_TO_ACTION = re.compile(
    r"^(?:share (?:this|on|via)|subscribe|sign up|sign in|log in|follow (?:us|me)|click here|tap here"
    r"|download (?:our|the)|get (?:our|the latest)|story continues|continue reading|skip (?:to|ad)"
    r"|email this|comment on this|leave a comment|listen to (?:this )?article|please enable javascript)\b",
    re.IGNORECASE,
)
# One- to three-word widget labels.
_WIDGET = re.compile(
    r"^(?:share|print|email|advertisement|sponsored|loading|menu|close|search|login|comments?|reply"
    r"|view comments|show comments|listen|play|copy link)\W*$",
    re.IGNORECASE,
)
# Section markers of a page's tail: what follows them is other pages' teasers, tags or widgets.
TAIL_MARKERS = frozenset(
    {
        "tags", "tagged", "topics", "keywords", "prev", "previous", "next", "next up", "up next",
        "related", "related articles", "related stories", "related news", "related content",
        "read more", "read next", "more stories", "more news", "more from", "recommended",
        "recommended for you", "you may also like", "you might also like", "most read", "most popular",
        "popular", "trending", "trending now", "latest news", "comments", "share this", "share this article",
        "share", "what to read next", "also read", "see also", "further reading", "about the author",
        "previous article", "next article", "previous post", "next post", "previous story", "next story",
        "older post", "newer post",
    }
)  # fmt: skip
# Page stamps: "This article is more than 2 years old", "Last updated Monday, at noon".
_PAGE_STAMP = re.compile(
    r"^(?:this (?:article|story|post|page) is (?:more than |over )?\d+ \w+ old|last updated|updated on|posted on)\b",
    re.IGNORECASE,
)
_BARE_URL = re.compile(r"(?:https?://|www\.)\S+")
# Media players' and galleries' labels: "Media caption ...", "Enlarge this image", "toggle caption".
_CAPTION_LABEL = re.compile(
    r"^(?:media playback is unsupported|(?:media|image|video) (?:caption|copyright)|enlarge this image"
    r"|toggle caption|hide caption)\b",
    re.IGNORECASE,
)
# A labelled list of a page's tail: "Tags: a, b, c", "Filed under: x".
_LABELLED_LIST = re.compile(
    r"^(?:tags|tagged|topics|keywords|filed under|categories)\s*:\s*\S", re.IGNORECASE
)
# A wire story's credit line: "(Reporting by A in X; Editing by B)", "(Additional reporting by C)".
_WIRE_CREDIT = re.compile(r"^\((?:[\w-]+ ){0,2}?(?:[\w-]+(?:ing|ed) )?by [A-Z][^()]*\)\.?$")
# The footer feeds add to each item: "The post <title> appeared first on <site>."
FEED_FOOTER = re.compile(r"^The post .+ appeared first on (?P<site>[^.].{0,60}?)\.?$")
_TAG_SLUG = re.compile(r"^(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)(?P<label>[A-Z][\w'’.-]*(?:\s+[\w'’.-]+)*)$")
# A camel hump ("rP" in "WarPolitics"), and a second lower-to-upper step after it.
_CAMEL_HUMP = re.compile(r"[a-z][A-Z][a-z]")
_LOWER_UPPER = re.compile(r"[a-z][A-Z]")
_CODE_WORD = re.compile(
    r"function\s*\(|=>|\bvar\s++\w++\s*+=|\bdocument\.|\bwindow\.|</?script|@media|!important"
)
_PROMO_START = re.compile(
    r"^(?:CLICK|TAP|WATCH|READ|SEE|LISTEN|SIGN|SUBSCRIBE|JOIN|GET|DOWNLOAD|FOLLOW|SHOP|BUY)\b"
)
_WORD = re.compile(r"[^\W\d_]+")
# The shape rules below judge short lines; a longer paragraph is only tested for code and links.
_SHAPE_LIMIT = 1000


def is_code(block: str) -> bool:
    """Pasted JavaScript or CSS: dense in braces, semicolons and assignments, not in words."""
    symbols = sum(block.count(c) for c in "{};=<>") + block.count("();")
    words = len(_WORD.findall(block)) or 1
    if _CODE_WORD.search(block) and symbols >= 3:
        return True
    return symbols >= 6 and symbols / words > 0.25


def is_url_list(block: str) -> bool:
    """A paragraph that is mostly links."""
    urls = re.findall(r"https?://\S+|www\.\S+", block)
    return bool(urls) and sum(len(u) for u in urls) > 0.5 * len(block)


def is_bare_url(block: str) -> bool:
    """A line that is one link and nothing else: in the body, a source or a shop link the article gives."""
    return bool(_BARE_URL.fullmatch(block))


def is_tag_line(block: str) -> bool:
    """Tag lists: slug-glued tags ("some-slugSome Slug") or glued category runs ("WarPoliticsNews")."""
    if ends_complete(block) or count_words(block) > 6:
        return False
    first = block.split()[0]
    slug = _TAG_SLUG.match(block)
    if slug:
        label = slug.group("label")
        same = re.sub(r"[\W_]+", "-", label.lower()).strip("-") == slug.group("slug")
        return same or all(w[:1].isupper() or w[:1].isdigit() for w in label.split())
    if not first.isascii() or "/" in first:
        return False
    hump = _CAMEL_HUMP.search(first)
    return bool(hump and _LOWER_UPPER.search(first, hump.end() - 1))


def is_promo_caps(block: str) -> bool:
    """An all-capitals promotion ("SOME PROMO: A, B, AND C", "CLICK HERE FOR ..."), not a subheading."""
    if not 3 <= len(block.split()) <= 25 or not (":" in block or _PROMO_START.match(block)):
        return False
    letters = [c for c in block if c.isalpha()]
    return len(letters) >= 10 and sum(c.isupper() for c in letters) / len(letters) >= 0.9


def is_furniture(block: str) -> bool:
    """Whether a paragraph is furniture wherever it stands (bare links only at the edges: see drop_furniture)."""
    if is_code(block) or (is_url_list(block) and not is_bare_url(block)):
        return True
    if len(block) > _SHAPE_LIMIT:
        return False
    words = count_words(block)
    return (
        (words <= 60 and bool(_CAPTION_LABEL.match(block)))
        or (words <= 12 and bool(_PAGE_STAMP.match(block)))
        or bool(_COUNTER.match(block))
        or (words <= 60 and bool(_STAMP_TAIL.search(block)))
        or (words <= 25 and bool(_INSERT.match(block)))
        or (words <= 15 and bool(_CREDIT.match(block)))
        or (words <= 12 and bool(_CALL_TO_ACTION.match(block)))
        or (words <= 60 and bool(_WIRE_CREDIT.match(block) or FEED_FOOTER.match(block)))
        or bool(_WIDGET.match(block))
        or is_tag_line(block)
        or is_promo_caps(block)
    )


def is_tail_marker(block: str) -> bool:
    """A tail section heading ("Tags", "NEXT UP", "Previous article") or a labelled tag list ("Tags: a, b")."""
    if block.strip(" :•·|-–—»>").lower() in TAIL_MARKERS:
        return True
    return count_words(block) <= 30 and bool(_LABELLED_LIST.match(block)) and not ends_complete(block)


def is_prose(block: str) -> bool:
    """A paragraph of article text: a complete sentence of some length, or a long run of words."""
    words = count_words(block)
    return (ends_complete(block) and words >= 6 and not block.endswith(":")) or words >= 15


def drop_furniture(blocks: list[str]) -> list[str]:
    """Remove furniture paragraphs, and the whole tail from a tail marker in the second half.

    Bare link lines are dropped only at the edges (before the first or after the last other
    paragraph): inside the body a bare URL is part of the article (a source, a shop link).
    """
    total = sum(len(b) for b in blocks) or 1
    kept: list[str] = []
    seen = 0
    for block in blocks:
        if is_tail_marker(block):
            if seen > total / 2 and kept:
                break
            seen += len(block)
            continue
        seen += len(block)
        if not is_furniture(block):
            kept.append(block)
    start, end = 0, len(kept)
    while start < end and is_bare_url(kept[start]):
        start += 1
    while end > start and is_bare_url(kept[end - 1]):
        end -= 1
    return kept[start:end]


def is_widget_line(block: str) -> bool:
    """A short label or prompt ("Edit my interests", "Saved for later:"), not a sentence or list item."""
    words = count_words(block)
    if not block[:1].isupper() or any(c.isdigit() for c in block):
        return False
    if block.endswith(":"):
        return words <= 7 and len(block) <= 60
    return words <= 3 and len(block) <= 30 and (words > 1 or len(block) <= 15)


def strip_tail(blocks: list[str]) -> list[str]:
    """Drop the cluster of short widget lines after the article's last paragraph."""
    end = len(blocks)
    while end > 1 and is_widget_line(blocks[end - 1]):
        end -= 1
    return blocks[:end]
