"""Filter predicates `x.(pred)`: the two forms they are emitted in.

In a predicate, a name the predicate does not declare is looked up on the filtered item first
(its child elements: ECMA-357 11.2.4 puts the item on the scope chain), then in the enclosing
scope. The tokenizer records each predicate's free names and bare `@a` / `ns::a` selectors;
once the whole source is read, each predicate gets one of two forms:

* compiled (the usual case): a function of the item's node in which every free name `a` reads
  `(__e4x_t = __e4x.lookup(item, "a")) !== undefined ? __e4x_t : a` -- one such test per
  enclosing compiled filter, innermost item first -- and `@a` reads `__e4x.item(item, "@a")`.
  No `with`, no Proxy trap per name, and it runs in strict-mode code too. Under `typeof`, the
  last alternative keeps the `typeof a === "undefined"` guard (operators.py).
* `with (item)` (the older form) when the predicate holds what the name rewrite cannot follow:
  nested functions, classes, object literals or blocks (`{`), assignments, `++`/`--`, `delete`
  or `eval`. Such a predicate, and every filter around it, uses `with`; filters inside it may
  still be compiled (their last alternative then resolves through the `with`).
"""
from __future__ import annotations

import json

from .selector import Selector, ident_name

WITH_OPEN = "[__e4x.FILTER](function (__e4x_item) { with (__e4x_item) { return ("
WITH_CLOSE = "); } })"

# Tokens after which a predicate keeps the `with` form.
WITH_ONLY_NAMES = frozenset(("function", "class", "delete", "eval"))
WITH_ONLY_PUNCT = frozenset(("=>", "{", "=", "+=", "-=", "*=", "/=", "%=", "**=", "<<=", ">>=", ">>>=",
                             "&=", "|=", "^=", "&&=", "||=", "??=", "++", "--"))
# Words that are never a reference to a binding.
_NOT_REFERENCES = frozenset((
    "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do",
    "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in",
    "instanceof", "new", "null", "return", "super", "switch", "this", "throw", "true", "try",
    "typeof", "var", "void", "while", "with"))


class Filter:
    """One predicate: its opening token, the enclosing predicate, its nesting depth, its free
    name tokens and item-selector tokens, and whether it needs `with`."""

    __slots__ = ("open", "parent", "depth", "names", "selectors", "qualified", "needs_with")

    def __init__(self, open_token: int, parent: Filter | None, depth: int) -> None:
        self.open = open_token
        self.parent = parent
        self.depth = depth
        self.names: list[int] = []
        self.selectors: list[int] = []  # bare @a, ns::a, @[e] (read the item)
        self.qualified: list[int] = []  # .ns::a and the like: `ns` is a free name too
        self.needs_with = False

    def name(self, i: int, word: str) -> None:
        """A name token (not a property name) inside this predicate."""
        if word in WITH_ONLY_NAMES:
            self.needs_with = True
        elif word not in _NOT_REFERENCES and not word.startswith("#"):
            self.names.append(i)

    def closed(self) -> None:
        if self.needs_with and self.parent is not None:
            self.parent.needs_with = True  # its free names would skip this item otherwise

    def item(self) -> str:
        return f"__e4x_n{self.depth}"


def finish_filters(tk) -> None:
    """Set the text of every predicate's opening and closing, selectors and free names."""
    text, info, match = tk.text, tk.info, tk.match
    for f in tk.filters:
        close = match[f.open]
        if f.needs_with:
            text[f.open], text[close] = WITH_OPEN, WITH_CLOSE
            for i in f.selectors:
                sel = info[i]
                text[i] = "__e4x_item[" + (sel.key_open() if sel.bracket else sel.key() + "]")
            continue
        item = f.item()
        text[f.open], text[close] = _loop_open(f.depth), _loop_close(f.depth)
        items = []
        g = f
        while g is not None and not g.needs_with:
            items.append(g.item())
            g = g.parent
        for i in f.selectors:
            sel = _guarded_ns(info[i], items)
            if sel.bracket:
                text[i] = f"__e4x.item({item}, " + sel.key_open()
                text[match[i]] = "))"
            else:
                text[i] = f"__e4x.item({item}, {sel.key()})"
        for i in f.qualified:
            sel = _guarded_ns(info[i], items)
            text[i] = "[" + (sel.key_open() if sel.bracket else sel.key() + "]")
        for i in f.names:
            tk.guard[i] = _lookups(tk.val[i], items)
            tk.owner[i] = f


def _loop_open(depth: int) -> str:
    # The loop over the items is in the emitted function, not in the runtime: each filter then
    # has its own loop, which V8 optimizes (and inlines the item helpers into) within the first
    # pass over a long list; a shared loop calling one predicate per filter stays megamorphic.
    d = depth
    return (f"[__e4x.FILTER_SELECT](function (__e4x_items{d}) {{ var __e4x_t, __e4x_out{d} = []; "
            f"for (var __e4x_i{d} = 0; __e4x_i{d} < __e4x_items{d}.length; __e4x_i{d}++) {{ "
            f"var __e4x_n{d} = __e4x_items{d}[__e4x_i{d}]; if (")


def _loop_close(depth: int) -> str:
    return f") __e4x_out{depth}.push(__e4x_n{depth}); }} return __e4x_out{depth}; }})"


def _lookups(word: str, items: list[str]) -> str:
    key = json.dumps(ident_name(word), ensure_ascii=False)
    return "".join(f"(__e4x_t = __e4x.lookup({n}, {key})) !== undefined ? __e4x_t : " for n in items)


def _guarded_ns(sel: Selector, items: list[str]) -> Selector:
    """The selector with its namespace name (`ns` of `ns::a`) looked up like any free name."""
    if sel.ns is None or sel.ns == "*" or sel.ns == "function":  # function:: is no variable
        return sel
    return Selector(sel.prefix, "(" + _lookups(sel.ns, items) + sel.ns + ")", sel.name, sel.bracket)


def apply_guards(tk) -> None:
    """Free names not consumed by a `typeof` rewrite: `a` -> `(lookups... a)`."""
    src, start, end, text = tk.src, tk.start, tk.end, tk.text
    for i, lookups in tk.guard.items():
        text[i] = "(" + lookups + text.get(i, src[start[i]:end[i]]) + ")"
