"""The page's parts: strings, charts and session handling (app.py wires them)."""
