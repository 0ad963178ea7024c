"""The consultation schedule on paper and in a workbook: itineraries, exhibitors' and
interpreters' schedules, door sheets, XLSX (schedule_files is the entry point)."""
