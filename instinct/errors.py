"""The one exception type a user ever sees: the CLI prints its message on one line and exits 2."""


class InstinctError(Exception):
    """Bad input from the user (a flag, a config file, a run folder, a genome file)."""
