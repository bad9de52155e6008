"""File storage: uploads streamed to a local directory or an S3-compatible bucket.

Plugins reach it through ``lasuite.plugins`` only (``files: Files``, ``StoredFile``);
the core serves a file solely through ``GET /api/v1/files/{id}`` after the owning
plugin's policy allows it.
"""
