"""Scanned pages: KB per page per profile, the plain-JPEG comparison, time per page, a day's scans.
Figures only, never asserted.

Run from the repo root: ``.venv/bin/python bench/scan.py [--runs 5]``.

1. Generated A4 pages (app/scanning/samples.py: Liberation Serif Vietnamese text, paper tint,
   blur, noise σ=5): text pages at 200 dpi (straight and skewed by 0.6°, -1.2°, 2°) and
   seal/photo pages at 150 dpi (straight and skewed). Each page goes through the pipeline as a
   scan would (blank check, deskew, encode) and into a one-page A4 PDF with img2pdf.
   **KB per page = PDF size**, median over the pages of each profile. Targets: text ≤ 45 KB,
   seal/photo ≤ 180 KB.
2. The same pages as a plain colour JPEG q75 200 dpi PDF (what a naive scan-to-PDF gives).
   Target: text/plain ratio ≤ 0.25.
3. Time per page through ``process_page`` (blank check + deskew + encode), median over pages ×
   runs, and of ``detect_skew`` alone. Target ≤ 300 ms on this 2-core machine kind.
4. A commune's day: 30 dossiers × 5 pages, procedures drawn from the common ones, each page
   belonging to a checklist item and encoded with that item's catalogue profile (text/seal),
   one PDF per item. Target: < 10 MB.
"""

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_ROOT = _HERE.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_ROOT))

import argparse  # noqa: E402
import contextlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402

import img2pdf  # noqa: E402
import PIL  # noqa: E402
from PIL import Image  # noqa: E402

from app.resources import resource_path  # noqa: E402
from app.scanning import samples  # noqa: E402
from app.scanning.pipeline import (  # noqa: E402
    EncodedPage,
    assemble_pdf,
    detect_skew,
    process_page,
)
from app.scanning.profiles import Profile, from_scan_profile, spec  # noqa: E402

KB = 1024
# The procedures a commune receives most (bench/forms.py uses the same list).
PROCEDURES = ["1.001193", "1.000656", "1.004873", "2.000815", "1.004222", "1.004194"]
SEED = 20261125


def machine() -> str:
    cpu = platform.processor() or "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return (
        f"{platform.platform()}; {cpu}, {os.cpu_count()} CPUs; Python "
        f"{platform.python_version()}; Pillow {PIL.__version__}; img2pdf {img2pdf.__version__}"
    )


def pages_for(profile: Profile) -> list[Image.Image]:
    dpi = spec(profile).dpi
    if profile is Profile.TEXT:
        return [samples.text_page(dpi, skew_deg=a) for a in (0.0, 0.6, -1.2, 2.0)]
    seal = samples.seal_page(dpi)
    return [seal] + [
        seal.rotate(a, Image.Resampling.BICUBIC, fillcolor=samples.PAPER) for a in (0.8, -1.5)
    ]


def plain_jpeg_pdf(kind: Profile, index: int) -> int:
    """The same page as a plain colour JPEG q75 200 dpi PDF."""
    if kind is Profile.TEXT:
        img = samples.text_page(200, skew_deg=(0.0, 0.6, -1.2, 2.0)[index])
    else:
        img = samples.seal_page(200)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=75, optimize=True, dpi=(200, 200))
    return len(img2pdf.convert([buf.getvalue()], nodate=True, engine=img2pdf.Engine.internal))


def median(values: list[float]) -> float:
    return statistics.median(values)


def day_of_scans(encoded: dict[Profile, list[EncodedPage]], rng: random.Random) -> dict[str, float]:
    catalogue = json.loads(resource_path("catalogue", "procedures.json").read_text("utf-8"))
    docs = {p["code"]: p["documents"] for p in catalogue["procedures"]}
    total = 0
    files = 0
    page_profiles: Counter[str] = Counter()
    for _ in range(30):
        items = docs[rng.choice(PROCEDURES)]
        per_item: dict[int, list[EncodedPage]] = {}
        for n in range(5):  # 5 pages over the checklist items, in order
            i = n % len(items)
            profile = from_scan_profile(items[i]["scan_profile"])
            page_profiles[profile.value] += 1
            per_item.setdefault(i, []).append(rng.choice(encoded[profile]))
        for pages in per_item.values():
            total += len(assemble_pdf(pages))
            files += 1
    return {
        "bytes": total,
        "files": files,
        "text_pages": page_profiles["text"],
        "seal_pages": page_profiles["seal"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timing runs per page")
    args = parser.parse_args()
    print(machine())

    encoded: dict[Profile, list[EncodedPage]] = {}
    sizes: dict[Profile, list[int]] = {}
    plain: dict[Profile, list[int]] = {}
    times: dict[Profile, list[float]] = {}
    skew_times: list[float] = []  # detect_skew alone, every page
    for profile in (Profile.TEXT, Profile.SEAL):
        dpi = spec(profile).dpi
        imgs = pages_for(profile)
        process_page(imgs[0], profile, dpi=dpi)  # warm-up: imports, font caches
        times[profile] = []
        for img in imgs:
            for _ in range(args.runs):
                t0 = time.perf_counter()
                page = process_page(img, profile, dpi=dpi)
                times[profile].append(time.perf_counter() - t0)
            encoded.setdefault(profile, []).append(page.encoded())
            for _ in range(args.runs):
                t0 = time.perf_counter()
                detect_skew(img, dpi)
                skew_times.append(time.perf_counter() - t0)
        sizes[profile] = [len(assemble_pdf([e])) for e in encoded[profile]]
        plain[profile] = [plain_jpeg_pdf(profile, i) for i in range(min(len(imgs), 4))]

    print()
    print(
        f"{'profile':<10} {'KB/page (median)':>17} {'range':>14} {'plain JPEG q75':>15} {'ratio':>6}"
    )
    for profile, target in ((Profile.TEXT, 45), (Profile.SEAL, 180)):
        kb = [s / KB for s in sizes[profile]]
        pkb = median([s / KB for s in plain[profile]])
        print(
            f"{profile.value:<10} {median(kb):>12.1f} KB  {min(kb):>5.1f}–{max(kb):<5.1f} KB"
            f" {pkb:>10.1f} KB {median(kb) / pkb:>6.2f}   target ≤ {target} KB"
        )
    print("ratio target for text pages: ≤ 0.25")
    print()
    for profile in (Profile.TEXT, Profile.SEAL):
        ms = [t * 1000 for t in times[profile]]
        p90 = statistics.quantiles(ms, n=10)[-1]
        print(
            f"time per {profile.value} page ({spec(profile).dpi} dpi, blank check + deskew +"
            f" encode): median {median(ms):.0f} ms, p90 {p90:.0f} ms; target ≤ 300 ms"
        )
    skew_ms = median([t * 1000 for t in skew_times])
    print(f"skew detection alone (detect_skew, every page): median {skew_ms:.0f} ms")
    print()
    day = day_of_scans(encoded, random.Random(SEED))
    mb = day["bytes"] / (1024 * 1024)
    print(
        f"a day: 30 dossiers × 5 pages ({day['text_pages']:.0f} text, {day['seal_pages']:.0f}"
        f" seal/photo) in {day['files']:.0f} PDFs = {mb:.2f} MB; target < 10 MB"
    )


if __name__ == "__main__":
    main()
