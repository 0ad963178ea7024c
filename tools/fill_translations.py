"""Fill the Korean .ts from tools/ko_glossary.tsv after `make update-translations`.

The .ts file stays the source of truth (Qt Linguist edits it); this only fills messages that
are still unfinished and whose English text is in the glossary, so a new string shows up as
untranslated in Linguist instead of silently staying English.

A glossary line is `English<TAB>Korean`, or `Context<TAB>English<TAB>Korean` for a word that
reads differently in one class's screen: "Held" is 상담 완료 for a consultation and 방송 완료
for a studio broadcast. The context's line wins over the plain one.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    glossary: dict[tuple[str, str], str] = {}  # (context or "", English) → Korean
    for line in (ROOT / "tools" / "ko_glossary.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            *context, english, korean = line.split("\t")
            glossary["".join(context), english.replace("\\n", "\n")] = korean.replace("\\n", "\n")
    ts_path = ROOT / "resources" / "translations" / "expo_console_ko.ts"
    tree = ET.parse(ts_path)
    missing = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            if not _fill(message, name, glossary):
                missing.append(message.findtext("source") or "")
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    for source in missing:
        print(f"untranslated: {source!r}", file=sys.stderr)
    return 1 if missing else 0


def _fill(message: ET.Element, context: str, glossary: dict[tuple[str, str], str]) -> bool:
    """Fill an unfinished message from the glossary; False when it stays untranslated."""
    source = message.findtext("source") or ""
    translation = message.find("translation")
    assert translation is not None
    # lupdate may pre-fill an unfinished entry from the same text in another context: the
    # glossary settles those too.
    unfinished = translation.get("type") == "unfinished" or not (translation.text or "").strip()
    if not unfinished:
        return True
    korean = glossary.get((context, source), glossary.get(("", source)))
    if korean is None:
        return False
    forms = translation.findall("numerusform")
    if message.get("numerus") == "yes" and forms:
        for form in forms:  # Korean has one plural form: the same text for every count
            form.text = korean
    else:
        translation.text = korean
    translation.attrib.pop("type", None)
    return True


if __name__ == "__main__":
    sys.exit(main())
