"""Reports: attendance and violations per window, staff member and day, assembled once (`service.build_view`) for
the API and the CLI, then rendered as JSON, CSV, XLSX or the console page."""
