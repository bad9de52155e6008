"""An organization's data taken out of an installation as one archive, and put into
another: ``lasuite org export`` and ``lasuite org import``.

The core exports the rows of every table that belongs to the organization (its own and
each plugin's), the people those rows name and the stored files; a plugin adds readable
copies of what it keeps (documents as Markdown) through ``ctx.add_exporter``.
"""
