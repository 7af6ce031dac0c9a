"""The interactive shell: prompt_toolkit over a ReplSession (imported only for `xtkjs repl`).

Enter runs the input once it is a complete statement (ReplSession.status), otherwise it opens a
new line; Esc Enter runs it as it is. Tab completes (runtime/repl/session.py: complete); the input
is coloured by the E4X-aware JavaScript lexer (runtime/repl/highlight.py). Ctrl-C at the prompt
clears the input, during a statement it stops the statement; Ctrl-D on an empty input leaves.
"""
from __future__ import annotations

import os
from pathlib import Path

from runtime.repl.session import INCOMPLETE, ReplSession

PROMPT = "> "
CONTINUATION = "... "
HISTORY_ENV = "XTKJS_REPL_HISTORY"


def history_path(options) -> Path | None:
    """The history file: $XTKJS_REPL_HISTORY, else `repl_history` in the store folder (--home);
    None when that folder cannot be made (history is then kept for the session only)."""
    env = os.environ.get(HISTORY_ENV)
    if env is not None:
        return Path(env).expanduser() if env else None
    home = Path(options.home).expanduser()
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return home / "repl_history"


def _make_completer(session: ReplSession):
    from prompt_toolkit.completion import Completer, Completion

    class ReplCompleter(Completer):
        def get_completions(self, document, complete_event):
            start, names = session.complete(document.text_before_cursor)
            for name in names:
                yield Completion(name, start_position=-start)

    return ReplCompleter()


def _key_bindings(session: ReplSession):
    from prompt_toolkit.filters import Condition
    from prompt_toolkit.key_binding import KeyBindings

    kb = KeyBindings()

    @kb.add("enter")
    def _enter(event) -> None:
        buf = event.current_buffer
        doc = buf.document
        if not doc.text_after_cursor.strip() and session.status(buf.text) != INCOMPLETE:
            buf.validate_and_handle()
            return
        line = doc.current_line_before_cursor
        indent = line[: len(line) - len(line.lstrip())]
        if line.rstrip().endswith(("{", "(", "[")):
            indent += "  "
        buf.insert_text("\n" + indent)

    @kb.add("escape", "enter")
    def _run_now(event) -> None:
        event.current_buffer.validate_and_handle()

    @Condition
    def _blank_before_cursor() -> bool:
        from prompt_toolkit.application import get_app

        return not get_app().current_buffer.document.current_line_before_cursor.strip()

    @kb.add("tab", filter=_blank_before_cursor)
    def _indent(event) -> None:
        event.current_buffer.insert_text("  ")

    return kb


def run_terminal(session: ReplSession) -> int:
    """The read-eval-print loop on a terminal; the exit code (always 0: errors are shown)."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory, InMemoryHistory
    from prompt_toolkit.lexers import PygmentsLexer

    from runtime.repl.highlight import E4XJavascriptLexer

    path = history_path(session.options)
    history = InMemoryHistory()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch(exist_ok=True)
            history = FileHistory(str(path))
        except OSError:
            pass
    prompt = PromptSession(
        PROMPT,
        multiline=True,
        prompt_continuation=lambda width, line_number, soft_wrap: CONTINUATION.rjust(width),
        lexer=PygmentsLexer(E4XJavascriptLexer),
        completer=_make_completer(session),
        complete_while_typing=False,
        history=history,
        key_bindings=_key_bindings(session),
        enable_history_search=False,
        include_default_pygments_style=True,
    )
    session.out.write("xtkjs REPL: workflow JavaScript with E4X and the xtk APIs. "
                      "Type .help for commands, Ctrl-D to leave.\n")
    session.out.flush()
    while not session.exit_requested:
        try:
            text = prompt.prompt()
        except KeyboardInterrupt:
            continue  # Ctrl-C at the prompt: the input is dropped
        except EOFError:
            break
        if not text.strip():
            continue
        try:
            session.execute(text)
        except KeyboardInterrupt:
            session.err.write("interrupted\n")
        session.out.flush()
    return 0
