"""Decoding a page: which encoding, which line ends, and clear refusals."""

from __future__ import annotations

import pytest

from hub_content.errors import ContentError
from newsimport.decode import decode_page

PAGE = "“乘”心如意 S228路社区接驳巴士开通\n\n本报讯 新线路首末班时间为6:15~20:30。\n"


@pytest.mark.parametrize(
    ("data", "encoding", "line_ends"),
    [
        (PAGE.encode("utf-8"), "UTF-8", "LF"),
        (b"\xef\xbb\xbf" + PAGE.encode("utf-8"), "UTF-8 with BOM", "LF"),
        (PAGE.replace("\n", "\r\n").encode("utf-8"), "UTF-8", "CRLF"),
        (PAGE.replace("\n", "\r").encode("utf-8"), "UTF-8", "CR"),
        (PAGE.encode("gbk"), "GBK", "LF"),
        (("刘䶮" + PAGE).encode("gb18030"), "GB18030", "LF"),  # 䶮 is outside GBK
        (PAGE.replace("\n", "\r\n").encode("gb18030"), "GBK", "CRLF"),  # GBK-range text names the narrower codec
    ],
)
def test_encodings(data: bytes, encoding: str, line_ends: str) -> None:
    decoded = decode_page(data, "page.txt")
    assert decoded.encoding == encoding
    assert decoded.line_ends == line_ends
    assert "\r" not in decoded.text
    assert "S228路社区接驳巴士开通" in decoded.text
    assert not decoded.text.startswith("\ufeff")


def test_u3000_and_fullwidth_are_kept() -> None:
    text = "\u3000\u3000Ｋ１２路，６：３０～２１：００。"
    assert decode_page(text.encode("utf-8"), "p.txt").text == text


def test_form_feed_keeps_line_numbers() -> None:
    assert decode_page("一\f\n二\n".encode(), "p.txt").text == "一 \n二\n"


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (b"", 1, "empty"),
        (b"  \n\r\n\t ", 1, "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 3, "binary"),
        ("第一行\n第二行".encode() + b"\x00\x01", 2, "binary"),
        (bytes(range(1, 32)) * 4, 1, "binary"),
        ("测试".encode("utf-16"), 1, "UTF-16"),
        ("第一行\n第二行\n".encode() + b"\xff\xfe\xff" + "第三行".encode(), 3, "neither UTF-8 nor GB18030"),
        (b"\xef\xbb\xbf" + "第一行\n".encode() + b"\xb5\xda", 2, "not UTF-8"),
    ],
)
def test_refusals_name_file_and_line(data: bytes, line: int, words: str) -> None:
    with pytest.raises(ContentError) as caught:
        decode_page(data, "pages/bad.txt")
    (problem,) = caught.value.problems
    assert problem.path == "pages/bad.txt"
    assert problem.line == line
    assert words in problem.problem
    assert str(problem).startswith(f"pages/bad.txt:{line}: ")
    assert " — " in str(problem)
