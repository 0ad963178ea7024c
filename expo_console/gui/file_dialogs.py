"""Every file dialog the console shows: Qt's own dialog, judging the files it lists by name only.

Why one helper: to show a file's icon and type, QFileSystemModel asks its icon provider, and
Qt's default provider asks QMimeDatabase, which opens every file whose name it does not know
(`ev.expo`, `ev.expo-wal`, `ev.expo-shm`) to read its first bytes, even under a `*.pdf` filter.
Closing that descriptor drops every POSIX lock this process holds on the file, SQLite's own
included; another process may then delete the WAL under the open event and the file is
corrupted (storage/connection.py explains the mechanism). NameOnlyIconProvider never opens a
file. The platform's native dialog is never used: on Linux a GTK dialog sniffs files inside this
process the same way, and one dialog we have tested is worth more than native looks.

Save dialogs start in the folder the desk last saved that kind of file to, never in the event
file's own folder: a report or a badge PDF has no business beside the live database.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QFileInfo, QMimeDatabase, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QMessageBox, QWidget

from expo_console.gui import settings
from expo_console.services.store import is_open_event_file


class NameOnlyIconProvider(QFileIconProvider):
    """Icons and type names from the file name alone: nothing is ever opened to look inside."""

    def __init__(self) -> None:
        super().__init__()
        self._mime = QMimeDatabase()

    def icon(self, what):  # type: ignore[no-untyped-def, override]
        if isinstance(what, QFileInfo):
            kind = QFileIconProvider.IconType.Folder if what.isDir() else QFileIconProvider.IconType.File
            return super().icon(kind)
        return super().icon(what)

    def type(self, info: QFileInfo) -> str:  # noqa: A003 - Qt's name
        if info.isDir():
            return super().type(info) if info.isRoot() else QCoreApplication.translate("FileDialogs", "Folder")
        return self._mime.mimeTypeForFile(info.fileName(), QMimeDatabase.MatchMode.MatchExtension).comment()


_PROVIDER: NameOnlyIconProvider | None = None


def name_only_icon_provider() -> NameOnlyIconProvider:
    global _PROVIDER  # one for the process: Qt keeps a pointer to it, so it must outlive every dialog
    if _PROVIDER is None:
        _PROVIDER = NameOnlyIconProvider()
    return _PROVIDER


def _dialog(parent: QWidget | None, caption: str, folder: Path, filters: str) -> QFileDialog:
    dialog = QFileDialog(parent, caption)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    # before the directory is set: the model starts listing (and asking for icons) at once
    dialog.setIconProvider(name_only_icon_provider())
    dialog.setDirectory(str(folder))
    dialog.setNameFilters(filters.split(";;"))
    # Qt 6 labels these two "&Look in:" and "Files of &type:", which Qt's own Korean catalogue
    # (qtbase_ko.qm) does not have yet: it translates only the old texts without the mnemonic.
    dialog.setLabelText(QFileDialog.DialogLabel.LookIn, QCoreApplication.translate("FileDialogs", "&Look in:"))
    dialog.setLabelText(QFileDialog.DialogLabel.FileType, QCoreApplication.translate("FileDialogs", "Files of &type:"))
    return dialog


def _documents() -> Path:
    # a folder that is not there would make the dialog start in the working folder (often the event's)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def _start_folder(kind: str, avoid: Path | None) -> Path:
    remembered = settings.last_folder(kind)
    folder = Path(remembered) if remembered and Path(remembered).is_dir() else _documents()
    if avoid is not None and folder.resolve() == avoid.resolve():
        folder = _documents() if _documents().resolve() != avoid.resolve() else Path.home()
    return folder


def _suffix_of(name_filter: str) -> str:
    """'pdf' of "PDF for the person (*.pdf)": the filter's first pattern's extension ('' for *)."""
    patterns = name_filter.partition("(")[2].rstrip(")").split()
    first = patterns[0] if patterns else ""
    return first[2:] if first.startswith("*.") and "*" not in first[2:] else ""


def _follow_the_filter(dialog: QFileDialog) -> None:
    """A save dialog offering several types: a name typed without an extension gets the chosen
    type's (Qt itself swaps the extension of a name that has one when the type is changed)."""
    dialog.setDefaultSuffix(_suffix_of(dialog.selectedNameFilter()))
    dialog.filterSelected.connect(lambda name_filter: dialog.setDefaultSuffix(_suffix_of(name_filter)))


def suggested_path(kind: str, name: str, *, event_file: Path | None = None) -> Path:
    """Where a file of `kind` would be saved by default: the folder the desk last saved one to,
    else Documents; never the event file's own folder."""
    return _start_folder(kind, event_file.parent if event_file else None) / name


def open_file(parent: QWidget | None, caption: str, filters: str, *, kind: str,
              folder: Path | None = None, for_sqlite: bool = False) -> Path | None:
    """A file to read, or None when cancelled. `kind` names the remembered folder (e.g. "import").

    An open event's own files are refused unless the caller opens them through SQLite
    (`for_sqlite`): reading one as an import or a drawing would drop SQLite's locks.
    """
    remembered = settings.last_folder(kind)
    start = folder or (Path(remembered) if remembered and Path(remembered).is_dir() else _documents())
    dialog = _dialog(parent, caption, start, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    if not dialog.exec() or not dialog.selectedFiles():
        return None
    chosen = Path(dialog.selectedFiles()[0])
    if not for_sqlite and is_open_event_file(chosen):
        QMessageBox.warning(parent, caption, QCoreApplication.translate(
            "FileDialogs", "%1 is the open event's own file and cannot be read this way. Choose another file.")
            .replace("%1", chosen.name))
        return None
    settings.set_last_folder(kind, chosen.parent)
    return chosen


def save_file(parent: QWidget | None, caption: str, filters: str, suggested_name: str, *, kind: str,
              event_file: Path | None = None, folder: Path | None = None) -> Path | None:
    """Where to write a file, or None when cancelled. Never starts beside `event_file`."""
    start = folder or _start_folder(kind, event_file.parent if event_file else None)
    dialog = _dialog(parent, caption, start, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.selectFile(suggested_name)
    _follow_the_filter(dialog)
    if not dialog.exec() or not dialog.selectedFiles():
        return None
    chosen = Path(dialog.selectedFiles()[0])
    if is_open_event_file(chosen):  # writing over the live database (or its WAL) destroys it
        QMessageBox.warning(parent, caption, QCoreApplication.translate(
            "FileDialogs", "%1 is the open event's own file. Choose another name.").replace("%1", chosen.name))
        return None
    settings.set_last_folder(kind, chosen.parent)
    return chosen
