"""Bytes of a page -> text, and the name of the encoding that was used.

Rules, in order:

1. No bytes, or only whitespace: "the file is empty".
2. A UTF-16/UTF-32 byte-order mark: refused by name (those files are full of NUL bytes and
   would otherwise be called binary, which would confuse the editor).
3. A NUL byte, or more than 1% C0 control characters other than tab, newline, carriage
   return, form feed and vertical tab: "binary file" (an image or a PDF was passed).
4. Strict UTF-8 (a BOM is dropped and reported as "UTF-8 with BOM"). Chinese text in
   GB18030 is almost never valid UTF-8, so a strict UTF-8 success is a safe answer and comes
   first; no statistical guessing (charset-normalizer) is needed for our two candidates.
5. Strict GBK, then strict GB18030 (GBK is GB18030's two-byte subset; naming the narrower
   one that worked tells the editor which tool made the file). The result must look like
   Chinese text (some CJK, almost nothing unprintable), because GB18030 accepts many byte
   soups.
6. Otherwise "undecodable", naming the line of the first byte neither encoding accepts.

Line ends: ``\\r\\n`` and lone ``\\r`` become ``\\n``; form feeds (page breaks from PDF
extraction) become spaces. Nothing else is changed: normalising (NFKC) would turn
full-width punctuation into ASCII and is never done.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from hub_content.errors import ContentError, Problem

SAVE_AS_UTF8 = "save the page as UTF-8 (or GB18030) plain text and import it again"
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v"}
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


@dataclass(frozen=True)
class Decoded:
    text: str  # with "\n" line ends only
    encoding: str  # as told to the editor: "UTF-8", "UTF-8 with BOM", "GBK", "GB18030"
    line_ends: str  # "LF", "CRLF", "CR" or "mixed"


def decode_page(data: bytes, path: str) -> Decoded:
    """Decode one page; raise ContentError naming the file and line when it is not text."""
    if not data.strip():
        raise ContentError(
            Problem(path, 1, "file", "the file is empty", "export the page's text again; the file has no text")
        )
    for bom, name in (
        (b"\xff\xfe\x00\x00", "UTF-32"),
        (b"\x00\x00\xfe\xff", "UTF-32"),
        (b"\xff\xfe", "UTF-16"),
        (b"\xfe\xff", "UTF-16"),
    ):
        if data.startswith(bom):
            raise ContentError(
                Problem(path, 1, "encoding", f"the file is {name}, which the importer does not read", SAVE_AS_UTF8)
            )
    _refuse_binary(data, path)
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding = _strict(data[3:], "utf-8", path, bom=True), "UTF-8 with BOM"
    else:
        text, encoding = _guess(data, path)
    return Decoded(_normalise_line_ends(text), encoding, _line_ends(text))


def _refuse_binary(data: bytes, path: str) -> None:
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ContentError(
            Problem(
                path,
                _line_of(data, nul),
                "file",
                "the file is binary (it contains NUL bytes), not text",
                "pass the page's extracted text (.txt), not the PDF or image",
            )
        )
    controls = [i for i, b in enumerate(data[:65536]) if b < 0x20 and chr(b) not in _ALLOWED_CONTROLS]
    if len(controls) > max(1, len(data[:65536]) // 100):
        raise ContentError(
            Problem(
                path,
                _line_of(data, controls[0]),
                "file",
                "the file is binary (it is full of control characters), not text",
                "pass the page's extracted text (.txt), not the PDF or image",
            )
        )


def _guess(data: bytes, path: str) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    for codec, name in (("gbk", "GBK"), ("gb18030", "GB18030")):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _looks_like_chinese_text(text):
            return text, name
    # Point at the byte the editor should look at: UTF-8's failure when the file began as
    # good UTF-8 Chinese (a damaged UTF-8 file), else GB18030's.
    good_prefix = data[: utf8_error.start].decode("utf-8")
    if any(ord(c) > 127 for c in good_prefix):
        where = utf8_error.start
    else:
        try:
            data.decode("gb18030")
            where = utf8_error.start  # decodes, but not as Chinese text
        except UnicodeDecodeError as gb_error:
            where = gb_error.start
    raise ContentError(
        Problem(
            path,
            _line_of(data, where),
            "encoding",
            f"byte 0x{data[where]:02X} is neither UTF-8 nor GB18030 text",
            SAVE_AS_UTF8,
        )
    )


def _strict(data: bytes, codec: str, path: str, *, bom: bool) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        offset = exc.start + (3 if bom else 0)
        raise ContentError(
            Problem(
                path,
                _line_of(data, exc.start),
                "encoding",
                f"byte 0x{data[exc.start]:02X} at offset {offset} is not UTF-8, though the file starts "
                "with a UTF-8 byte-order mark",
                SAVE_AS_UTF8,
            )
        ) from None


def _looks_like_chinese_text(text: str) -> bool:
    if not _CJK.search(text):
        return False
    odd = sum(
        1
        for c in text
        if unicodedata.category(c) in {"Co", "Cn", "Cs"}
        or (unicodedata.category(c) == "Cc" and c not in _ALLOWED_CONTROLS)
    )
    return odd <= len(text) // 200


def _line_of(data: bytes, offset: int) -> int:
    # Count \n, and lone \r for old Mac files, so the line matches what editors show.
    head = data[:offset]
    return head.count(b"\n") + head.replace(b"\r\n", b"").count(b"\r") + 1


def _normalise_line_ends(text: str) -> str:
    # Form feeds (PDF page breaks) become spaces, not line breaks, so line numbers stay
    # the ones the editor's text editor shows.
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", " ").replace("\v", " ")


def _line_ends(text: str) -> str:
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    kinds = [name for name, n in (("CRLF", crlf), ("CR", cr), ("LF", lf)) if n]
    if len(kinds) > 1:
        return "mixed"
    return kinds[0] if kinds else "LF"
