project = "Python"
html_theme = "sphinx_rtd_theme"
extensions = []
root_doc = "shelve"
