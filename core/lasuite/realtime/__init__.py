"""Realtime: the event bus, the app websocket, its topics, presence, and their pub/sub.

- :mod:`.events` and :mod:`.bus`: typed domain events, ``will`` handlers in the
  publisher's transaction (they may veto) and ``after_commit`` handlers;
- :mod:`.socket` and :mod:`.connection`: the one app websocket ``/api/v1/ws``;
- :mod:`.topics`, :mod:`.actions`: what a client may subscribe to and call;
- :mod:`.fanout` and the backends: delivery to every app instance through Litestar's
  channels plugin (in memory embedded, Redis in production), with a bounded history
  per topic for clients resuming after a reconnect;
- :mod:`.presence`: who is online, away, or looking at a topic.

Plugins reach it through :mod:`lasuite.plugins` only.
"""
