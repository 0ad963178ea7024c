"""Fill the Korean .ts from tools/ko_glossary.tsv after `make update-translations`.

The .ts file stays the source of truth (Qt Linguist edits it); this only fills messages that
are still unfinished and whose English text is in the glossary, so a new string shows up as
untranslated in Linguist instead of silently staying English.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    glossary: dict[str, str] = {}
    for line in (ROOT / "tools" / "ko_glossary.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            english, korean = line.split("\t")
            glossary[english.replace("\\n", "\n")] = korean.replace("\\n", "\n")
    ts_path = ROOT / "resources" / "translations" / "expo_console_ko.ts"
    tree = ET.parse(ts_path)
    missing = []
    for message in tree.getroot().iter("message"):
        source = message.find("source").text or ""
        translation = message.find("translation")
        # lupdate may pre-fill an unfinished entry from the same text in another context: the
        # glossary settles those too.
        unfinished = translation.get("type") == "unfinished" or not (translation.text or "").strip()
        if unfinished:
            if source in glossary:
                forms = translation.findall("numerusform")
                if message.get("numerus") == "yes" and forms:
                    for form in forms:  # Korean has one plural form: the same text for every count
                        form.text = glossary[source]
                else:
                    translation.text = glossary[source]
                translation.attrib.pop("type", None)
            else:
                missing.append(source)
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    for source in missing:
        print(f"untranslated: {source!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
