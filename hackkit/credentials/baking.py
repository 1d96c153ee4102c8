"""Baked badges: the credential carried inside its image (Open Badges 3.0 "baking").

PNG: an ``iTXt`` chunk with the keyword ``openbadgecredential``, uncompressed, holding the
credential's JSON, placed before the image data. SVG: an ``<openbadges:credential>`` element
(namespace ``https://purl.imsglobal.org/ob/v3p0``) holding it in CDATA. Reading walks the PNG's
chunks without decoding the picture, and finds the SVG element by pattern, not by an XML parser
(no entity expansion to abuse).
"""

from __future__ import annotations

import re
import struct
import zlib
from html import escape

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_KEYWORD = b"openbadgecredential"
SVG_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
MAX_CHUNKS = 10_000
_SVG_CREDENTIAL = re.compile(
    r"<openbadges:credential(?:\s[^>]*)?>\s*<!\[CDATA\[(.*?)\]\]>\s*</openbadges:credential>",
    re.DOTALL,
)


class BakingError(ValueError):
    """An image that carries no readable credential."""


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def _chunks(png: bytes):
    if not png.startswith(PNG_SIGNATURE):
        raise BakingError("not a PNG image")
    at = len(PNG_SIGNATURE)
    for _ in range(MAX_CHUNKS):
        if at + 8 > len(png):
            raise BakingError("the PNG image is cut short")
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind = png[at + 4 : at + 8]
        start, end = at + 8, at + 8 + length
        if end + 4 > len(png):
            raise BakingError("the PNG image is cut short")
        yield kind, png[start:end], at, end + 4
        if kind == b"IEND":
            return
        at = end + 4
    raise BakingError("the PNG image has too many chunks")


def bake_png(png: bytes, credential_json: str) -> bytes:
    """The PNG with the credential in an iTXt chunk right after the header (IHDR)."""
    data = PNG_KEYWORD + b"\x00" + b"\x00\x00" + b"\x00" + b"\x00" + credential_json.encode()
    for kind, _data, _start, after in _chunks(png):
        if kind == b"IHDR":
            return png[:after] + _chunk(b"iTXt", data) + png[after:]
    raise BakingError("the PNG image has no header")


def unbake_png(png: bytes) -> str:
    """The credential JSON a baked PNG carries."""
    for kind, data, _start, _after in _chunks(png):
        if kind != b"iTXt":
            continue
        keyword, _, rest = data.partition(b"\x00")
        if keyword != PNG_KEYWORD or len(rest) < 2:
            continue
        compressed, _method, rest = rest[0], rest[1], rest[2:]
        _language, _, rest = rest.partition(b"\x00")
        _translated, _, text = rest.partition(b"\x00")
        if compressed:
            try:
                text = zlib.decompressobj().decompress(text, 2_000_000)
            except zlib.error as error:
                raise BakingError("the badge's credential cannot be read") from error
        return text.decode("utf-8", errors="replace")
    raise BakingError("this image carries no credential")


def bake_svg(svg: str, credential_json: str) -> str:
    """The SVG with the credential as its first element (namespace declared on the root)."""
    close = svg.index(">", svg.index("<svg"))
    root = svg[:close]
    if "xmlns:openbadges" not in root:
        root += f' xmlns:openbadges="{escape(SVG_NAMESPACE)}"'
    payload = credential_json.replace("]]>", "]]]]><![CDATA[>")
    element = f"<openbadges:credential><![CDATA[{payload}]]></openbadges:credential>"
    return root + ">" + element + svg[close + 1 :]


def unbake_svg(svg: str) -> str:
    """The credential JSON a baked SVG carries."""
    match = _SVG_CREDENTIAL.search(svg)
    if match is None:
        raise BakingError("this image carries no credential")
    return match.group(1).replace("]]]]><![CDATA[>", "]]>")
