"""What a file really is, whatever its name says, and how its text is encoded.

Korean Excel writes CSV in CP949; macOS and web forms write UTF-8, with or without a BOM;
some exports are UTF-16. Strict UTF-8 is tried first (CP949 happily decodes UTF-8 bytes into
nonsense), then CP949 (never `euc_kr`: it cannot decode 똠 and other modern syllables), then
charset-normalizer's best guess.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from expo_console.services.messages import render

# A spreadsheet whose parts unpack to more than this is refused before parsing (zip bomb).
MAX_UNCOMPRESSED_BYTES = 1_000_000_000
MAX_COMPRESSION_RATIO = 200
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A web page: what portals send as an 'Excel download' (<html xmlns:x="urn:...:excel">, or a
# bare <table>), looked for in the first 4 KB once NUL bytes (UTF-16) are gone.
_HTML_START = re.compile(rb"\A(?:\xef\xbb\xbf|\xff\xfe|\xfe\xff)?\s*<")
_HTML_TAGS = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|table)[\s>]", re.IGNORECASE)


class ImportFileError(Exception):
    """A file that cannot be imported; the message says what to do about it."""

    def __init__(self, code: str, message: str, params: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def refusal(code: str, **params: str) -> ImportFileError:
    """A refusal whose text is in messages.MESSAGES, so that the window can show it translated."""
    items = tuple(params.items())
    return ImportFileError(code, render(code, items), items)


@dataclass(frozen=True, slots=True)
class FileKind:
    kind: str  # "csv", "xlsx" or "html" (a web page's table)
    encoding: str = ""  # for csv and html
    note: str = ""  # e.g. a name that does not match the content


def sniff(path: Path) -> FileKind:
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except FileNotFoundError as exc:
        raise ImportFileError("missing", f"There is no file at {path}. Check the path.") from exc
    except OSError as exc:
        raise ImportFileError("unreadable", f"{path} cannot be read ({exc.strerror}).") from exc
    if not head:
        raise ImportFileError("empty", f"{path.name} is empty. Export the list again and retry.")
    suffix = path.suffix.lower()
    if head.startswith(_OLE_MAGIC):
        with path.open("rb") as handle:
            whole = handle.read()
        if "EncryptedPackage".encode("utf-16-le") in whole:
            raise ImportFileError(
                "encrypted",
                f"{path.name} is password-protected. Open it in Excel, remove the password "
                "(File > Info > Protect Workbook), save it and import it again.",
            )
        raise ImportFileError(
            "legacy_xls",
            f"{path.name} is an old Excel 97-2003 (.xls) file. Save it as .xlsx or CSV and import that.",
        )
    if head.startswith(b"PK\x03\x04"):
        _check_xlsx_container(path)
        note = "" if suffix in (".xlsx", ".xlsm") else "named_not_xlsx"
        return FileKind("xlsx", note=note)
    encoding = detect_encoding(path)
    if is_web_page(head):
        return FileKind("html", encoding=encoding, note="web_table")
    note = "named_xlsx_but_text" if suffix in (".xlsx", ".xlsm", ".xls") else ""
    return FileKind("csv", encoding=encoding, note=note)


def is_web_page(head: bytes) -> bool:
    head = head.replace(b"\x00", b"")
    return bool(_HTML_START.match(head) and _HTML_TAGS.search(head))


def _check_xlsx_container(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise ImportFileError(
            "damaged_xlsx",
            f"{path.name} is damaged or incomplete (it may have been cut off while copying). "
            "Open it in Excel, save it again, and import the new copy.",
        ) from exc
    if "xl/workbook.xml" not in names:
        raise ImportFileError(
            "not_xlsx",
            f"{path.name} is a ZIP archive but not an Excel workbook. Export the list as .xlsx or CSV.",
        )
    total = sum(info.file_size for info in infos)
    packed = max(1, sum(info.compress_size for info in infos))
    if total > MAX_UNCOMPRESSED_BYTES or (total > 50_000_000 and total / packed > MAX_COMPRESSION_RATIO):
        raise ImportFileError(
            "too_large",
            f"{path.name} would unpack to {total / 1e6:,.0f} MB, which is not a plausible visitor "
            "list. It was refused before reading; export the list again.",
        )


def detect_encoding(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = data[:4096]
    if sample.count(0) > len(sample) // 4:
        # UTF-16 without a BOM: text of ASCII letters leaves every other byte NUL.
        return "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
    for encoding in ("utf-8", "cp949"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ImportFileError(
            "unknown_encoding",
            f"The text encoding of {path.name} could not be recognised. Save it from Excel as "
            "'CSV UTF-8' and import that.",
        )
    return str(best.encoding)
