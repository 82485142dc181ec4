project = "psycopg"
html_theme = "furo"
extensions = []
root_doc = "transactions"
default_role = "obj"  # as in psycopg docs/conf.py
