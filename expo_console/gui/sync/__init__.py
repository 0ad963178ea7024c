"""The window's side of the event hub (issue 15): File ▸ Connect to hub…, the background sync,
the hub's state in the status bar, and File ▸ Desks…. (Not the GUI hub of gui/hub.py, the
in-process signal bus the sync tells the views through.)"""
