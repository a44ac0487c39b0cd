"""Synthetic but realistic people of a northern mountain commune, for bench/store.py.

Kinh names follow the usual family-name shares (Nguyễn ≈ 38 %, Trần ≈ 11 %, Lê ≈ 9.5 %, ...);
the ethnic-minority names follow the patterns of the Hmong (Giàng A Páo, Sùng Thị Mỷ), Thái
(Lò Văn, Lường Thị, Cầm, Quàng), Tày/Nùng (Nông, Hoàng, Bế), Dao (Triệu, Bàn, Lý Láo ...) and
Mường (Bùi, Đinh, Quách) communities. Places: bản of Xã Pà Cò and neighbouring communes of
Mai Châu (Hòa Bình), plus a share of people from elsewhere. All values are NFC, as stored.

Every draw goes through the ``random.Random`` passed in, so a fixed seed gives the same people.
"""

from __future__ import annotations

import random
import unicodedata
from bisect import bisect
from dataclasses import dataclass
from datetime import date
from itertools import accumulate


def _n(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class Weighted:
    """Fast weighted choice over a fixed table (one bisect per draw)."""

    def __init__(self, table: list[tuple[str, float]]) -> None:
        self.values = [_n(v) for v, _ in table]
        self.cum = list(accumulate(w for _, w in table))
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random) -> str:
        return self.values[bisect(self.cum, rng.random() * self.total)]


def _flat(words: str) -> list[tuple[str, float]]:
    return [(w, 1.0) for w in words.split(",")]


# --- Kinh ------------------------------------------------------------------------------------

KINH_FAMILY = Weighted(
    [
        ("Nguyễn", 38.4),
        ("Trần", 11.0),
        ("Lê", 9.5),
        ("Phạm", 7.1),
        ("Hoàng", 3.5),
        ("Huỳnh", 1.6),
        ("Phan", 4.5),
        ("Vũ", 2.2),
        ("Võ", 1.7),
        ("Đặng", 2.1),
        ("Bùi", 2.0),
        ("Đỗ", 1.4),
        ("Hồ", 1.3),
        ("Ngô", 1.3),
        ("Dương", 1.0),
        ("Lý", 0.5),
        ("Đinh", 0.9),
        ("Trịnh", 0.7),
        ("Đoàn", 0.7),
        ("Lương", 0.5),
        ("Mai", 0.5),
        ("Cao", 0.5),
        ("Tạ", 0.4),
        ("Hà", 0.6),
        ("Lưu", 0.4),
        ("Chu", 0.3),
        ("Vương", 0.3),
        ("Kiều", 0.2),
        ("Quách", 0.2),
        ("Tô", 0.3),
        ("Trương", 0.6),
        ("Lâm", 0.4),
        ("Nghiêm", 0.1),
        ("Khuất", 0.1),
    ]
)
KINH_MIDDLE_M = Weighted(
    [
        ("Văn", 40),
        ("Đức", 9),
        ("Minh", 8),
        ("Quang", 6),
        ("Hữu", 6),
        ("Thanh", 4),
        ("Công", 4),
        ("Xuân", 3),
        ("Tuấn", 2),
        ("Ngọc", 3),
        ("Đình", 4),
        ("Quốc", 3),
        ("Trọng", 2),
        ("Gia", 2),
        ("Bảo", 1),
        ("Mạnh", 1),
        ("Tiến", 1),
        ("Duy", 1),
    ]
)
KINH_MIDDLE_F = Weighted(
    [
        ("Thị", 55),
        ("Thu", 5),
        ("Ngọc", 5),
        ("Thanh", 4),
        ("Minh", 2),
        ("Thùy", 3),
        ("Phương", 2),
        ("Hồng", 3),
        ("Kim", 3),
        ("Bích", 2),
        ("Mai", 1),
        ("Khánh", 1),
        ("Diệu", 1),
        ("Hải", 1),
        ("Thị Thu", 4),
        ("Thị Thanh", 3),
        ("Thị Ngọc", 2),
        ("Thị Hồng", 2),
    ]
)
KINH_GIVEN_M = Weighted(
    _flat(
        "Anh,Hùng,Dũng,Tuấn,Hải,Nam,Long,Minh,Quân,Sơn,Thắng,Phong,Cường,Đức,Huy,Khoa,Trung,"
        "Hiếu,Tùng,Vinh,Bình,Thành,Toàn,Phúc,Lộc,Kiên,Đạt,Hoàng,Việt,Khải,Hưng,Quý,Tâm,Thịnh,"
        "Hòa,Lâm,Nghĩa,Tiến,Khánh,Duy,Quang,Chiến,Thái,Hậu,Định,Lực,Sáng,Tú,Vũ,Đông"
    )
)
KINH_GIVEN_F = Weighted(
    _flat(
        "Hà,Lan,Hương,Hằng,Linh,Trang,Thảo,Ngọc,Huyền,Phương,Nhung,Hạnh,Yến,Mai,Hoa,Thủy,Nga,"
        "Dung,Loan,Oanh,Vân,Ánh,Trâm,Quỳnh,Nhi,Giang,Thư,Diệp,Uyên,Tuyết,Liên,Lệ,Hiền,Hồng,"
        "Thúy,Xuân,Chi,Nhàn,Tươi,Huệ,Lý,Đào,Gấm,Hậu,Hường,Thơm,Tâm,Vy,Ngân,My"
    )
)

# --- Hmong -----------------------------------------------------------------------------------

HMONG_CLAN = Weighted(
    [
        ("Giàng", 18),
        ("Sùng", 14),
        ("Vàng", 14),
        ("Thào", 12),
        ("Lầu", 8),
        ("Mùa", 8),
        ("Hờ", 6),
        ("Lý", 5),
        ("Cứ", 3),
        ("Hạng", 3),
        ("Tráng", 3),
        ("Vừ", 3),
        ("Mua", 2),
        ("Chang", 1),
        ("Sình", 1),
        ("Lồ", 1),
        ("Chá", 1),
    ]
)
HMONG_MIDDLE_M = Weighted([("A", 80), ("Seo", 10), ("Mí", 5), ("Văn", 5)])
HMONG_MIDDLE_F = Weighted([("Thị", 85), ("Seo", 5), ("Mỷ", 5), ("Thị Mai", 5)])
HMONG_GIVEN_M = Weighted(
    _flat(
        "Páo,Chứ,Dình,Sử,Tủa,Pó,Lử,Chơ,Dế,Khua,Lềnh,Chống,Sà,Chá,Của,Vừ,Súa,Tồng,Nhè,Sính,"
        "Dơ,Cáy,Chu,Pàng,Thề,Dua,Lâu,Tú,Giàng,Xìa,Nênh,Tếnh,Chua,Sinh,Hồ"
    )
)
HMONG_GIVEN_F = Weighted(
    _flat(
        "Mỷ,Mỉ,Dợ,Chở,Sua,Dở,Xúa,Mai,Pà,Dua,Chu,Máy,Sểnh,Lỳ,Ly,Sí,Dê,Ca,Dung,Pằng,Say,Chía,"
        "Xay,Dính,Nhìa,Vá,Súa,Mò,Dí,Lử"
    )
)

# --- Thái, Tày, Nùng, Dao, Mường -------------------------------------------------------------

THAI_FAMILY = Weighted(
    [
        ("Lò", 16),
        ("Lường", 12),
        ("Cầm", 8),
        ("Quàng", 8),
        ("Hà", 12),
        ("Tòng", 6),
        ("Vi", 5),
        ("Điêu", 4),
        ("Lù", 4),
        ("Sầm", 3),
        ("Mè", 2),
        ("Khà", 2),
        ("Lự", 1),
        ("Xa", 3),
    ]
)
THAI_GIVEN_M = Weighted(
    _flat(
        "Khoa,Thương,Pánh,Ún,Sươi,Đôi,Xiêng,Bun,Ính,Xôm,Phóng,Nọi,Ban,Hiên,Chăn,Lả,Piêng,Tiến,"
        "Hặc,Khăm,Panh,Tọ,Ngoan,Ánh,Kiên,Lợi,Thiêm,Ngời,Dung,Phương"
    )
)
THAI_GIVEN_F = Weighted(
    _flat(
        "Ngọc,Xuân,Ún,Xiêng,Bua,Ính,Hươn,Phương,Hoa,Thanh,Nhất,Sương,Lả,Ơn,Khiêm,Mai,Hoài,"
        "Pọm,Pheng,Lan,Thoa,Thương,Dung,Nguyệt,Bích"
    )
)
TAY_NUNG_FAMILY = Weighted(
    [
        ("Nông", 20),
        ("Hoàng", 14),
        ("Lục", 6),
        ("Bế", 6),
        ("Ma", 6),
        ("Triệu", 6),
        ("La", 4),
        ("Lành", 3),
        ("Mông", 3),
        ("Vi", 4),
        ("Lăng", 3),
        ("Hứa", 3),
        ("Lưu", 3),
    ]
)
DAO_FAMILY = Weighted(
    [("Triệu", 30), ("Bàn", 20), ("Lý", 20), ("Phùng", 8), ("Chảo", 8), ("Tẩn", 7), ("Đặng", 7)]
)
DAO_MIDDLE_M = Weighted(
    [("Láo", 25), ("Văn", 35), ("Seo", 10), ("Tà", 10), ("Kim", 5), ("Vần", 5), ("Phù", 10)]
)
DAO_MIDDLE_F = Weighted([("Thị", 60), ("Mùi", 10), ("Muội", 10), ("Mẩy", 10), ("Kiều", 10)])
DAO_GIVEN_M = Weighted(
    _flat("Sài,Lở,Tả,Xá,Chòi,Phin,Quẩy,Kiều,Nải,Chàn,Tòn,Sinh,Lai,Vần,Dào,Quý,Chiêu,Lìn,Phấy,Dìn")
)
DAO_GIVEN_F = Weighted(
    _flat("Mẩy,Nải,Kiều,Mùi,Phương,Xiêm,Lìu,Chàng,Tá,Dung,Sênh,Quẩy,Nhất,Lai,Hương")
)
MUONG_FAMILY = Weighted(
    [("Bùi", 40), ("Đinh", 25), ("Quách", 12), ("Hà", 10), ("Xa", 5), ("Cao", 4), ("Bạch", 4)]
)

ETHNIC_GROUPS = Weighted(
    [("kinh", 50), ("hmong", 25), ("thai", 12), ("tay_nung", 4), ("dao", 4), ("muong", 5)]
)


def person_name(rng: random.Random, female: bool, group: str) -> str:
    """A full name (family, middle, given) of ``group``; NFC, as an officer would type it."""
    if group == "hmong":
        middle = HMONG_MIDDLE_F(rng) if female else HMONG_MIDDLE_M(rng)
        given = HMONG_GIVEN_F(rng) if female else HMONG_GIVEN_M(rng)
        return f"{HMONG_CLAN(rng)} {middle} {given}"
    if group == "thai":
        given = THAI_GIVEN_F(rng) if female else THAI_GIVEN_M(rng)
        return f"{THAI_FAMILY(rng)} {'Thị' if female else 'Văn'} {given}"
    if group == "tay_nung":
        given = KINH_GIVEN_F(rng) if female else KINH_GIVEN_M(rng)
        return f"{TAY_NUNG_FAMILY(rng)} {'Thị' if female else 'Văn'} {given}"
    if group == "dao":
        middle = DAO_MIDDLE_F(rng) if female else DAO_MIDDLE_M(rng)
        given = DAO_GIVEN_F(rng) if female else DAO_GIVEN_M(rng)
        return f"{DAO_FAMILY(rng)} {middle} {given}"
    if group == "muong":
        given = KINH_GIVEN_F(rng) if female else KINH_GIVEN_M(rng)
        return f"{MUONG_FAMILY(rng)} {'Thị' if female else 'Văn'} {given}"
    middle = KINH_MIDDLE_F(rng) if female else KINH_MIDDLE_M(rng)
    given = KINH_GIVEN_F(rng) if female else KINH_GIVEN_M(rng)
    return f"{KINH_FAMILY(rng)} {middle} {given}"


# --- places ----------------------------------------------------------------------------------

LOCAL_COMMUNE = "xã Pà Cò, huyện Mai Châu, tỉnh Hòa Bình"
LOCAL_HAMLETS = Weighted(
    _flat(
        "Bản Pà Cò Lớn,Bản Pà Cò Con,Bản Xà Lĩnh,Bản Chả Chải,Bản Pà Háng,Bản Trống Dình,"
        "Bản Cun Pheo,Bản Bò Báu,Bản Tà Lào,Bản Pù Lầu,Bản Hang Kia,Bản Thung Ải"
    )
)
NEARBY = Weighted(
    [
        ("Bản Hang Kia, xã Hang Kia, huyện Mai Châu, tỉnh Hòa Bình", 3),
        ("Bản Chằm Khòn, xã Hang Kia, huyện Mai Châu, tỉnh Hòa Bình", 2),
        ("Bản Lác, xã Chiềng Châu, huyện Mai Châu, tỉnh Hòa Bình", 2),
        ("Bản Pom Coọng, thị trấn Mai Châu, huyện Mai Châu, tỉnh Hòa Bình", 2),
        ("Bản Văn, xã Mai Hạ, huyện Mai Châu, tỉnh Hòa Bình", 1),
        ("Bản Nà Phòn, xã Nà Phòn, huyện Mai Châu, tỉnh Hòa Bình", 1),
        ("Bản Tòng Đậu, xã Tòng Đậu, huyện Mai Châu, tỉnh Hòa Bình", 1),
        ("Bản Suối Bon, xã Tân Sơn, huyện Mai Châu, tỉnh Hòa Bình", 1),
        ("Bản Áng, xã Đông Sang, huyện Mộc Châu, tỉnh Sơn La", 1),
        ("Tiểu khu 6, thị trấn Nông trường Mộc Châu, huyện Mộc Châu, tỉnh Sơn La", 1),
        ("Thôn Đồng Tâm, xã Lạc Lương, huyện Yên Thủy, tỉnh Hòa Bình", 1),
        ("Tổ 5, phường Tân Thịnh, thành phố Hòa Bình, tỉnh Hòa Bình", 1),
        ("Xóm Mỗ, xã Tân Lập, huyện Lạc Sơn, tỉnh Hòa Bình", 1),
    ]
)
FAR = Weighted(
    [
        ("Thôn Yên Lạc, xã Yên Bình, huyện Thạch Thất, thành phố Hà Nội", 1),
        ("Số 12 ngõ 45 phố Hào Nam, phường Ô Chợ Dừa, quận Đống Đa, thành phố Hà Nội", 1),
        ("Thôn Đông, xã Đông Phương Yên, huyện Chương Mỹ, thành phố Hà Nội", 1),
        ("Xóm 3, xã Nghi Phong, huyện Nghi Lộc, tỉnh Nghệ An", 1),
        ("Thôn Trung, xã Quảng Thọ, huyện Quảng Xương, tỉnh Thanh Hóa", 1),
        ("Thôn Nà Lừa, xã Nà Phặc, huyện Ngân Sơn, tỉnh Bắc Kạn", 1),
        ("Bản Hua Pe, xã Lóng Luông, huyện Vân Hồ, tỉnh Sơn La", 1),
        ("Bản Nà Sài, xã Thanh Nưa, huyện Điện Biên, tỉnh Điện Biên", 1),
        ("Thôn Sín Chải, xã Tả Phìn, huyện Sa Pa, tỉnh Lào Cai", 1),
        ("Thôn Lũng Cú, xã Lũng Cú, huyện Đồng Văn, tỉnh Hà Giang", 1),
        ("Khu phố 4, phường Bình Trị Đông, quận Bình Tân, Thành phố Hồ Chí Minh", 1),
        ("Thôn 7, xã Ea Kênh, huyện Krông Pắc, tỉnh Đắk Lắk", 1),
    ]
)
# CCCD province codes (resources/identity/cccd_province_codes.json) by where people come from.
LOCAL_PROVINCE = "017"  # Hòa Bình
OTHER_PROVINCES = Weighted(
    [
        ("014", 4),  # Sơn La
        ("001", 3),  # Hà Nội
        ("038", 2),  # Thanh Hóa
        ("040", 1),  # Nghệ An
        ("036", 1),  # Nam Định
        ("034", 1),  # Thái Bình
        ("011", 1),  # Điện Biên
        ("010", 1),  # Lào Cai
        ("002", 1),  # Hà Giang
        ("025", 1),  # Phú Thọ
        ("079", 1),  # TP Hồ Chí Minh
        ("066", 1),  # Đắk Lắk
    ]
)

# Mobile prefixes in use (Viettel dominates in the mountains).
PHONE_PREFIX = Weighted(
    [
        ("086", 4),
        ("096", 6),
        ("097", 7),
        ("098", 7),
        ("032", 4),
        ("033", 4),
        ("034", 4),
        ("035", 4),
        ("036", 4),
        ("037", 4),
        ("038", 4),
        ("039", 4),
        ("088", 2),
        ("091", 3),
        ("094", 3),
        ("081", 1),
        ("082", 1),
        ("083", 1),
        ("084", 1),
        ("085", 1),
        ("089", 1),
        ("090", 2),
        ("093", 2),
        ("070", 1),
        ("076", 1),
        ("077", 1),
        ("078", 1),
        ("079", 1),
        ("092", 1),
        ("056", 1),
        ("058", 1),
        ("099", 1),
        ("059", 1),
    ]
)


@dataclass(frozen=True)
class Person:
    name: str
    id_number: str  # 12-digit CCCD, 9-digit CMND or ""
    birth_date: date | None
    phone: str
    email: str
    address: str


_ASCII_EMAIL = str.maketrans({"đ": "d", "Đ": "D"})


def _email(rng: random.Random, name: str, year: int) -> str:
    bare = unicodedata.normalize("NFKD", name.translate(_ASCII_EMAIL))
    words = "".join(c for c in bare if c.isascii()).lower().split()
    user = words[-1] + "".join(w[0] for w in words[:-1]) + str(year % 100 + rng.randrange(10))
    return f"{user}@{'gmail.com' if rng.random() < 0.9 else 'yahoo.com'}"


def make_person(rng: random.Random, used_ids: set[str], today: date) -> Person:
    """One applicant: name by ethnic group, a valid-shaped CCCD (or an old CMND, or none),
    a birth date consistent with it, a mobile number most of the time, an address."""
    group = ETHNIC_GROUPS(rng)
    female = rng.random() < 0.52
    name = person_name(rng, female, group)
    year = rng.randint(today.year - 80, today.year - 18)
    birth = date(year, rng.randint(1, 12), rng.randint(1, 28))
    local = rng.random() < (0.85 if group != "kinh" else 0.55)
    if local:
        address = f"{LOCAL_HAMLETS(rng)}, {LOCAL_COMMUNE}"
    elif rng.random() < 0.6:
        address = NEARBY(rng)
    else:
        address = FAR(rng)
    kind = rng.random()
    id_number = ""
    if kind < 0.90:
        province = LOCAL_PROVINCE if local or rng.random() < 0.5 else OTHER_PROVINCES(rng)
        century = (year - 1900) // 100  # 0 for 19xx, 1 for 20xx
        g = century * 2 + (1 if female else 0)
        while True:
            id_number = f"{province}{g}{year % 100:02d}{rng.randrange(1_000_000):06d}"
            if id_number not in used_ids:
                break
    elif kind < 0.95 and year < 1995:
        while True:
            id_number = f"{rng.choice(('11', '12', '13', '04', '05'))}{rng.randrange(10**7):07d}"
            if id_number not in used_ids:
                break
    if id_number:
        used_ids.add(id_number)
    has_birth = bool(id_number) or rng.random() < 0.5
    phone = f"{PHONE_PREFIX(rng)}{rng.randrange(10**7):07d}" if rng.random() < 0.85 else ""
    email = _email(rng, name, year) if rng.random() < 0.06 else ""
    return Person(name, id_number, birth if has_birth else None, phone, email, address)
