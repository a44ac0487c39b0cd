"""PySide6 user interface: the only package that imports Qt."""

import time

# Start-up is measured from here: the first module of ours that any entry point imports.
STARTED = time.perf_counter()
