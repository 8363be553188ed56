"""The second lane: rendered Kubernetes manifests, their object models and manifest rules."""
