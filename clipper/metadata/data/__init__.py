"""Data the metadata readers use: month names, outlets and role words, stop words."""
