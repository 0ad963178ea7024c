"""SQLite storage through sqlite-utils: connection rules, schema, repositories. No Qt.

Every SQL statement of the console lives in this package; services call the repositories'
typed functions and the GUI calls services (import-linter contracts in pyproject.toml). Each
table's writes are in the repository beside it (one exception: removing a zone unlinks its gates
and exhibitors, in layout_repo.delete_zones):

    event, halls (row and name)         event_repo    (settings: services/event_settings.py)
    halls (geometry), hall_backgrounds,
    booths, zones, sections, exhibitors layout_repo
    desks                               desks_repo
    gates                               gates_repo
    scans                               scans_repo
    badges                              badges_repo
    occupancy_corrections               occupancy_repo
    visitors, removed_visitors          visitors_repo
    print_log                           print_log_repo
    import_runs                         import_runs_repo
    audit_log                           audit_repo
    cancelled_badges                    badges_repo
    scan_annulments                     scans_repo
    (PRAGMA user_version: the schema)   schema, migrations, connection
    the hub's roles and database (PG)   hub_roles_repo
"""
