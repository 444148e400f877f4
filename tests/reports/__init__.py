"""Tests for analyzer.reports and analyzer.redact: formats, redaction, golden files, browser."""
