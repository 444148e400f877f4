"""The error-code catalog: import from vendor documents, load, lint, export."""
