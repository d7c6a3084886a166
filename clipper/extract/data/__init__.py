"""Data for the copied-text models: the trained weights (linemodel.npz, header_title*.json) and the end-matter phrases."""
