project = "tempfile"
extensions = []
html_theme = "pydata_sphinx_theme"
root_doc = "tempfile"
