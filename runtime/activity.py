"""A workflow JavaScript activity runs as a function body: a top-level `return` ends it.

V8 evaluates scripts, where `return` outside a function is a syntax error. A script that has
one is run again in the form `activity_body()` builds: the same text inside a function, on the
same lines (only line 1 is shifted right by PREFIX, which error reports subtract), whose local
names are copied to the global object when it ends, however it ends (stdlib_js/10_workflow.js,
`__xtkjsExport`), so its top-level `var`s and functions stay globals as Campaign users expect.
Scripts without a top-level return run unchanged.
"""
from __future__ import annotations

import re

ILLEGAL_RETURN = "Illegal return statement"
PREFIX = "try{(function(){__xtkjsScope(__xtkjsLocals);"
_NAME = re.compile(r"(?<![\w$.])[A-Za-z_$][\w$]*")
# Names a closure cannot return (reserved words) or must not export.
_SKIP = frozenset("""
break case catch class const continue debugger default delete do else enum export extends false
finally for function if import in instanceof new null return super switch this throw true try
typeof var void while with yield let static implements interface package private protected
public await arguments eval undefined NaN Infinity globalThis __xtkjsLocals __xtkjsScope
__xtkjsExport""".split())


def activity_body(js: str) -> str:
    """`js` as a function body whose locals become globals when it returns or throws."""
    names = sorted({n for n in _NAME.findall(js) if n not in _SKIP and not n.startswith("__e4x")})
    locals_list = ",".join(f'["{n}",function(){{return {n}}}]' for n in names)
    return (f"{PREFIX}{js}\n;function __xtkjsLocals(){{return[{locals_list}]}}\n"
            "}).call(this)}finally{__xtkjsExport()}")
