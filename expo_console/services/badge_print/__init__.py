"""Badge rendering with reportlab: fonts, QR codes as vector modules, templates, PDF pages."""
