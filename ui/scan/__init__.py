"""Scanning UI: the scan dialog, its device list, page strip and background jobs."""
