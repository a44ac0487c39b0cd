"""Deterministic generated A4 pages for tests, the fake scanner and benchmarks (scan-print.md §6).

Each page looks like a scan: paper tint, a slight blur and Gaussian noise (σ=5), drawn at the
requested dpi with the bundled Liberation Serif (full Vietnamese). The same arguments always give
the same pixels (seeded noise), so sizes measured on them are reproducible.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from app.resources import resource_path

A4_MM = (210.0, 297.0)
PAPER = (247, 244, 236)  # slightly warm office paper
INK = (28, 28, 32)
SEAL_RED = (206, 32, 38)
SIGN_BLUE = (30, 50, 160)

_PARAGRAPHS = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025; căn cứ Nghị định "
    "số 118/2025/NĐ-CP ngày 09 tháng 6 năm 2025 của Chính phủ về thực hiện thủ tục hành chính "
    "theo cơ chế một cửa, một cửa liên thông tại Bộ phận Một cửa và Cổng Dịch vụ công quốc gia.",
    "Tôi tên là Nguyễn Thị Ánh Tuyết, sinh ngày 14 tháng 8 năm 1987, số định danh cá nhân "
    "001187012345, nơi thường trú: thôn Đông Hưng, xã Quỳnh Phụ, tỉnh Hưng Yên. Đề nghị Ủy ban "
    "nhân dân xã chứng thực bản sao từ bản chính các giấy tờ kèm theo đơn này.",
    "Người yêu cầu cam đoan những thông tin khai trên đây là đúng sự thật, chịu trách nhiệm "
    "trước pháp luật về tính chính xác, hợp pháp của giấy tờ đã xuất trình; đồng ý để cơ quan "
    "tiếp nhận số hóa hồ sơ, lưu trữ và tái sử dụng dữ liệu theo quy định hiện hành.",
    "Hồ sơ gồm: tờ khai đăng ký khai sinh; giấy chứng sinh; văn bản ủy quyền có chứng thực; "
    "giấy tờ tùy thân của người đi đăng ký; sổ hộ khẩu hoặc xác nhận thông tin về cư trú. Thời "
    "hạn giải quyết: ngay trong ngày làm việc; trường hợp nhận hồ sơ sau 15 giờ thì trả kết quả "
    "trong ngày làm việc tiếp theo. Lệ phí: miễn theo quy định của Hội đồng nhân dân tỉnh.",
)


def a4_size(dpi: int) -> tuple[int, int]:
    """Pixel size of an A4 page at ``dpi`` (1654×2339 at 200 dpi)."""
    return (round(A4_MM[0] / 25.4 * dpi), round(A4_MM[1] / 25.4 * dpi))


@cache
def _font(px: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
    return ImageFont.truetype(str(resource_path("fonts", name)), px)


def _pt(dpi: int, points: float) -> int:
    return max(6, round(points / 72.0 * dpi))


def _mm(dpi: int, mm: float) -> int:
    return round(mm / 25.4 * dpi)


def _wrap(
    draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int
) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and draw.textlength(trial, font=font) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


def _header(draw: ImageDraw.ImageDraw, dpi: int, width: int) -> int:
    """The two-column national header; returns the y below it."""
    bold = _font(_pt(dpi, 13), bold=True)
    reg = _font(_pt(dpi, 13))
    top = _mm(dpi, 18)
    left_c, right_c = _mm(dpi, 55), width - _mm(dpi, 62)
    for i, (text, font) in enumerate((("ỦY BAN NHÂN DÂN", reg), ("XÃ QUỲNH PHỤ", bold))):
        draw.text((left_c, top + i * _pt(dpi, 16)), text, font=font, fill=INK, anchor="mt")
    lines = (("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold), ("Độc lập - Tự do - Hạnh phúc", bold))
    for i, (text, font) in enumerate(lines):
        draw.text((right_c, top + i * _pt(dpi, 16)), text, font=font, fill=INK, anchor="mt")
    y = top + 2 * _pt(dpi, 16) + _mm(dpi, 1)
    draw.line(
        (right_c - _mm(dpi, 25), y, right_c + _mm(dpi, 25), y), fill=INK, width=max(1, dpi // 100)
    )
    title_y = top + _mm(dpi, 22)
    draw.text(
        (width // 2, title_y),
        "ĐƠN ĐỀ NGHỊ CHỨNG THỰC BẢN SAO TỪ BẢN CHÍNH",
        font=_font(_pt(dpi, 14), bold=True),
        fill=INK,
        anchor="mt",
    )
    return title_y + _mm(dpi, 12)


def _body(draw: ImageDraw.ImageDraw, dpi: int, width: int, y: int, max_lines: int) -> int:
    font = _font(_pt(dpi, 13))
    margin_l, margin_r = _mm(dpi, 30), _mm(dpi, 20)
    step = _pt(dpi, 19)  # 13 pt text, roughly 1.45 line spacing
    count = 0
    para = 0
    while count < max_lines:
        for line in _wrap(
            draw, _PARAGRAPHS[para % len(_PARAGRAPHS)], font, width - margin_l - margin_r
        ):
            if count >= max_lines:
                break
            draw.text((margin_l, y), line, font=font, fill=INK)
            y += step
            count += 1
        para += 1
        y += step // 3
    return y


def _finish(img: Image.Image, dpi: int, seed: int, skew_deg: float = 0.0) -> Image.Image:
    """Scanner look: optional skew, blur ≈0.9 px at 300 dpi, Gaussian noise σ=5."""
    if skew_deg:
        img = img.rotate(skew_deg, Image.Resampling.BICUBIC, expand=False, fillcolor=PAPER)
    img = img.filter(ImageFilter.GaussianBlur(0.9 * dpi / 300.0))
    rng = np.random.default_rng(seed)
    arr = np.asarray(img, dtype=np.int16)
    noise = rng.normal(0.0, 5.0, size=arr.shape[:2]).astype(np.int16)  # same noise on R, G, B
    arr = np.clip(arr + noise[:, :, None], 0, 255).astype(np.uint8)
    return Image.fromarray(arr, "RGB")


def text_page(dpi: int = 200, skew_deg: float = 0.0) -> Image.Image:
    """A dense typed Vietnamese form (~28 lines of 13 pt), RGB, optionally rotated by ``skew_deg``."""
    size = a4_size(dpi)
    img = Image.new("RGB", size, PAPER)
    draw = ImageDraw.Draw(img)
    y = _header(draw, dpi, size[0])
    y = _body(draw, dpi, size[0], y, max_lines=28)
    font = _font(_pt(dpi, 13))
    draw.text(
        (size[0] - _mm(dpi, 60), y + _mm(dpi, 8)), "NGƯỜI YÊU CẦU", font=font, fill=INK, anchor="mt"
    )
    draw.text(
        (size[0] - _mm(dpi, 60), y + _mm(dpi, 30)),
        "Nguyễn Thị Ánh Tuyết",
        font=font,
        fill=INK,
        anchor="mt",
    )
    return _finish(img, dpi, seed=1000 + dpi, skew_deg=skew_deg)


def seal_box(dpi: int) -> tuple[int, int, int]:
    """Centre x, centre y and outer radius (px) of the red seal on :func:`seal_page`."""
    width, height = a4_size(dpi)
    return (width - _mm(dpi, 65), height - _mm(dpi, 50), _mm(dpi, 20))


def photo_box(dpi: int) -> tuple[int, int, int, int]:
    """Left, top, right, bottom (px) of the 3×4 cm grey photo on :func:`seal_page`."""
    left, top = _mm(dpi, 30), _mm(dpi, 62)
    return (left, top, left + _mm(dpi, 30), top + _mm(dpi, 40))


def _seal(draw: ImageDraw.ImageDraw, dpi: int) -> None:
    cx, cy, r = seal_box(dpi)
    ring = max(2, _mm(dpi, 1.1))
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=SEAL_RED, width=ring)
    r2 = r - _mm(dpi, 5)
    draw.ellipse((cx - r2, cy - r2, cx + r2, cy + r2), outline=SEAL_RED, width=max(1, ring // 2))
    small = _font(_pt(dpi, 7), bold=True)
    text = "ỦY BAN NHÂN DÂN XÃ QUỲNH PHỤ * TỈNH HƯNG YÊN *"
    for i, ch in enumerate(text):  # letters around the ring
        angle = -math.pi / 2 + 2 * math.pi * i / len(text)
        rr = (r + r2) / 2
        draw.text(
            (cx + rr * math.cos(angle), cy + rr * math.sin(angle)),
            ch,
            font=small,
            fill=SEAL_RED,
            anchor="mm",
        )
    star = []
    for k in range(10):  # five-pointed star in the middle
        rad = _mm(dpi, 6) if k % 2 == 0 else _mm(dpi, 2.4)
        a = -math.pi / 2 + k * math.pi / 5
        star.append((cx + rad * math.cos(a), cy + rad * math.sin(a)))
    draw.polygon(star, fill=SEAL_RED)


def _photo(img: Image.Image, dpi: int) -> None:
    left, top, right, bottom = photo_box(dpi)
    w, h = right - left, bottom - top
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    grad = 150.0 + 60.0 * (yy / h) - 20.0 * (xx / w)  # studio background
    face = ((xx - w / 2) / (w * 0.23)) ** 2 + ((yy - h * 0.38) / (h * 0.2)) ** 2 < 1.0
    body = ((xx - w / 2) / (w * 0.45)) ** 2 + ((yy - h * 1.05) / (h * 0.42)) ** 2 < 1.0
    grad = np.where(face, 205.0 - 30.0 * (xx / w), grad)
    grad = np.where(body, 70.0 + 25.0 * (yy / h), grad)
    grey = np.clip(grad, 0, 255).astype(np.uint8)
    img.paste(Image.fromarray(np.stack([grey, grey, grey], axis=2), "RGB"), (left, top))


def _signature(draw: ImageDraw.ImageDraw, dpi: int, x0: int, y0: int) -> None:
    pts = []
    span = _mm(dpi, 45)
    for i in range(200):
        t = i / 199.0
        x = x0 + span * t
        y = y0 + _mm(dpi, 5) * math.sin(t * 9.0) * (1.2 - t) + _mm(dpi, 3) * math.sin(t * 23.0)
        pts.append((x, y))
    draw.line(pts, fill=SIGN_BLUE, width=max(2, dpi // 75), joint="curve")


def seal_page(dpi: int = 150) -> Image.Image:
    """A certified copy: text, a red round seal, a grey 3×4 photo and a blue signature, RGB."""
    size = a4_size(dpi)
    img = Image.new("RGB", size, PAPER)
    draw = ImageDraw.Draw(img)
    y = _header(draw, dpi, size[0])
    left, _top, right, bottom = photo_box(dpi)
    _photo(img, dpi)
    font = _font(_pt(dpi, 13))
    tx = right + _mm(dpi, 8)
    for i, line in enumerate(
        (
            "Họ và tên: NGUYỄN THỊ ÁNH TUYẾT",
            "Ngày sinh: 14/08/1987   Giới tính: Nữ",
            "Số định danh: 001187012345",
            "Quê quán: xã Quỳnh Phụ, tỉnh Hưng Yên",
            "Nơi thường trú: thôn Đông Hưng",
        )
    ):
        draw.text((tx, y + i * _pt(dpi, 20)), line, font=font, fill=INK)
    _body(draw, dpi, size[0], max(bottom, y) + _mm(dpi, 10), max_lines=10)
    cx, cy, r = seal_box(dpi)
    draw.text((cx, cy - r - _mm(dpi, 14)), "TM. ỦY BAN NHÂN DÂN", font=font, fill=INK, anchor="mt")
    draw.text(
        (cx, cy - r - _mm(dpi, 8)),
        "CHỦ TỊCH",
        font=_font(_pt(dpi, 13), True),
        fill=INK,
        anchor="mt",
    )
    _signature(draw, dpi, cx - _mm(dpi, 10), cy)
    _seal(draw, dpi)  # the seal is stamped over the signature, as in real life
    draw.text(
        (cx, cy + r + _mm(dpi, 6)),
        "Trần Văn Bình",
        font=_font(_pt(dpi, 13), True),
        fill=INK,
        anchor="mt",
    )
    del left
    return _finish(img, dpi, seed=2000 + dpi)


def blank_page(dpi: int = 200) -> Image.Image:
    """The empty back side of a sheet: paper tint, noise and a few small specks, RGB."""
    size = a4_size(dpi)
    img = Image.new("RGB", size, PAPER)
    draw = ImageDraw.Draw(img)
    rng = np.random.default_rng(3000 + dpi)
    for _ in range(6):
        x, y = int(rng.integers(0, size[0])), int(rng.integers(0, size[1]))
        r = int(rng.integers(1, max(2, dpi // 100) + 1))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(90, 90, 90))
    return _finish(img, dpi, seed=3000 + dpi)
