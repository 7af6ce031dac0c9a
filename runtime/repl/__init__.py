"""The interactive REPL (`xtkjs repl`, docs/repl.md).

- session.py: the evaluation core (one persistent Sandbox), usable without a terminal
- js.py: the REPL's JavaScript helpers (syntax check, echo formatting, completion)
- commands.py: dot-commands; highlight.py: E4X-aware colouring; terminal.py: prompt_toolkit shell
"""
