"""Images that never shift the page: width and height written from the image file itself.

With both attributes (and ``height: auto`` in the CSS) the browser reserves an image's box before
it loads, so lazy images on slow phones do not push the text around (no layout shift). The header
readers below know PNG, GIF, JPEG and WebP; anything else is left as it was.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _le(data: bytes) -> int:
    return int.from_bytes(data, "little")


def _be(data: bytes) -> int:
    return int.from_bytes(data, "big")


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker in (0x01, 0xD8) or 0xD0 <= marker <= 0xD7:  # markers without a length
            i += 2
            continue
        if marker in _JPEG_SOF:
            return _be(data[i + 7:i + 9]), _be(data[i + 5:i + 7])
        i += 2 + _be(data[i + 2:i + 4])
    return None


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) in pixels read from an image's header, or None for unknown formats."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return _be(data[16:20]), _be(data[20:24])
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return _le(data[6:8]), _le(data[8:10])
    if data[:2] == b"\xff\xd8":
        return _jpeg_size(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        chunk = data[12:16]
        if chunk == b"VP8 " and len(data) >= 30:
            return _le(data[26:28]) & 0x3FFF, _le(data[28:30]) & 0x3FFF
        if chunk == b"VP8L" and len(data) >= 25:
            bits = _le(data[21:25])
            return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
        if chunk == b"VP8X" and len(data) >= 30:
            return _le(data[24:27]) + 1, _le(data[27:30]) + 1
    return None


def local_image(src: str, source_path: str, content_root: str) -> Path | None:
    """The file behind an <img src> as written in Markdown ({static}/images/x.jpg, /images/x.jpg, x.jpg)."""
    for prefix in ("{static}", "{attach}", "|static|", "|attach|"):
        src = src.removeprefix(prefix)
    if not src or "://" in src or src.startswith(("data:", "//")):
        return None
    path = Path(content_root) / src.lstrip("/") if src.startswith("/") else Path(source_path).parent / src
    return path if path.is_file() else None


def image_dimensions(html: str, content, settings) -> str:
    """Add width/height to local images that lack them (idempotent: present values are kept)."""
    if "<img" not in html:
        return html
    soup = BeautifulSoup(html, "html.parser")
    changed = False
    for img in soup.find_all("img"):
        if img.has_attr("width") and img.has_attr("height"):
            continue
        path = local_image(img.get("src", ""), getattr(content, "source_path", "") or "", settings["PATH"])
        size = image_size(path.read_bytes()[:65536]) if path else None
        if size:
            img.attrs.setdefault("width", str(size[0]))
            img.attrs.setdefault("height", str(size[1]))
            changed = True
    return str(soup) if changed else html
