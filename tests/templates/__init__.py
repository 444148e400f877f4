"""Tests for analyzer.templates: masking, the template miner, unmatched error groups."""
