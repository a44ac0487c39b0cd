"""Translations with Qt Linguist: Vietnamese is the source language, English comes from a .qm.

Every user-visible string in ``ui/`` is written in Vietnamese inside ``self.tr()`` or
``QCoreApplication.translate()``. ``resources/translations/motcua_<lang>.ts`` holds the other
languages; it is refreshed from the code with::

    .venv/bin/pyside6-lupdate -extensions py -locations none -source-language vi \\
        -target-language en ui -ts resources/translations/motcua_en.ts

and compiled to ``motcua_<lang>.qm`` (not committed) by ``pyside6-lrelease``, which ships in
PySide6-Essentials. ``build.spec`` compiles before collecting; a source run compiles a missing or
stale ``.qm`` on first use (``compile_catalogue``); tests compile into a temporary directory.

The wheels ship no Vietnamese Qt translation (no ``qtbase_vi.qm``), so the texts of standard
buttons are set by :func:`vi_buttons` through our own catalogue.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from app.resources import resource_path

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "vi"
LANGUAGES = ("vi", "en")
CATALOGUE = "motcua"

_LOCALES = {
    "vi": QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam),
    "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom),
}


class TranslationMissing(Exception):
    """The compiled catalogue of a language is not there and cannot be made."""

    def __init__(self, lang: str, path: Path) -> None:
        super().__init__(f"no translation catalogue for {lang!r}: {path}")
        self.lang = lang
        self.path = path


def translations_dir() -> Path:
    """Where the ``.ts`` sources live (source tree) and the ``.qm`` files are shipped (bundle)."""
    return resource_path("translations")


def ts_path(lang: str) -> Path:
    return translations_dir() / f"{CATALOGUE}_{lang}.ts"


def lrelease_executable() -> Path | None:
    """``lrelease`` from the PySide6 wheel (what ``pyside6-lrelease`` wraps), if installed."""
    import PySide6

    base = Path(PySide6.__file__).resolve().parent
    for name in ("lrelease.exe", "lrelease") if sys.platform == "win32" else ("lrelease",):
        if (base / name).is_file():
            return base / name
    return None


def compile_catalogue(ts: Path, qm: Path) -> Path:
    """``pyside6-lrelease <ts> -qm <qm>``; unfinished entries are left out (source text shows)."""
    exe = lrelease_executable()
    if exe is None:
        raise TranslationMissing(ts.stem.rsplit("_", 1)[-1], qm)
    qm.parent.mkdir(parents=True, exist_ok=True)
    partial = qm.with_name(f"{qm.name}.{os.getpid()}.part")  # never show a half-written .qm
    try:
        subprocess.run(
            [str(exe), "-silent", str(ts), "-qm", str(partial)],
            check=True,
            capture_output=True,
        )
        os.replace(partial, qm)
        log.info("compiled %s", qm)
    finally:
        partial.unlink(missing_ok=True)
    return qm


def compile_all(out_dir: Path | None = None) -> list[Path]:
    """Compile every ``motcua_*.ts`` next to itself (or into ``out_dir``); used by build.spec."""
    made = []
    for ts in sorted(translations_dir().glob(f"{CATALOGUE}_*.ts")):
        made.append(compile_catalogue(ts, (out_dir or ts.parent) / ts.with_suffix(".qm").name))
    return made


def qm_path(lang: str, qm_dir: Path | None = None) -> Path:
    """The compiled catalogue of ``lang``; in a source run, (re)made when missing or stale."""
    qm = (qm_dir or translations_dir()) / f"{CATALOGUE}_{lang}.qm"
    ts = ts_path(lang)
    frozen = getattr(sys, "frozen", False)
    if (
        not frozen
        and ts.is_file()
        and (not qm.is_file() or qm.stat().st_mtime < ts.stat().st_mtime)
    ):
        compile_catalogue(ts, qm)
    if not qm.is_file():
        raise TranslationMissing(lang, qm)
    return qm


def install_translators(
    app: QCoreApplication, lang: str = SOURCE_LANGUAGE, qm_dir: Path | None = None
) -> list[QTranslator]:
    """Install our catalogue (and Qt's own, when the wheel has one) for ``lang``.

    Vietnamese needs no catalogue: it is the source language. Returns the installed translators
    (parented to ``app``) so that a caller can remove them again.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; expected one of {LANGUAGES}")
    QLocale.setDefault(_LOCALES[lang])
    installed: list[QTranslator] = []
    if lang == SOURCE_LANGUAGE:
        return installed
    ours = QTranslator(app)
    path = qm_path(lang, qm_dir)
    if not ours.load(str(path)):
        raise TranslationMissing(lang, path)
    app.installTranslator(ours)
    installed.append(ours)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_own = QTranslator(app)
    if qt_own.load(f"qtbase_{lang}", qt_dir):  # absent from a LEAN bundle: Qt's source is English
        app.installTranslator(qt_own)
        installed.append(qt_own)
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for t in translators:
        app.removeTranslator(t)
        t.deleteLater()
    QLocale.setDefault(_LOCALES[SOURCE_LANGUAGE])


def _standard_button_texts() -> dict[int, str]:
    # Spelled out: lupdate only sees literal QCoreApplication.translate(...) calls.
    sb = QMessageBox.StandardButton
    texts = {
        sb.Ok: QCoreApplication.translate("StandardButtons", "Đồng ý"),
        sb.Cancel: QCoreApplication.translate("StandardButtons", "Hủy"),
        sb.Yes: QCoreApplication.translate("StandardButtons", "Có"),
        sb.No: QCoreApplication.translate("StandardButtons", "Không"),
        sb.Close: QCoreApplication.translate("StandardButtons", "Đóng"),
        sb.Save: QCoreApplication.translate("StandardButtons", "Lưu"),
        sb.Discard: QCoreApplication.translate("StandardButtons", "Không lưu"),
        sb.Open: QCoreApplication.translate("StandardButtons", "Mở"),
        sb.Apply: QCoreApplication.translate("StandardButtons", "Áp dụng"),
        sb.Reset: QCoreApplication.translate("StandardButtons", "Đặt lại"),
        sb.Retry: QCoreApplication.translate("StandardButtons", "Thử lại"),
        sb.Ignore: QCoreApplication.translate("StandardButtons", "Bỏ qua"),
        sb.Abort: QCoreApplication.translate("StandardButtons", "Dừng"),
        sb.Help: QCoreApplication.translate("StandardButtons", "Trợ giúp"),
    }
    return {int(k.value): v for k, v in texts.items()}


def vi_buttons(box: QMessageBox | QDialogButtonBox) -> None:
    """Give the standard buttons of ``box`` our texts (Vietnamese source, translated if needed).

    Call after the buttons are set. QMessageBox and QDialogButtonBox share the button values.
    """
    for value, text in _standard_button_texts().items():
        if isinstance(box, QMessageBox):
            button = box.button(QMessageBox.StandardButton(value))
        else:
            button = box.button(QDialogButtonBox.StandardButton(value))
        if button is not None:
            button.setText(text)
