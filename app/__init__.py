"""Domain and use cases of the commune one-stop desk (Qt-free)."""

__version__ = "0.1.0"
