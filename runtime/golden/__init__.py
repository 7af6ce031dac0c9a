"""Golden-output tests of workflow scripts (`xtkjs test`, the pytest plugin; docs/golden.md).

    format.py    parse / render golden files
    runner.py    run one script deterministically in a fresh store; compare or update
    snapshot.py  the stores' contents as sections
    suite.py     discovery, worker processes with a hard time limit, the summary
"""
from runtime.golden.format import Config, Golden, GoldenFormatError, parse, parse_now, render  # noqa: F401
from runtime.golden.runner import Result, Settings, check_script, run_script  # noqa: F401
