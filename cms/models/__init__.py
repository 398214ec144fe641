"""The home page and the importer's bookkeeping: the project shell's own models."""

from .home import HomePage
from .imports import ImportRecord

__all__ = ["HomePage", "ImportRecord"]
