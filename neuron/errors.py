"""The two errors users meet: a table or a setting that breaks a rule.

Each carries the rule's name and its details so a page can say the same thing in
another language; ``str(error)`` is the English sentence.
"""


class TableError(ValueError):
    """A training table breaks a rule. ``row`` is 1-based, ``column`` a name."""

    def __init__(self, message, rule, row=None, column=None, **details):
        super().__init__(message)
        self.rule = rule
        self.row = row
        self.column = column
        self.details = details

    def __reduce__(self):  # whole when a worker process sends it back (neuron/work.py)
        return _table_error, (str(self), self.rule, self.row, self.column, self.details)


class ConfigError(ValueError):
    """A setting is outside what the trainer accepts. ``field`` names it."""

    def __init__(self, message, field, **details):
        super().__init__(message)
        self.field = field
        self.details = details

    def __reduce__(self):
        return _config_error, (str(self), self.field, self.details)


def _table_error(message, rule, row, column, details):
    return TableError(message, rule, row, column, **details)


def _config_error(message, field, details):
    return ConfigError(message, field, **details)
