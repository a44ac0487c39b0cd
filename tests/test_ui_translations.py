"""resources/translations/motcua_en.ts against the code: same strings, all translated.

Vietnamese is the source language, so "a string lacks a translation" means: a ``tr()`` /
``QCoreApplication.translate()`` source string in ``ui/`` without a finished English entry.
Refresh the catalogue with the lupdate command in ``ui/i18n.py``'s docstring.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ui.i18n import lrelease_executable

ROOT = Path(__file__).resolve().parent.parent
UI = ROOT / "ui"
TS = ROOT / "resources" / "translations" / "motcua_en.ts"
LUPDATE_ARGS = ["-extensions", "py", "-locations", "none", "-source-language", "vi"]
LUPDATE_ARGS += ["-target-language", "en"]

Key = tuple[str, str, bool]  # context, source, numerus


class _Finder(ast.NodeVisitor):
    """tr() calls (context: the enclosing class) and QCoreApplication.translate() calls."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.classes: list[str] = []
        self.found: set[Key] = set()
        self.problems: list[str] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def _literal(self, node: ast.expr, where: ast.AST) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        line = getattr(where, "lineno", "?")
        self.problems.append(f"{self.path.name}:{line}: not a literal string (lupdate misses it)")
        return None

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "tr" and node.args:
            source = self._literal(node.args[0], node)
            if source is not None:
                if not self.classes:
                    self.problems.append(f"{self.path.name}:{node.lineno}: tr() outside a class")
                else:
                    self.found.add((self.classes[-1], source, len(node.args) >= 3))
        elif (
            isinstance(func, ast.Attribute)
            and func.attr == "translate"
            and isinstance(func.value, ast.Name)
            and func.value.id == "QCoreApplication"
            and len(node.args) >= 2
        ):
            context = self._literal(node.args[0], node)
            source = self._literal(node.args[1], node)
            if context is not None and source is not None:
                self.found.add((context, source, len(node.args) >= 4))
        self.generic_visit(node)


def code_strings() -> tuple[set[Key], list[str]]:
    found: set[Key] = set()
    problems: list[str] = []
    for path in sorted(UI.rglob("*.py")):
        finder = _Finder(path)
        finder.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        found |= finder.found
        problems += finder.problems
    return found, problems


def ts_messages() -> dict[Key, ET.Element]:
    root = ET.parse(TS).getroot()
    assert root.get("sourcelanguage") == "vi"
    assert root.get("language") == "en"
    out: dict[Key, ET.Element] = {}
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for msg in context.iter("message"):
            key = (name, msg.findtext("source", ""), msg.get("numerus") == "yes")
            out[key] = msg
    return out


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{\w*\}|%n|%\d", text))


def test_every_source_string_is_a_literal_inside_a_class() -> None:
    found, problems = code_strings()
    assert problems == []
    assert len(found) >= 10  # the finder works at all


def test_ts_matches_the_code() -> None:
    found, _ = code_strings()
    in_ts = set(ts_messages())
    assert sorted(found - in_ts) == [], "strings missing from motcua_en.ts: run lupdate"
    assert sorted(in_ts - found) == [], "stale strings in motcua_en.ts: run lupdate"


@pytest.mark.parametrize("key", sorted(ts_messages()), ids=lambda k: f"{k[0]}:{k[1][:30]}")
def test_every_string_has_a_finished_english_translation(key: Key) -> None:
    msg = ts_messages()[key]
    tr = msg.find("translation")
    assert tr is not None
    assert tr.get("type") is None, f"translation is {tr.get('type')}"
    source = key[1]
    forms = [f.text or "" for f in tr.iter("numerusform")] if key[2] else [tr.text or ""]
    assert len(forms) == (2 if key[2] else 1)  # English: singular and plural
    for form in forms:
        assert form.strip(), "empty translation"
        assert _placeholders(form) == _placeholders(source), form
        if source.startswith("&"):
            assert form.count("&") == 1, "menu texts keep one mnemonic"


def test_lupdate_finds_nothing_new(tmp_path: Path) -> None:
    """The real extractor agrees: running lupdate on the code leaves the .ts unchanged."""
    lrelease = lrelease_executable()
    lupdate = lrelease.with_name(lrelease.name.replace("lrelease", "lupdate")) if lrelease else None
    if lupdate is None or not lupdate.is_file():
        pytest.skip("lupdate is not installed (it ships in PySide6-Essentials)")
    copy = tmp_path / TS.name
    shutil.copyfile(TS, copy)
    subprocess.run(
        [str(lupdate), *LUPDATE_ARGS, "ui", "-ts", str(copy)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    assert copy.read_text(encoding="utf-8") == TS.read_text(encoding="utf-8")
