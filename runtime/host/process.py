"""execCommand: a shell command line, only with --allow-exec, within the script's remaining time.
Campaign returns [exit code, standard output]; without bNoThrow a failure is an exception."""
from __future__ import annotations

import subprocess

from runtime.errors import HostError
from runtime.host.permissions import check_exec, remaining_time

API = "execCommand"


def exec_command(env, command, no_throw=False) -> list:
    if not isinstance(command, str) or not command.strip():
        raise HostError(f"{API}: expected a command line (a non-empty string)", "TypeError")
    check_exec(env.options, command, API)
    timeout = remaining_time(env, default=None)   # a run without a timeout waits for the command
    try:
        done = subprocess.run(command, shell=True, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=timeout,
                              cwd=str(env.options.files_root) if env.options.files_root else None)
    except subprocess.TimeoutExpired:
        raise HostError(f"{API}: {command}: still running after {timeout:.3g} s (the script's remaining "
                        "time, --timeout); stopped") from None
    except OSError as exc:
        raise HostError(f"{API}: {command}: cannot run: {exc.strerror or exc}") from None
    output = done.stdout.decode("utf-8", errors="replace")
    if done.returncode != 0 and not no_throw:
        err = done.stderr.decode("utf-8", errors="replace").strip()
        detail = f": {err.splitlines()[-1]}" if err else ""
        raise HostError(f"{API}: {command}: exit code {done.returncode}{detail}")
    return [done.returncode, output]


HOST_FUNCTIONS = {"exec.run": exec_command}
