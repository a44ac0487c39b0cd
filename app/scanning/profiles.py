"""Page profiles: how a page is scanned and encoded (scan-print.md §1, §6).

The document type decides, not a global setting: text-only forms become 1-bit CCITT G4 at
200 dpi (≈40 KB/page); anything with a red seal, a signature or a photo stays colour (or grey)
JPEG at 150 dpi and is never binarised. The profile of a checklist item comes from the
catalogue (``DossierDocument.scan_profile``: ``text`` or ``seal``); the officer can override it
per page.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.scanning.types import ColorMode, ScanSettings, Source


class Profile(StrEnum):
    TEXT = "text"  # Văn bản: 200 dpi, adaptive threshold, G4
    SEAL = "seal"  # Văn bản có dấu đỏ, ảnh, chữ ký: 150 dpi colour JPEG
    GREY = "grey"  # as SEAL when colour is not needed: 150 dpi grey JPEG
    HIGH = "high"  # Chất lượng cao, on request: 300 dpi colour JPEG


class Encoding(StrEnum):
    G4 = "g4"  # 1-bit CCITT Group 4 in a TIFF; img2pdf writes /CCITTFaxDecode
    JPEG = "jpeg"  # /DCTDecode


@dataclass(frozen=True)
class ProfileSpec:
    profile: Profile
    dpi: int  # output resolution of the page image in the PDF
    encoding: Encoding
    scan_mode: ColorMode  # what the scanner is asked for
    jpeg_quality: int  # JPEG only
    colour: bool  # JPEG only: keep colour (else grey)
    label_vi: str
    smooth: bool = False  # JPEG only: a 3×3 smoothing pass before encoding (sensor noise)

    @property
    def binarised(self) -> bool:
        return self.encoding is Encoding.G4


SPECS: dict[Profile, ProfileSpec] = {
    # Grey from the scanner, binarised here: our threshold beats most drivers' fixed one on
    # faded photocopies and uneven toner (scan-print.md §6, pitfall 4).
    Profile.TEXT: ProfileSpec(Profile.TEXT, 200, Encoding.G4, ColorMode.GRAY, 0, False, "Văn bản"),
    # q50 after paper whitening and a light smoothing: ≈90 KB on the generated seal page
    # (157 KB without them), the seal clearly red; a day of scans then fits in 10 MB.
    Profile.SEAL: ProfileSpec(
        Profile.SEAL, 150, Encoding.JPEG, ColorMode.COLOR, 50, True, "Văn bản có dấu đỏ, ảnh", True
    ),
    Profile.GREY: ProfileSpec(
        Profile.GREY, 150, Encoding.JPEG, ColorMode.GRAY, 50, False, "Ảnh xám", True
    ),
    Profile.HIGH: ProfileSpec(
        Profile.HIGH, 300, Encoding.JPEG, ColorMode.COLOR, 70, True, "Chất lượng cao"
    ),
}


def spec(profile: Profile) -> ProfileSpec:
    return SPECS[profile]


def from_scan_profile(value: str) -> Profile:
    """The page profile for a checklist item's ``scan_profile`` (catalogue data).

    Anything but ``text`` is treated as a seal/photo page: a page wrongly kept in colour costs
    bytes, a page wrongly binarised loses its red seal.
    """
    try:
        return Profile(value.strip().lower())
    except ValueError:
        return Profile.SEAL


def scan_settings(
    profile: Profile, source: Source = Source.FLATBED, max_pages: int | None = None
) -> ScanSettings:
    """What to ask the scanner for when scanning pages of ``profile``."""
    s = SPECS[profile]
    return ScanSettings(source=source, mode=s.scan_mode, dpi=s.dpi, max_pages=max_pages)


def scan_settings_for(
    profiles: list[Profile], source: Source = Source.FLATBED, max_pages: int | None = None
) -> ScanSettings:
    """One scan for pages that may get different profiles: the richest mode and dpi needed."""
    if not profiles:
        return scan_settings(Profile.SEAL, source, max_pages)
    colour = any(SPECS[p].scan_mode is ColorMode.COLOR for p in profiles)
    dpi = max(SPECS[p].dpi for p in profiles)
    return ScanSettings(
        source=source,
        mode=ColorMode.COLOR if colour else ColorMode.GRAY,
        dpi=dpi,
        max_pages=max_pages,
    )
