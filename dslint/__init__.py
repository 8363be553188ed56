"""dslint: a values linter and policy checker for the Bitnami DeepSpeed Helm chart."""

__version__ = "0.1.0"
