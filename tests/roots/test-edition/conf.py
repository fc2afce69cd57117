# A two-chapter book that exercises every part of the edition extension.

project = "Edition test book"
extensions = ["myst_parser", "sphinxcontrib.bibtex", "edition"]
myst_enable_extensions = ["colon_fence", "attrs_block"]
bibtex_bibfiles = ["references.bib"]
bibtex_reference_style = "author_year"
smartquotes = False
nitpicky = True
exclude_patterns = ["_build"]
