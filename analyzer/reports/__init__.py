"""Report formats: one module per format, registered by name in :mod:`.registry`."""
