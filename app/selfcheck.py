"""Checks the frozen build runs in ``--selftest``: the parts a bundle can silently lose.

PyInstaller follows imports, but scanning and sync load some modules lazily (python-sane,
img2pdf's encoders, cryptography's Ed25519 backend). Running them once proves they are there.
"""

from __future__ import annotations

from PIL import Image, ImageDraw

from app.scanning import registry
from app.scanning.pipeline import PageSet, process_page
from app.scanning.profiles import Profile
from sync.keys import generate_key_pair, sign_nonce


def scan_pipeline() -> str:
    """A small text page and a small seal page through deskew, G4/JPEG and img2pdf."""
    page = Image.new("RGB", (400, 560), "white")
    draw = ImageDraw.Draw(page)
    for y in range(60, 500, 24):
        draw.line((40, y, 360, y), fill="black", width=3)
    draw.ellipse((250, 400, 350, 500), outline=(200, 20, 20), width=6)
    pages = PageSet(Profile.TEXT)
    pages.add(process_page(page, Profile.TEXT, dpi=50))
    pages.add(process_page(page, Profile.SEAL, dpi=50))
    pdf = pages.assemble_pdf("selftest")
    if not pdf.startswith(b"%PDF") or b"/CCITTFaxDecode" not in pdf or b"/DCTDecode" not in pdf:
        raise RuntimeError("scan pipeline: PDF without a G4 and a JPEG page")
    names = ",".join(b.name for b in registry.backends())
    return f"pdf={len(pdf)}B backends={names}"


def device_key() -> str:
    private, public = generate_key_pair()
    signature = sign_nonce(private, "selftest")
    if not public.startswith("-----BEGIN PUBLIC KEY-----") or len(signature) < 80:
        raise RuntimeError("device key: Ed25519 unavailable")
    return "ed25519=ok"
