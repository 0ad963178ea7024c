"""SQLite storage through sqlite-utils: connection rules, schema, repositories. No Qt."""
