"""Fill English translations into resources/translations/motcua_en.ts after lupdate.

    .venv/bin/pyside6-lupdate -extensions py -locations none -source-language vi \\
        -target-language en ui -ts resources/translations/motcua_en.ts
    .venv/bin/python scripts/ts_set.py new.json     # {"<Vietnamese source>": "<English>", ...}
    .venv/bin/python scripts/ts_set.py --missing    # lists sources still unfinished

Entries lupdate marked obsolete (``vanished``) are removed; a mapped source gets its
translation in every context and loses ``type="unfinished"``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

TS = Path(__file__).resolve().parent.parent / "resources" / "translations" / "motcua_en.ts"


def main(argv: list[str]) -> int:
    tree = ET.parse(TS)
    root = tree.getroot()
    mapping: dict[str, str] = {}
    if argv and argv[0] != "--missing":
        mapping = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    missing = []
    for context in root.iter("context"):
        for message in list(context.iter("message")):
            tr = message.find("translation")
            source = message.findtext("source") or ""
            if tr is None:
                continue
            if tr.get("type") in ("vanished", "obsolete"):
                context.remove(message)
                continue
            if source in mapping:
                tr.text = mapping[source]
                tr.attrib.pop("type", None)
            if tr.get("type") == "unfinished":
                missing.append(source)
    ET.indent(tree, space="    ")
    body = ET.tostring(root, encoding="unicode")
    TS.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )
    # lupdate rewrites the file in its own layout, which tests/test_ui_translations.py expects.
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    args = ["-extensions", "py", "-locations", "none", "-source-language", "vi"]
    args += ["-target-language", "en", "ui", "-ts", str(TS)]
    subprocess.run([str(lupdate), *args], cwd=TS.parents[2], check=True, capture_output=True)
    for source in missing:
        print(source)  # noqa: T201
    return 1 if missing and argv and argv[0] == "--missing" else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
