"""JavaScript loaded into every xtkjs context (shipped as package data; see runtime/stdlib.py)."""
