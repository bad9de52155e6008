"""Background jobs: dramatiq actors registered by plugins, their queue and their status.

- :mod:`~lasuite.jobs.broker`: the broker of ``LASUITE_BROKER_URL`` (embedded, Redis,
  RabbitMQ) and why the embedded one is durable through ``core_job``;
- :mod:`~lasuite.jobs.spec`: what ``ctx.add_job`` registers;
- :mod:`~lasuite.jobs.queue`: enqueueing (``JobQueue``), a row then a message;
- :mod:`~lasuite.jobs.runner` and :mod:`~lasuite.jobs.run`: running one message for its
  organization only, and what the job function receives (``JobRun``);
- :mod:`~lasuite.jobs.status` and :mod:`~lasuite.jobs.models`: the ``core_job`` rows;
- :mod:`~lasuite.jobs.runtime` and :mod:`~lasuite.jobs.worker`: the worker of
  ``lasuite run`` (embedded) and of ``lasuite worker``;
- :mod:`~lasuite.jobs.routes`: the status API.
"""
