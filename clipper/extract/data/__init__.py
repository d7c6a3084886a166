"""Data for the copied-text line model: stop-word lists and the trained weights (linemodel.npz)."""
