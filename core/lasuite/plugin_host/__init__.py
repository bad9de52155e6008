"""The core's side of the plugin contract: loading plugins from their entry points,
the registry of what they contributed, mounting their routes behind the per-organization
switch, and the admin routes that turn them on and off. Plugins never import it: their
API is :mod:`lasuite.plugins`."""
