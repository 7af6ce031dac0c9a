"""One module per `xtkjs` subcommand (see runtime/cli.py)."""
