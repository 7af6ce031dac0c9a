"""The tokenizer: JavaScript plus E4X, in one left-to-right pass with small explicit state.

Like acorn, it decides what `/` and `<` mean from the previous token (`expr`: may an expression
start here?), so `a < b` stays a comparison and `x = <a/>` starts an XML literal. Brackets,
template holes and XML holes are tracked on an explicit stack (no Python recursion, whatever
the nesting). E4X constructs whose rewrite needs no operand extents are rewritten here, by
setting a token's emitted text: XML literals, `.@a`, `.*`, `..a`, `.ns::a`, `.@[e]`, filters
`.(p)` and bare `@a` inside them, `default xml namespace =`, `for each`.

Tokens live in parallel lists (type, start, end, value, newline-before) for speed. Comments and
white space are not tokens: the emitter copies the source between tokens verbatim.
"""
from __future__ import annotations

import json
import re

from .errors import fail as _fail
from .filters import WITH_ONLY_PUNCT, Filter, finish_filters
from .literal import XmlLiteral, template_text
from .selector import IDENT, Selector, scan_selector

_NL_CHARS = "\n\r\u2028\u2029"
_WS = "\t\v\f \u00a0\ufeff\u1680\u2000-\u200a\u202f\u205f\u3000"
_NUM = (r"(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+"
        r"|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)n?")
_STR = r""""(?:[^"\\\n\r]|\\(?:\r\n|[\s\S]))*"|'(?:[^'\\\n\r]|\\(?:\r\n|[\s\S]))*'"""
_PUNCT = (r">>>=|\.\.\.|===|!==|\*\*=|<<=|>>=|>>>|&&=|\|\|=|\?\?=|=>|==|!=|<=|>=|&&|\|\||\?\?"
          r"|\?\.(?!\d)|\+\+|--|\+=|-=|\*=|/=|%=|&=|\|=|\^=|\*\*|<<|>>|::"
          r"|[{}()\[\];,<>+\-*/%&|^!~?:=.@`]")
_MASTER = re.compile(
    rf"[ \t]*(?:(?P<ws>[{_WS}]+)|(?P<nl>[{_NL_CHARS}]+)|(?P<lc>//[^{_NL_CHARS}]*)|(?P<bc>/\*[\s\S]*?\*/)"
    rf"|(?P<name>\#?{IDENT})|(?P<num>{_NUM})|(?P<str>{_STR})|(?P<punct>{_PUNCT})|(?P<other>[\s\S]))")
_REGEX = re.compile(r"/(?:[^\\/\[\n\r\u2028\u2029]|\\[^\n\r\u2028\u2029]"
                    r"|\[(?:[^\]\\\n\r\u2028\u2029]|\\[^\n\r\u2028\u2029])*\])+/[\w$]*")
_TEMPLATE = re.compile(r"(?:[^`\\$]|\\[\s\S]|\$(?!\{))*")
_DEFNS = re.compile(r"default\s+xml\s+namespace\s*=(?![=>])")
_QUAL = re.compile(rf"{IDENT}::")
_ASSIGNED_PLAIN = re.compile(r"[ \t]*=(?![=>])")
_ASSIGNED = re.compile(r"[ \t]*(?:\+\+|--|(?:[-+*/%&|^]|\*\*|<<|>>>?|&&|\|\||\?\?)?=(?![=>]))")
_CONST_END = re.compile(r"[ \t]*[;,]")
# what may follow a bare `*` used as an operand (not so a generator's `*name`, or `+* 2`)
_STAR_OPERAND_END = re.compile(r"[ \t]*(?:[.(;,)\]}\n\r]|$)")
_SPACE = re.compile(rf"[{_WS}{_NL_CHARS}]*")
_XML_START = re.compile(r"<[^\W\d]|<[>{!?/_:]")

# After these names an expression may start (so `/` is a regex and `<` an XML literal).
EXPR_KEYWORDS = frozenset(("return", "typeof", "instanceof", "in", "new", "delete", "void", "throw",
                           "case", "do", "else", "yield", "await", "extends"))
_STMT_PAREN = frozenset(("if", "while", "for", "with", "switch", "catch"))

RENAMED_ENUM = "__e4x_enum"
WITH_SELF = "__e4x_self"

# Context kinds on the bracket stack.
_BRACE, _PAREN, _BRACKET, _TPL, _XML = range(5)


class Bail(Exception):
    """The source is not well-formed JavaScript here (unbalanced bracket, unterminated string...)."""

    def __init__(self, pos: int, message: str) -> None:
        super().__init__(message)
        self.pos = pos
        self.message = message


class Tokens:
    """The token arrays, their pairing (`match`: opener index -> closer index) and the edits
    (`text`: replacement text of a token; `pre`/`post`: insertions around it; `nogap`: tokens
    whose preceding horizontal white space is dropped)."""

    __slots__ = ("src", "filename", "typ", "start", "end", "val", "nl", "match", "text", "pre",
                 "post", "nogap", "info", "e4x", "filters", "guard", "owner")

    def __init__(self, src: str, filename: str) -> None:
        self.src = src
        self.filename = filename
        self.typ: list[str] = []
        self.start: list[int] = []
        self.end: list[int] = []
        self.val: list[str] = []
        self.nl: list[bool] = []
        self.match: dict[int, int] = {}
        self.text: dict[int, str] = {}
        self.pre: dict[int, list[str]] = {}
        self.post: dict[int, list[str]] = {}
        self.nogap: set[int] = set()
        self.info: dict[int, object] = {}  # selector tokens -> Selector
        self.e4x = False  # saw E4X syntax
        self.filters: list[Filter] = []  # every filter predicate, in order of opening
        self.guard: dict[int, str] = {}  # free name token -> its item lookups (filters.py)
        self.owner: dict[int, Filter] = {}  # free name token -> its (innermost) compiled filter

    def fail(self, pos: int, message: str, spidermonkey: str | None = None):
        _fail(self.src, self.filename, pos, message, spidermonkey)


def tokenize(src: str, filename: str, tk: Tokens | None = None) -> Tokens:
    """Tokens of `src` (into `tk` if given). Raises E4XSyntaxError for malformed E4X and Bail for
    JavaScript it cannot tokenize (`tk.e4x` then tells whether E4X syntax came before)."""
    tk = tk if tk is not None else Tokens(src, filename)
    stack: list[list] = []  # [kind, opener index, ...]
    try:
        _tokenize(src, tk, stack)
    except Bail as exc:
        holes = [ctx for ctx in stack if ctx[0] == _XML]
        if holes:
            if exc.message.startswith("unexpected"):
                tk.fail(exc.pos, f"E4X: {exc.message} in an XML literal's {{expression}}")
            # most likely the hole's own "}" is missing
            tk.fail(tk.start[holes[-1][1]], "E4X: unterminated {expression} in an XML literal (missing '}')")
        raise
    return tk


def _tokenize(src: str, tk: Tokens, stack: list) -> None:
    typ, starts, ends, vals, nls = tk.typ, tk.start, tk.end, tk.val, tk.nl
    match, text, info = tk.match, tk.text, tk.info
    master_match = _MASTER.match
    n = len(src)
    pos = 0
    expr = True  # may an expression start here
    nl = False  # a line break since the previous token
    prop = False  # the next name is a property name (after . or ?.)
    prev_t = ""  # type and value of the previous token
    prev_v = ""
    filters = 0  # open filter predicates
    fstack: list[Filter] = []  # the open ones, innermost last
    if src.startswith("#!"):  # hashbang line
        pos = len(src.split("\n", 1)[0])

    def add(t: str, s: int, e: int, v: str) -> int:
        nonlocal nl
        typ.append(t)
        starts.append(s)
        ends.append(e)
        vals.append(v)
        nls.append(nl)
        nl = False
        return len(typ) - 1

    def fail(p: int, message: str, spidermonkey: str | None = None):
        tk.fail(p, message, spidermonkey)

    def item_selector(p: int, end: int, sel) -> tuple[int, bool]:
        """A bare `@a` / `ns::a` in a filter predicate reads the filtered item:
        (token index, whether an expression follows, i.e. `[expr]` is open). Its text is set
        when the predicate's form is known (filters.py)."""
        fstack[-1].selectors.append(len(typ))
        if sel.bracket:
            i = add("attropen", p, end, src[p:end])
            stack.append([_BRACKET, i, ")]"])
            info[i] = sel
            return i, True
        i = add("attr", p, end, src[p:end])
        info[i] = sel
        return i, False

    def open_hole(p: int, lit: XmlLiteral) -> None:
        i = add("hopen", p, p + 1, "{")
        text[i] = "${"
        stack.append([_XML, i, lit])

    def literal_chunk(t: str, s: int, end: int, hole: bool, lit: XmlLiteral) -> bool:
        """Adds the static chunk ending at `end` (after a hole's "{" if `hole`); True if the
        literal is complete."""
        e = end - 1 if hole else end
        i = add(t, s, e, "")
        # name text around a hole goes into the hole (`<p:b{x}>` -> `<${"p:b" + (x)}>`)
        body = template_text(src[s + len(lit.tail):e - len(lit.head) if hole else e])
        if t in ("xmls", "xml"):
            body = ("__e4x.list`" if lit.is_list else "__e4x.xml`") + body
        if not hole:
            body += "`"
            typ[i] = "xml" if t == "xmls" else "xmle"
        text[i] = body
        if hole:
            open_hole(e, lit)
            return False
        return True

    def selector(p: int, prefix: str, skip: int) -> int:
        """The selector after `prefix` whose operator starts at p (`skip` chars long)."""
        end, sel = scan_selector(src, p + skip, prefix)
        if isinstance(sel, str):
            fail(p + skip, sel)
        tk.e4x = True
        if sel.bracket:
            i = add("selopen", p, end, src[p:end])
            text[i] = "[" + sel.key_open()
            stack.append([_BRACKET, i, ")]"])
        else:
            i = add("sel", p, end, src[p:end])
            text[i] = "[" + sel.key() + "]"
        info[i] = sel
        if fstack and sel.ns is not None and sel.ns != "*":
            fstack[-1].qualified.append(i)
        return end

    while pos < n:
        m = master_match(src, pos)
        if m is None:  # trailing blanks
            break
        kind = m.lastgroup
        pos = m.start(kind)
        end = m.end()
        if kind == "ws" or kind == "lc":
            pos = end
            continue
        if kind == "nl":
            nl = True
            pos = end
            continue
        if kind == "bc":
            if not nl:
                nl = any(c in src[pos:end] for c in _NL_CHARS)
            pos = end
            continue
        if kind == "name":
            v = m.group(kind)
            if prop:
                add("name", pos, end, v)
                prop = False
                prev_t, prev_v = "prop", v
                expr = False
                pos = end
                continue
            if expr and src.startswith("::", end) and v[0] != "#":
                # A qualified name `ns::name` (only as a filter's child name), or
                # `function::name`: the name itself (the method, not the <name> children)
                if v == "function" and not filters:
                    end2, sel = scan_selector(src, pos, "")
                    if isinstance(sel, str) or sel.bracket or sel.name == "*":
                        fail(end + 2, "E4X: expected a name after function::")
                    text[add("name", pos, end2, sel.name)] = _bare_method(src, end2, sel.name)
                    tk.e4x = True
                    prev_t, prev_v = "name", sel.name
                    expr = False
                    pos = end2
                    continue
                if not filters:
                    fail(pos, f"E4X: qualified name {v}::… is only supported after '.' or inside a filter .(…)")
                end2, sel = scan_selector(src, pos, "")
                if isinstance(sel, str):
                    fail(end + 2, sel)
                tk.e4x = True
                i, expr = item_selector(pos, end2, sel)
                prev_t, prev_v = "attr", ""
                pos = end2
                continue
            if v == "default":
                dm = _DEFNS.match(src, pos)
                if dm is not None:
                    i = add("defns", pos, dm.end(), dm.group())
                    text[i] = "__e4x.setDefaultNamespace(" + "\n" * dm.group().count("\n")
                    tk.e4x = True
                    prev_t, prev_v = "defns", ""
                    expr = True
                    pos = dm.end()
                    continue
            elif v == "each" and prev_t == "name" and prev_v == "for" and \
                    src.startswith("(", _SPACE.match(src, end).end()):
                i = add("each", pos, end, v)
                text[i] = ""
                tk.nogap.add(i + 1)
                tk.e4x = True
                prev_t, prev_v = "each", v
                expr = False
                pos = end
                continue
            elif (v == "in" or v == "of") and stack:
                top = stack[-1]
                fctx = top[3] if top[0] == _PAREN else None
                if fctx is not None and not fctx[1] and not fctx[2] and (
                        v == "in" or not (prev_t == "punct" and prev_v == "("
                                          or prev_t == "name" and prev_v in ("var", "let", "const"))):
                    i = add("forin", pos, end, v)
                    fctx[1] = True
                    if fctx[0]:
                        if v != "in":
                            fail(pos, "E4X: expected 'in' in for each (… in …)")
                        text[i] = "of __e4x.each("
                        tk.nogap.add(i + 1)
                    prev_t, prev_v = "forin", v
                    expr = True
                    pos = end
                    continue
            if v == "enum" and not _is_object_key(src, end, prev_t, prev_v, stack):
                # SpiderMonkey and Rhino accept `enum` as a name; V8 reserves it
                text[add("name", pos, end, v)] = RENAMED_ENUM
                tk.e4x = True
                prev_t, prev_v = "name", v
                expr = False
                pos = end
                continue
            if prev_t == "name" and prev_v == "const" and _CONST_END.match(src, end):
                # SpiderMonkey accepts `const x;` (x is undefined); V8 wants an initializer
                tk.post[len(typ)] = [" = undefined"]
            if fstack:
                fstack[-1].name(len(typ), v)
            typ.append("name")
            starts.append(pos)
            ends.append(end)
            vals.append(v)
            nls.append(nl)
            nl = False
            prev_t, prev_v = "name", v
            expr = v in EXPR_KEYWORDS
            pos = end
            continue
        if kind == "num" or kind == "str":
            add(kind, pos, end, "")
            prev_t, prev_v = kind, ""
            expr = False
            pos = end
            continue
        if kind == "other":
            raise Bail(pos, f"unexpected character {src[pos]!r}")
        # punctuation
        v = m.group(kind)
        c = v[0]
        if c == "/" and expr:
            rm = _REGEX.match(src, pos)
            if rm is None:
                raise Bail(pos, "unterminated regular expression")
            end = rm.end()
            add("regex", pos, end, "")
            prev_t, prev_v = "regex", ""
            expr = False
            pos = end
            continue
        if c == "<" and expr and _XML_START.match(src, pos):
            tk.e4x = True
            if src.startswith("</", pos):
                # `<root>{v + </root>`: the closing tag belongs to the literal whose hole is open
                holes = [ctx for ctx in stack if ctx[0] == _XML]
                if holes:
                    fail(starts[holes[-1][1]], "E4X: unterminated {expression} in an XML literal (missing '}')")
            lit = XmlLiteral(src, pos, fail)
            lend, hole = lit.scan()
            expr, prev_t, prev_v = _after_chunk(literal_chunk("xmls", pos, lend, hole, lit))
            pos = lend
            continue
        if v == "<" and expr:
            # no JavaScript expression starts with "<": a tag whose name is missing (`< a>`)
            fail(pos + 1, "E4X: expected a tag name after '<'", "invalid XML name")
        if c == "`" or (c == "}" and stack and stack[-1][0] == _TPL):
            if c == "}":
                ctx = stack.pop()
            tm = _TEMPLATE.match(src, pos + 1)
            tend = tm.end()
            if tend >= n:
                raise Bail(pos, "unterminated template literal")
            if src[tend] == "`":
                i = add("tpl" if c == "`" else "tple", pos, tend + 1, "")
                if c == "}":
                    match[ctx[1]] = i
                prev_t, prev_v = "tpl", ""
                expr = False
                pos = tend + 1
            else:  # "${"
                i = add("tpls" if c == "`" else "tplm", pos, tend + 2, "")
                if c == "}":
                    match[ctx[1]] = i
                stack.append([_TPL, i])
                prev_t, prev_v = "punct", "${"
                expr = True
                pos = tend + 2
            continue
        if c == "." and not expr:
            nxt = src[pos + 1:pos + 3]
            if nxt[:1] == "@":
                pos = selector(pos, "@", 2)
            elif nxt == ".@":
                pos = selector(pos, "..@", 3)
            elif nxt[:1] == "." and nxt != "..":
                pos = selector(pos, "..", 2)
            elif nxt[:1] == "*":
                pos = selector(pos, "", 1)
            elif nxt[:1] == "(":
                i = add("filter", pos, pos + 2, ".(")
                f = Filter(i, fstack[-1] if fstack else None, len(fstack))
                fstack.append(f)
                tk.filters.append(f)
                stack.append([_PAREN, i, False, None, True])
                filters += 1
                tk.e4x = True
                prev_t, prev_v = "punct", "("
                expr = True
                pos += 2
                continue
            else:
                qm = _QUAL.match(src, pos + 1) if "::" in src[pos:pos + 200] else None
                if qm is None:
                    add("punct", pos, end, v)
                    prev_t, prev_v = "punct", v
                    prop = True
                    pos = end
                    continue
                pos = selector(pos, "", 1)
            prev_t, prev_v = "sel", ""
            expr = typ[-1] == "selopen"
            continue
        if c == "@":
            end2, sel = scan_selector(src, pos + 1, "@")
            if isinstance(sel, str):
                fail(pos + 1, sel)
            tk.e4x = True
            if not filters:
                # `with (x) { @id }`: the XML object of the enclosing `with` (its Proxy answers
                # the name WITH_SELF with itself)
                if sel.bracket:
                    i = add("attropen", pos, end2, src[pos:end2])
                    text[i] = WITH_SELF + "[" + sel.key_open()
                    stack.append([_BRACKET, i, ")]"])
                    expr = True
                else:
                    text[add("attr", pos, end2, src[pos:end2])] = WITH_SELF + "[" + sel.key() + "]"
                    expr = False
                prev_t, prev_v = "attr", ""
                pos = end2
                continue
            i, expr = item_selector(pos, end2, sel)
            info[i] = sel
            prev_t, prev_v = "attr", ""
            pos = end2
            continue
        if v == "*" and expr and prev_v != "yield" and _STAR_OPERAND_END.match(src, end):
            # a bare `*` (any name, E4X 11.1.2): the children of the enclosing `with (xml)` or
            # filter item, like a bare `@name` (`*gen() {}` and `yield*` stay JavaScript)
            tk.e4x = True
            sel = Selector("", None, "*", False)
            if filters:
                i, expr = item_selector(pos, end, sel)
            else:
                text[add("attr", pos, end, v)] = WITH_SELF + "[" + sel.key() + "]"
                expr = False
            prev_t, prev_v = "attr", ""
            pos = end
            continue
        if fstack and v in WITH_ONLY_PUNCT:
            fstack[-1].needs_with = True
        if c in "([{":
            i = add("punct", pos, end, v)
            if c == "(":
                stmt = prev_t == "name" and prev_v in _STMT_PAREN or prev_t == "each" or (
                    prev_t == "name" and prev_v == "await" and len(typ) > 2 and vals[-3] == "for")
                fctx = None
                if stmt and (prev_v in ("for", "await") or prev_t == "each"):
                    fctx = [prev_t == "each", False, False]  # for each, saw in/of, saw ";"
                stack.append([_PAREN, i, stmt, fctx, False])
            elif c == "[":
                stack.append([_BRACKET, i, None])
            else:
                stack.append([_BRACE, i, _brace_is_block(prev_t, prev_v, expr, nl, stack)])
            prev_t, prev_v = "punct", v
            expr = True
            pos = end
            continue
        if c in ")]}":
            if not stack:
                raise Bail(pos, f"unexpected '{c}'")
            ctx = stack[-1]
            k = ctx[0]
            want = ")" if k == _PAREN else "]" if k == _BRACKET else "}"
            if c != want:
                if k == _XML:
                    fail(pos, f"E4X: unexpected '{c}' in an XML literal's {{expression}}")
                raise Bail(pos, f"unexpected '{c}'")
            stack.pop()
            if k == _XML:
                opener = ctx[1]
                if opener == len(typ) - 1:
                    fail(pos, "E4X: empty {} in an XML literal (put an expression between the braces)")
                i = add("hclose", pos, pos + 1, "}")
                match[opener] = i
                lit = ctx[2]
                head = lit.head
                lend, hole = lit.resume(pos)
                if head or lit.tail:
                    text[opener] = "${" + (json.dumps(head) + " + " if head else "") + "("
                    text[i] = ")" + (" + " + json.dumps(lit.tail) if lit.tail else "") + "}"
                expr, prev_t, prev_v = _after_chunk(literal_chunk("xmlm", pos + 1, lend, hole, lit))
                pos = lend
                continue
            i = add("punct", pos, end, v)
            match[ctx[1]] = i
            if k == _PAREN:
                expr = ctx[2]
                fctx = ctx[3]
                if ctx[4]:
                    filters -= 1
                    fstack.pop().closed()
                    if ctx[1] == i - 1:
                        fail(pos, "E4X: empty filter .() (write a condition between the parentheses)")
                elif fctx is not None and fctx[0]:
                    if not fctx[1]:
                        fail(pos, "E4X: expected 'in' in for each (… in …)")
                    text[i] = "))"
            elif k == _BRACKET:
                expr = False
                if ctx[2] is not None:
                    text[i] = ctx[2]
                    if ctx[1] == i - 1:
                        fail(pos, "E4X: empty [] after '@'")
            else:
                expr = ctx[2]
            prev_t, prev_v = "close", c
            pos = end
            continue
        if v == ";" and stack and stack[-1][0] == _PAREN and stack[-1][3] is not None:
            stack[-1][3][2] = True
        typ.append("punct")
        starts.append(pos)
        ends.append(end)
        vals.append(v)
        nls.append(nl)
        nl = False
        prev_t, prev_v = "punct", v
        if v == "." or v == "?.":
            prop = True
            expr = False
        elif v != "++" and v != "--":
            expr = True
        pos = end

    if not stack:
        finish_filters(tk)
    if stack:
        ctx = stack[-1]
        p = starts[ctx[1]]
        if ctx[0] == _XML:
            fail(p, "E4X: unterminated {expression} in an XML literal (missing '}')")
        if ctx[0] == _TPL:
            raise Bail(p, "unterminated template literal")
        raise Bail(p, f"unclosed '{vals[ctx[1]][-1:]}'")


def _bare_method(src: str, end: int, name: str) -> str:
    """A bare `function::name` ending at `end`: inside `with (xml)` the XML object's method, else
    the variable `name`. Assigned with `=`, it is an own method of that XML object, else that
    variable; updated (`+=`, `++`, ...), it stays the variable."""
    if _ASSIGNED_PLAIN.match(src, end):
        return (f'__e4x.bareMethodRef(function () {{ return {WITH_SELF}; }}, "{name}", '
                f"function (__e4x_v) {{ {name} = __e4x_v; }}).value")
    if _ASSIGNED.match(src, end):
        return name
    called = ", true" if src.startswith("(", _SPACE.match(src, end).end()) else ""
    return (f'__e4x.bareMethod(function () {{ return {WITH_SELF}; }}, "{name}", '
            f"function () {{ return {name}; }}{called})")


def _is_object_key(src: str, end: int, prev_t: str, prev_v: str, stack: list) -> bool:
    """Is the name ending at `end` a key of an object literal (`{enum: 1}`)?"""
    after = _SPACE.match(src, end).end()
    if not src.startswith(":", after) or src.startswith("::", after):
        return False
    return bool(stack) and stack[-1][0] == _BRACE and not stack[-1][2] and prev_t == "punct" and prev_v in "{,"


def _after_chunk(literal_done: bool) -> tuple[bool, str, str]:
    """Tokenizer state after a piece of XML literal: (expression allowed, prev type, prev value).
    A finished literal is an operand; a piece that stopped at `{` opens a hole (an expression)."""
    return (False, "xml", "") if literal_done else (True, "hopen", "")


def _brace_is_block(prev_t: str, prev_v: str, expr: bool, nl: bool, stack: list) -> bool:
    """Does a `{` after this token open a block (True) or an object literal (acorn's rule)."""
    if not prev_t:
        return True
    if prev_t == "punct":
        if prev_v == ":":
            if not stack:
                return True
            top = stack[-1]
            return top[2] if top[0] == _BRACE else False
        if prev_v in (";", "=>"):
            return True
        if prev_v == "{":
            top = stack[-1]
            return top[2] if top[0] == _BRACE else False
        return not expr
    if prev_t == "close":
        return True if prev_v == ")" else not expr
    if prev_t == "name":
        if prev_v in ("else", "do", "try", "finally"):
            return True
        if prev_v in ("return", "yield") and nl:
            return True
    return not expr
