"""Built-in check functions, registered with :func:`auditor.engine.registry.check`.

Modules: ``values`` (indicator values), ``indicators`` (indicator names), ``forms`` (form fields,
dimensions, goals), ``funds`` (money arithmetic, budget table, cost vs funds).
"""
