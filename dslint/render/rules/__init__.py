"""Render-lane rules (DS95x): what Helm itself says about the values.

The render pipeline reports these (every module sets `engine=True`): Helm's
own refusals (a chart's `fail`, a template error, the chart's values schema),
output that is not YAML, and a render that cannot be reproduced.  The
registry (`dslint.registry.LANE_PACKAGES`) lists this package as the "render" lane.
"""
