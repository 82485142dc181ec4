project = "contextvars"
root_doc = "contextvars"
html_theme = "alabaster"
extensions = []
