"""The page's parts (app.py wires them): the visitor's lab and its commands, the stage, the
views, the sidebar and the link, the language catalogue, and the charts' builders."""
