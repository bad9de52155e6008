"""Unified search: the providers plugins register and one endpoint asking them all."""
