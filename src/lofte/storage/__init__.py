"""Storage: the only layer that touches YAML and the file system."""
