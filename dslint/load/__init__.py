"""Loading values: YAML files and Helm's --set flags, with the position of every value."""
