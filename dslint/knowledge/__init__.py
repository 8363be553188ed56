"""What dslint knows about the DeepSpeed chart and about Kubernetes, in one place.

* `kubernetes`: facts both lanes judge by (image references and the tag
  policy, quantities, names, the pod security tables, the OpenShift API);
* `chart`: what the chart renders from its values (pods, containers, images,
  sizing, budgets, the OpenShift adaptation, names);
* `versions`: every published chart version and its generated facts
  (parameters, types, defaults, the pinned `common` library and its presets);
* `join` and `generate`: how those facts are made from each version's chart files
  and the hand-written typed models;
* `detect`: which chart version a run checks, and why.
"""
