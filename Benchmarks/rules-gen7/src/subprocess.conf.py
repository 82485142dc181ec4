project = "Python"
html_theme = "pydata_sphinx_theme"
extensions = []
root_doc = "subprocess"
