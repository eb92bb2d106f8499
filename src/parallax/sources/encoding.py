"""Bytes to text: BOMs, declared charsets, UTF-16 without a BOM, and best-effort guessing.

News files arrive in every legacy encoding (cp1251 Russian feeds, cp1252 pages that
claim ISO-8859-1, UTF-16 exports from Windows tools). The order below trusts the
strongest evidence first, and decoding never raises: at worst undecodable bytes become
U+FFFD, which the caller can see in the text.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x7fELF", "an executable"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive"),
)

# WHATWG: labels that browsers decode as windows-1252, because pages that say latin-1 mean it.
LATIN1_LABELS = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii"})

# Legacy encodings by share of web pages (W3Techs), used to break charset-normalizer's ties.
WEB_PREVALENCE = (
    "cp1252",
    "cp1251",
    "gb18030",
    "gbk",
    "shift_jis",
    "euc_kr",
    "cp1250",
    "big5",
    "euc_jp",
    "cp1256",
)

# Declared labels never trusted (WHATWG does the same): a UTF-16/32 declaration that can be
# read as ASCII is false by construction, UTF-7 and the escape codecs rewrite text, and the
# rest are not text encodings at all.
UNTRUSTED_PREFIXES = ("utf-16", "utf_16", "utf-32", "utf_32", "utf-7", "utf_7")
UNTRUSTED_CODECS = frozenset({"idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined"})

DECLARED_RE = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)


def split_bom(data: bytes) -> tuple[str | None, bytes]:
    """The encoding a byte-order mark names, and the bytes after it."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return name, data[len(bom) :]
    return None, data


def guess_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.6 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.6 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def describe_binary(head: bytes) -> str | None:
    """What a non-text file is ("a PNG image", "binary data"), or None when it looks like text."""
    for magic, what in MAGIC:
        if head.startswith(magic):
            return what
    if split_bom(head)[0] or guess_utf16(head):
        return None
    sample = head[:4096]
    if b"\x00" in sample:
        return "binary data"
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    if sample and controls > 0.1 * len(sample):
        return "binary data"
    return None


def find_declared(head: bytes) -> str | None:
    """The charset a page or XML declaration states in its first bytes, normalised to a codec name."""
    match = DECLARED_RE.search(head[:4096])
    if not match:
        return None
    label = match.group(1).decode("ascii", "ignore").lower()
    if label in LATIN1_LABELS:
        return "cp1252"
    try:
        return trusted_codec(label)
    except LookupError:
        return None


def trusted_codec(label: str) -> str | None:
    """The codec name for a declared charset, or None when such a declaration is never believed."""
    name = codecs.lookup(label).name
    if name.startswith(UNTRUSTED_PREFIXES) or name.replace("_", "-") in UNTRUSTED_CODECS:
        return None
    return name


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` and say how: BOM, then valid UTF-8, then the declared charset, then a guess.

    Returns (text, encoding). Never raises.
    """
    bom_encoding, body = split_bom(data)
    if bom_encoding:
        return body.decode(bom_encoding, errors="replace"), bom_encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for candidate in (declared, find_declared(data)):
        if candidate and candidate not in ("utf-8", "utf_8"):
            try:
                codec = trusted_codec(candidate)
                if codec:
                    return data.decode(codec), codec
            except (UnicodeError, LookupError):
                continue
    utf16 = guess_utf16(data)
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    multibyte = sum(1 for ch in lenient if ord(ch) > 127) - bad
    if multibyte >= bad:  # mostly real UTF-8 with a few broken bytes
        return lenient, "utf-8"
    guessed = guess_legacy(data)
    return data.decode(guessed, errors="replace"), guessed


def guess_legacy(data: bytes) -> str:
    """charset-normalizer's guess; among candidates it cannot tell apart, the one most used on the web.

    Short Western European text reads equally well as cp1250, cp1252 or cp1257, and
    charset-normalizer then returns the first of them; cp1252 is by far the likeliest.
    """
    matches = list(from_bytes(data[:262144]))
    if not matches:
        return "cp1252"
    best = matches[0]
    tied = {
        m.encoding for m in matches if m.chaos <= best.chaos + 0.01 and m.coherence >= best.coherence - 0.01
    }
    return next((name for name in WEB_PREVALENCE if name in tied), best.encoding)
