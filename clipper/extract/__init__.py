"""Extractors: HTML pages (trafilatura core + pruning) and copied text (line classification)."""
