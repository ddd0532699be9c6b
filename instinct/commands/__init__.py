"""One module per `instinct` subcommand: `add_parser(subparsers)` and `run(args)`."""
