#!/usr/bin/env python3
"""Move untranslated catalog entries out to JSON and translations back in, for translating in bulk.

    python scripts/po_tool.py dump resources/translations/zh_CN.po todo.json
    python scripts/po_tool.py apply resources/translations/zh_CN.po done.json   # {"msgid": "译文", ...}

``apply`` refuses a translation whose {placeholders} differ from the msgid's, so a typo cannot break .format().
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def placeholders(text: str) -> list[str]:
    """The .format() fields of ``text``; doubled braces are literal and do not count."""
    return sorted(PLACEHOLDER.findall(text.replace("{{", "").replace("}}", "")))


def dump(po_path: Path, out: Path) -> None:
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    todo = [str(m.id) for m in catalog if m.id and isinstance(m.id, str) and not m.string]
    out.write_text(json.dumps(todo, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(todo)} untranslated entries written to {out}")


def apply(po_path: Path, source: Path) -> None:
    translations: dict[str, str] = json.loads(source.read_text(encoding="utf-8"))
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    applied, refused = 0, []
    for message in catalog:
        if not message.id or not isinstance(message.id, str) or message.id not in translations:
            continue
        text = translations[message.id]
        if placeholders(text) != placeholders(message.id):
            refused.append(message.id)
            continue
        message.string = text
        message.flags.discard("fuzzy")
        applied += 1
    with po_path.open("wb") as handle:
        write_po(
            handle, catalog, width=76, no_location=True, sort_output=True, omit_header=False
        )  # as update-translations writes
    print(f"applied {applied}; refused {len(refused)} with mismatched placeholders")
    for msgid in refused:
        print("  refused:", msgid)


if __name__ == "__main__":
    command, po, data = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    {"dump": dump, "apply": apply}[command](po, data)
