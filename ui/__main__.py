"""`python -m ui`: the desk application."""

from ui.main import main

raise SystemExit(main())
