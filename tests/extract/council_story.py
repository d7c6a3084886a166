"""The made-up news story the extraction tests build their pages around: three paragraphs of
plain prose (each test adds what its case needs)."""

COUNCIL = (
    "The city council voted on Tuesday to expand the network of protected bicycle lanes across "
    "the downtown district, a plan that had been debated for more than two years.",
    "Supporters said the lanes would make cycling safer for commuters and reduce traffic, while "
    "several shop owners worried that removing parking spaces would cost them customers.",
    "The first stretch, along the river road, is expected to open next spring, and the remaining "
    "segments will follow in stages over the next three years as funding becomes available.",
)
