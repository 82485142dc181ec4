project = 'Python'
html_theme = 'alabaster'
master_doc = 'library/weakref'
exclude_patterns = ['_build']
