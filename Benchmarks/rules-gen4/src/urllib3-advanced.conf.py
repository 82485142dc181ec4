project = "urllib3"
html_theme = "furo"
extensions = []
root_doc = "advanced-usage"
