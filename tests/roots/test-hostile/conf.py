# A one-chapter book whose annotations carry script, links with script, event handlers and raw LaTeX:
# every builder must print them as inert text.

project = "Hostile annotations"
version = release = "1"
copyright = "2026, the editors"
author = "The editors"
extensions = ["myst_parser", "edition"]
myst_enable_extensions = ["colon_fence", "attrs_block", "attrs_inline", "deflist"]
smartquotes = False
exclude_patterns = ["_build", "secret.md"]
epub_basename = "hostile"
