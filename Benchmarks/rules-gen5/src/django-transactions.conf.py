project = "Django"
html_theme = "alabaster"
extensions = []
root_doc = "transactions"
