"""Manifest rules (DS9xx): one module per rule, `dsNNN_name.py`, each with `RULE` and `check(ctx)`.

`check` receives a `dslint.manifests.context.ManifestContext` for one object
and yields `ManifestProblem`s (`ctx.problem(field_path, message, fix,
container=...)`).  Keep module tops light: `dslint rules` imports every rule's
metadata, so models and validators are imported inside `check`.
"""
