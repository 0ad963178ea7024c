"""The studio's and the photo corner's prints: confirmations, running orders, the workbook."""
