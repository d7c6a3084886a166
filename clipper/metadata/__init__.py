"""Metadata: bylines and authors, dates, licensing, titles, language."""
