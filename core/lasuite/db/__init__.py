"""Database access: the shared metadata, the async engine and sessions."""

from lasuite.db.base import Model, metadata
from lasuite.db.engine import Database

__all__ = ["Database", "Model", "metadata"]
