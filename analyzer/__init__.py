"""Log diagnostics analyzer: finds vendor error codes in device logs and explains them."""

__version__ = "0.1.0"
