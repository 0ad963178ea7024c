"""The registration & badges workspace: visitor list, walk-in form, import and export."""
