project = "aiohttp"
html_theme = "furo"
extensions = []
root_doc = "client_advanced"
