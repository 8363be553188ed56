"""`dslint upgrade`: what moving to another chart version changes for the user's values.

One small module per step, each comparing the two versions from one angle:

* `parameters`: keys the user sets that the new version removes, renames or
  deprecates, and the parameters it adds (from the knowledge layer's specs);
* `defaults`: defaults the user relies on (does not set) whose value changes,
  with what a preset means in each version's `common` library;
* `findings`: the rules run against both versions; which findings appear and go;
* `manifests`: both charts rendered by Helm, compared object by object, each
  change traced back to a values path where the knowledge layer can tell;
* `run`: the steps in order, into an `UpgradeReport` (`report`);
* `formats/`: text, json (the contract of docs/upgrade.md) and sarif.
"""
