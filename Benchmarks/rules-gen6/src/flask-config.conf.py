project = "Flask"
html_theme = "alabaster"
extensions = []
root_doc = "config"
