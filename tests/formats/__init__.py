"""Tests for analyzer.formats: parsers, detection, grouping."""
