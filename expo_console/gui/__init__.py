"""The PySide6 desktop console. Qt is imported only under this package."""
