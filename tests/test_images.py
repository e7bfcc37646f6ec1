"""Image sizes read from file headers, written as width/height so images never shift the page."""

from __future__ import annotations

import struct
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hub_html.images import image_dimensions, image_size, local_image


def png(w: int, h: int) -> bytes:
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">II", w, h) + b"\x08\x02\x00\x00\x00"


def gif(w: int, h: int) -> bytes:
    return b"GIF89a" + struct.pack("<HH", w, h) + b"\x00\x00\x00"


def jpeg(w: int, h: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, h, w, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof + b"\xff\xd9"


def webp_vp8x(w: int, h: int) -> bytes:
    body = b"VP8X" + struct.pack("<I", 10) + b"\x00\x00\x00\x00" + (w - 1).to_bytes(3, "little") + (h - 1).to_bytes(3, "little")
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body


def webp_vp8l(w: int, h: int) -> bytes:
    bits = (w - 1) | ((h - 1) << 14)
    body = b"VP8L" + struct.pack("<I", 5) + b"\x2f" + struct.pack("<I", bits)
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body


@pytest.mark.parametrize(("data", "size"), [
    (png(1200, 800), (1200, 800)),
    (gif(64, 48), (64, 48)),
    (jpeg(1920, 1080), (1920, 1080)),
    (webp_vp8x(1280, 720), (1280, 720)),
    (webp_vp8l(300, 200), (300, 200)),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", None),
    (b"", None),
    (b"\xff\xd8\x00garbage", None),
])
def test_image_size(data, size):
    assert image_size(data) == size


@given(st.integers(1, 16383), st.integers(1, 16383))
def test_image_size_round_trips(w, h):
    for make in (png, gif, jpeg, webp_vp8x, webp_vp8l):
        assert image_size(make(w, h)) == (w, h), make.__name__


def test_dimensions_from_the_content_folder(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "bus.jpg").write_bytes(jpeg(1600, 900))
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "near.png").write_bytes(png(10, 20))
    content = SimpleNamespace(source_path=str(tmp_path / "articles" / "a.md"))
    settings = {"PATH": str(tmp_path)}
    html = ('<p><img alt="公交" src="{static}/images/bus.jpg"><img alt="x" src="near.png">'
            '<img alt="y" src="https://example.com/a.png"><img alt="z" src="/images/bus.jpg" width="320" height="180"></p>')
    out = image_dimensions(html, content, settings)
    assert '<img alt="公交" height="900" src="{static}/images/bus.jpg" width="1600"/>' in out
    assert 'height="20" src="near.png" width="10"' in out
    assert '<img alt="y" src="https://example.com/a.png"/>' in out
    assert 'width="320" height="180"' in out or 'height="180" src="/images/bus.jpg" width="320"' in out
    assert image_dimensions(out, content, settings) == out


@pytest.mark.parametrize("src", ["", "data:image/png;base64,AA", "//cdn.example/x.png", "{static}/images/missing.png"])
def test_local_image_ignores_what_is_not_a_local_file(tmp_path, src):
    assert local_image(src, str(tmp_path / "a.md"), str(tmp_path)) is None


def test_image_macro_is_responsive_and_lazy(root):
    from jinja2 import Environment, FileSystemLoader

    from hub_content.template_globals import GLOBALS

    env = Environment(loader=FileSystemLoader(root / "theme" / "templates"), autoescape=True)
    env.globals.update(GLOBALS)
    macro = env.from_string('{% import "macros/images.html" as im with context %}'
                            '{{ im.img("images/bus.jpg", "S228路", 1600, 900, [("images/bus-480.jpg", 480), '
                            '("images/bus.jpg", 1600)]) }}')
    html = macro.render(SITEURL="..")
    assert html == ('<img src="../images/bus.jpg" alt="S228路" width="1600" height="900" '
                    'srcset="../images/bus-480.jpg 480w, ../images/bus.jpg 1600w" sizes="(min-width: 48rem) 46rem, 100vw" '
                    'loading="lazy" decoding="async">')
