"""Word lists and patterns the rule families use, kept apart from their logic."""
