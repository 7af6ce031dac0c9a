"""The operator rewrites: `==`, `!=`, `+`, `+=`, `typeof`, `default xml namespace =`.

They need operand extents, so this is a small precedence-climbing (shunting-yard) parser over
the tokens. It never recurses: each bracketed group -- `( )`, `[ ]`, `{ }`, a template or XML
hole, a filter predicate -- is one atom at its own level and its inside is queued as a level of
its own (whose kind says how it starts: statements, object members, class members or an
expression). Within a level, operands and operators go on two explicit stacks.

The parser is lenient: it does not validate JavaScript. When a level does not parse the way it
expects (a syntax error, or syntax it does not know), it drops the pending operators without
rewriting them: the JavaScript operator is left unchanged rather than the code broken. Every
rewrite wraps a contiguous run of tokens, so rewrites always nest properly.
"""
from __future__ import annotations

import json

from .selector import ident_name
from .tokenize import Tokens

BLOCK, CLASS, OBJECT, EXPR = range(4)

ASSIGN = frozenset(("=", "+=", "-=", "*=", "/=", "%=", "**=", "<<=", ">>=", ">>>=", "&=", "|=", "^=",
                    "&&=", "||=", "??=", "=>"))
PREC = {",": 1, "??": 4, "||": 4, "&&": 5, "|": 6, "^": 7, "&": 8, "==": 9, "!=": 9, "===": 9,
        "!==": 9, "<": 10, ">": 10, "<=": 10, ">=": 10, "in": 10, "instanceof": 10, "<<": 11,
        ">>": 11, ">>>": 11, "+": 12, "-": 12, "*": 13, "/": 13, "%": 13, "**": 14}
PREC.update(dict.fromkeys(ASSIGN, 2))
_PREFIX_PUNCT = frozenset(("!", "~", "+", "-", "++", "--"))
_PREFIX_WORDS = frozenset(("typeof", "void", "delete", "await"))
_NOT_IDENT = frozenset(("this", "super", "null", "true", "false", "new", "function", "class",
                        "typeof", "void", "delete", "in", "instanceof", "import"))
_OPERAND_STOP = frozenset((")", "]", "}", ",", ";", ":", "=>", "?"))

PRE, BIN, QUESTION, COLON = range(4)

# `x.m(args)` with one of these names becomes `__e4x.call(x, "m", args)`: on an XML value the
# method runs directly (no callable-XMLList Proxy per call), on anything else it is x.m(args).
# Only names that are rare or cheap on plain objects; `x.appendChild(<literal>)` becomes
# `__e4x.appendLiteral(x, __e4x.node`...`)` (the fresh literal is appended without a copy).
CALL_METHODS = frozenset((
    "appendChild", "prependChild", "length", "toXMLString", "toString", "attribute", "attributes",
    "child", "children", "elements", "descendants", "text", "localName", "nodeKind", "childIndex",
    "hasSimpleContent", "hasComplexContent", "insertChildAfter", "insertChildBefore", "setChildren",
    "comments", "processingInstructions", "inScopeNamespaces", "namespaceDeclarations"))


# A `+` chain of more terms than this becomes one flat `__e4x.addAll(a, b, c, ...)` call: nested
# `__e4x.add(__e4x.add(a, b), c)` calls are as deep as the chain is long, and V8's parser gives up
# (RangeError) at a few thousand. Shorter chains stay nested, which keeps JavaScript's exact
# order of operand evaluation and conversion; addAll evaluates every operand first.
FLAT_CHAIN = 32


class _Chain:
    """A left-associative run of rewritten `+`: its first token and, per operator, the last
    token of its right operand."""

    __slots__ = ("first", "ends")

    def __init__(self, first: int) -> None:
        self.first = first
        self.ends: list[int] = []


def rewrite(tk: Tokens) -> None:
    """Record the operator rewrites of the whole token list in `tk` (text/pre/post/nogap)."""
    work = [(0, len(tk.typ), BLOCK)]
    chains: list[_Chain] = []
    while work:
        lo, hi, kind = work.pop()
        if lo < hi:
            _Level(tk, work, chains).run(lo, hi, kind)
    for chain in chains:
        if len(chain.ends) + 1 > FLAT_CHAIN:
            _flatten(tk, chain)


def _flatten(tk: Tokens, chain: _Chain) -> None:
    """`__e4x.add(__e4x.add(a, b), c)` -> `__e4x.addAll(a, b, c)`: one head, no inner `)`."""
    pre = tk.pre[chain.first]
    heads = [k for k, s in enumerate(pre) if s == "__e4x.add("]
    # the chain's heads are the innermost ones (wrappers of the whole chain come before them)
    mine = heads[-len(chain.ends):]
    pre[mine[0]] = "__e4x.addAll("
    for k in reversed(mine[1:]):
        del pre[k]
    for end in chain.ends[:-1]:
        post = tk.post[end]
        post.remove(")")
        if not post:
            del tk.post[end]


class _Level:
    __slots__ = ("tk", "work", "chains", "typ", "val", "nl", "match", "hi")

    def __init__(self, tk: Tokens, work: list, chains: list) -> None:
        self.tk = tk
        self.work = work
        self.chains = chains
        self.typ, self.val, self.nl, self.match = tk.typ, tk.val, tk.nl, tk.match

    # -- atoms ---------------------------------------------------------------------------------
    def atom_end(self, i: int, brace_kind: int = OBJECT) -> int:
        """The index after the atom starting at token i; queues the levels inside it."""
        typ, t = self.typ, self.typ[i]
        if t == "punct":
            v = self.val[i]
            if v in "([{" and i in self.match:
                close = self.match[i]
                self.work.append((i + 1, close, brace_kind if v == "{" else EXPR))
                return close + 1
            return i + 1
        if t in ("tpls", "xmls"):
            j = i
            while True:
                if t == "tpls":  # j is the chunk before a hole
                    close = self.match[j]
                    self.work.append((j + 1, close, EXPR))
                    if typ[close] == "tple":
                        return close + 1
                    j = close
                else:  # j is a chunk; j + 1 opens a hole
                    close = self.match[j + 1]
                    self.work.append((j + 2, close, EXPR))
                    j = close + 1
                    if typ[j] == "xmle":
                        return j + 1
        if t in ("selopen", "attropen", "filter"):
            close = self.match[i]
            self.work.append((i + 1, close, EXPR))
            return close + 1
        return i + 1

    def skip_function(self, i: int) -> int:
        val, typ, hi = self.val, self.typ, self.hi
        j = i + 1 if val[i] == "async" else i
        j += 1  # function
        if j < hi and val[j] == "*":
            j += 1
        if j < hi and typ[j] == "name":
            j += 1
        if j < hi and val[j] == "(" and typ[j] == "punct":
            j = self.atom_end(j)
        if j < hi and val[j] == "{" and typ[j] == "punct":
            j = self.atom_end(j, BLOCK)
        return j

    def skip_class(self, i: int) -> int:
        val, typ, hi = self.val, self.typ, self.hi
        j = i + 1
        if j < hi and typ[j] == "name" and val[j] != "extends":
            j += 1
        if j < hi and typ[j] == "name" and val[j] == "extends":
            j += 1
            while j < hi and not (typ[j] == "punct" and val[j] == "{"):
                j = self.atom_end(j)
        if j < hi and val[j] == "{" and typ[j] == "punct":
            j = self.atom_end(j, CLASS)
        return j

    def statement(self, i: int):
        """A statement keyword at i: (next index, at statement start?), or None."""
        val, typ, nl, hi = self.val, self.typ, self.nl, self.hi
        v = val[i]
        nxt = i + 1
        if v in ("var", "const"):
            return nxt, False
        if v == "let":
            if nxt < hi and (typ[nxt] == "name" or val[nxt] in ("[", "{")):
                return nxt, False
            return None
        if v in ("if", "while", "with", "switch", "for", "catch"):
            j = nxt
            while j < hi and typ[j] in ("each", "name") and val[j] in ("each", "await"):
                j += 1
            if j < hi and val[j] == "(" and typ[j] == "punct":
                j = self.atom_end(j)
            return j, True
        if v in ("else", "do", "try", "finally", "debugger", "export"):
            return nxt, True
        if v in ("return", "throw"):
            return nxt, nxt >= hi or nl[nxt]
        if v in ("break", "continue"):
            if nxt < hi and typ[nxt] == "name" and not nl[nxt]:
                nxt += 1
            return nxt, True
        if v in ("case", "default"):
            return nxt, False
        if v == "function" or v == "async" and nxt < hi and val[nxt] == "function" and not nl[nxt]:
            return self.skip_function(i), True
        if v == "class":
            return self.skip_class(i), True
        return None

    # -- the level -------------------------------------------------------------------------------
    def run(self, lo: int, hi: int, kind: int) -> None:
        tk, typ, val, nl, match = self.tk, self.typ, self.val, self.nl, self.match
        self.hi = hi
        ops: list[tuple] = []  # (prec, token, role, vals length at push, value)
        vals: list[tuple] = []  # (first token, last token, kind, extra)
        blockish = kind == BLOCK or kind == CLASS
        stmt = blockish
        expect = True
        arrow_body = False
        i = lo
        while i < hi:
            t = typ[i]
            v = val[i]
            if expect:
                plain = False
                if stmt:
                    if t == "punct":
                        if v == ";":
                            i += 1
                            continue
                        if v == "{":
                            i = self.atom_end(i, BLOCK)
                            continue
                    elif t == "name":
                        if kind == CLASS:
                            plain = True
                        else:
                            r = self.statement(i)
                            if r is not None:
                                i, stmt = r
                                continue
                    stmt = False
                elif kind == OBJECT and t == "name" and not ops and not vals:
                    nxt = i + 1
                    plain = nxt >= hi or val[nxt] in (":", "(", ",")
                # -- an operand: prefix operators, then a primary and its postfix chain
                first = i
                vkind, extra = "other", None
                if t == "name":
                    if plain:
                        j = i + 1
                        vkind = "id"
                    elif v in _PREFIX_WORDS:
                        ops.append((15, i, PRE, len(vals), v))
                        i += 1
                        continue
                    elif v == "new" and not (i + 1 < hi and val[i + 1] == "."):
                        ops.append((17, i, PRE, len(vals), v))
                        i += 1
                        continue
                    elif v == "yield":
                        nxt = i + 1
                        if nxt < hi and not nl[nxt] and not (typ[nxt] == "punct" and val[nxt] in _OPERAND_STOP) \
                                and typ[nxt] != "forin":
                            ops.append((2, i, PRE, len(vals), v))
                            i = nxt + 1 if val[nxt] == "*" else nxt
                            continue
                        j = nxt
                    elif v == "function" or v == "async" and i + 1 < hi and val[i + 1] == "function" \
                            and not nl[i + 1]:
                        j = self.skip_function(i)
                    elif v == "class":
                        j = self.skip_class(i)
                    elif v == "async" and i + 1 < hi and not nl[i + 1] and (
                            typ[i + 1] == "name" or val[i + 1] == "("):
                        ops.append((17, i, PRE, len(vals), v))
                        i += 1
                        continue
                    elif v == "in" or v == "instanceof":
                        j = -1
                    else:
                        j = i + 1
                        if v not in _NOT_IDENT:
                            vkind = "id"
                elif t == "punct":
                    if v in _PREFIX_PUNCT:
                        ops.append((15, i, PRE, len(vals), v))
                        i += 1
                        continue
                    if v == "...":
                        ops.append((2, i, PRE, len(vals), v))
                        i += 1
                        continue
                    if v == "(" or v == "[":
                        j = self.atom_end(i)
                        if v == "(" and j == i + 3 and typ[i + 1] == "name" and val[i + 1] not in _NOT_IDENT:
                            vkind, extra = "paren1", i + 1
                    elif v == "{":
                        j = self.atom_end(i, OBJECT)
                    else:
                        j = -1
                elif t in ("num", "str", "regex", "tpl", "xml", "attr"):
                    j = i + 1
                elif t in ("tpls", "xmls", "attropen"):
                    j = self.atom_end(i)
                elif t == "defns":
                    ops.append((2, i, PRE, len(vals), "defns"))
                    self.tk.nogap.add(i + 1)
                    i += 1
                    continue
                else:
                    j = -1
                if j < 0:  # cannot start an operand: the expression (if any) ends here
                    self.finish(ops, vals)
                    stmt = blockish and v != ","
                    i = self.atom_end(i)
                    continue
                # postfix chain
                last = j - 1
                optional = False
                while j < hi:
                    t = typ[j]
                    if t == "punct":
                        v = val[j]
                        if v == ".":
                            if j + 1 < hi and typ[j + 1] == "name":
                                vkind, extra = "mem", j
                                last = j + 1
                                j += 2
                                continue
                            break
                        if v == "?.":
                            k = j + 1
                            if k < hi and typ[k] == "name":
                                last, j = k, k + 1
                            elif k < hi and val[k] in ("(", "[") and typ[k] == "punct":
                                j = self.atom_end(k)
                                last = j - 1
                            else:
                                break
                            vkind = "other"
                            optional = True
                            continue
                        if v == "(" and vkind == "mem" and not optional and val[extra + 1] in CALL_METHODS \
                                and val[first] != "super" and not self.after_new(ops, len(vals)):
                            self.rewrite_call(first, extra, j)
                        if v == "(" and vkind == "id" and j == first + 1 and not self.after_new(ops, len(vals)):
                            self.child_conversion(first, j)
                        if v == "(" or v == "[":
                            vkind, extra = ("other", None) if v == "(" else ("idx", j)
                            j = self.atom_end(j)
                            last = j - 1
                            continue
                        if (v == "++" or v == "--") and not nl[j]:
                            vkind, last = "other", j
                            j += 1
                            continue
                        break
                    if t == "sel" and self.tk.info[j].prefix == "@" and self.attr_read(j, ops, len(vals)):
                        if not self.attr_conversion(first, j):
                            self._pre(first, "__e4x.attr(")
                            self.tk.text[j] = ", " + self.tk.info[j].key() + ")"
                        self.tk.nogap.add(j)
                    elif t == "sel" and self.method_read(j, ops, len(vals)):
                        # x.function::name (not called): the method itself, one function each time
                        self._pre(first, "__e4x.method(")
                        self.tk.text[j] = ", " + self.tk.info[j].key() + ")"
                        self.tk.nogap.add(j)
                    elif t == "sel" and self.method_assigned(j):
                        # x.function::name = v: an own method of the XML object x
                        self._pre(first, "__e4x.methodRef(")
                        self.tk.text[j] = ", " + self.tk.info[j].key() + ").value"
                        self.tk.nogap.add(j)
                    elif t == "sel" and self.method_deleted(j, ops, len(vals)):
                        # delete x.function::name: that own method of the XML object x goes
                        self.tk.text[ops[-1][1]] = ""
                        self.tk.nogap.add(first)
                        self._pre(first, "__e4x.deleteMethod(")
                        self.tk.text[j] = ", " + self.tk.info[j].key() + ")"
                        self.tk.nogap.add(j)
                    if t == "sel" or t == "selopen":
                        vkind, extra = t, j
                        j = self.atom_end(j)
                        last = j - 1
                        continue
                    if t in ("filter", "tpl", "tpls"):
                        vkind = "other"
                        j = self.atom_end(j)
                        last = j - 1
                        continue
                    break
                vals.append((first, last, vkind, extra))
                expect = False
                arrow_body = False
                i = j
                continue

            # -- expecting an operator
            if t == "punct":
                if arrow_body and v not in (",", ":"):
                    p = 0
                else:
                    p = PREC.get(v, 0)
            elif t == "name" and (v == "in" or v == "instanceof"):
                p = 10
            else:
                p = 0
            if p == 1 and kind == OBJECT:  # between members
                self.finish(ops, vals)
                expect = True
                i += 1
                continue
            if p:
                reduce = self.reduce
                if p == 2:  # assignment or arrow: right-associative, its target binds tighter
                    while ops and ops[-1][0] > 3:
                        reduce(ops, vals)
                elif v == "**":
                    while ops and ops[-1][0] > 14:
                        reduce(ops, vals)
                else:
                    while ops and ops[-1][0] >= p:
                        reduce(ops, vals)
                ops.append((p, i, BIN, len(vals), v))
                expect = True
                i += 1
                if v == "=>" and i < hi and val[i] == "{" and typ[i] == "punct":
                    j = self.atom_end(i, BLOCK)
                    vals.append((i, j - 1, "other", None))
                    expect = False
                    arrow_body = True
                    i = j
                continue
            if t == "punct" and v == "?" and not arrow_body:
                while ops and ops[-1][0] > 3:
                    self.reduce(ops, vals)
                ops.append((3, i, QUESTION, len(vals), v))
                expect = True
                i += 1
                continue
            if t == "punct" and v == ":" and any(op[2] == QUESTION for op in ops):
                while ops[-1][2] != QUESTION:
                    self.reduce(ops, vals)
                q = ops.pop()
                if len(vals) == q[3] + 1:
                    mid = vals.pop()
                    cond = vals.pop()
                    vals.append((cond[0], mid[1], "other", None))
                ops.append((3, i, COLON, len(vals), v))
                expect = True
                arrow_body = False
                i += 1
                continue
            # anything else ends the expression (";", ASI, "for (x in" ...)
            self.finish(ops, vals)
            expect = True
            if t == "punct" and v == "{":  # a method's body (`m() {`), or a block after ASI
                i = self.atom_end(i, BLOCK)
                stmt = blockish
            elif t == "forin":
                stmt = False
                i += 1
            else:
                stmt = blockish
        self.finish(ops, vals)

    # -- reductions and the rewrites they make ---------------------------------------------------
    def finish(self, ops: list, vals: list) -> None:
        while ops:
            self.reduce(ops, vals)
        vals.clear()

    def reduce(self, ops: list, vals: list) -> None:
        prec, i, role, n, v = ops.pop()
        if len(vals) != n + 1:
            if v == "defns":
                self.tk.fail(self.tk.end[i], "E4X: expected an expression after 'default xml namespace ='")
            return  # incomplete: leave the operator as it is
        if role == QUESTION:
            return
        if role == PRE:
            r = vals.pop()
            if v == "typeof":
                self.rewrite_typeof(i, r)
            elif v == "defns":
                self._post(r[1], ")")
            vals.append((i, r[1], "other", None))
            return
        r = vals.pop()
        left = vals.pop()
        if v == "+":
            self.wrap(left, i, r, "__e4x.add(")
            chain = left[3] if left[2] == "add" else None
            if chain is None:
                chain = _Chain(left[0])
                self.chains.append(chain)
            chain.ends.append(r[1])
            vals.append((left[0], r[1], "add", chain))
            return
        if (v == "==" or v == "!=") and (self.item_eq(left, i, r, v == "!=") or self.child_eq(left, i, r, v == "!=")):
            pass
        elif v == "==":
            self.wrap(left, i, r, "__e4x.eq(")
        elif v == "!=":
            self.wrap(left, i, r, "!__e4x.eq(")
        elif v == "+=":
            self.rewrite_add_assign(left, i, r)
        vals.append((left[0], r[1], "other", None))

    def _pre(self, i: int, s: str) -> None:
        pre = self.tk.pre
        if i in pre:
            pre[i].insert(0, s)
        else:
            pre[i] = [s]

    def _post(self, i: int, s: str) -> None:
        post = self.tk.post
        if i in post:
            post[i].append(s)
        else:
            post[i] = [s]

    def _sep(self, i: int, s: str = ",") -> None:
        """Token i becomes the separator `s` (white space before it dropped, one space after)."""
        tk = self.tk
        tk.text[i] = s if i + 1 < len(tk.start) and tk.start[i + 1] > tk.end[i] else s + " "
        tk.nogap.add(i)

    def wrap(self, left: tuple, i: int, right: tuple, head: str) -> None:
        """left OP right -> head left, right)"""
        self._pre(left[0], head)
        self._sep(i)
        self._post(right[1], ")")

    def item_eq(self, left: tuple, i: int, right: tuple, negate: bool) -> bool:
        """`@a == v` in a compiled filter -> `__e4x.itemEq(item, "@a", v)` (no list Proxy)."""
        at = left[0]
        text = self.tk.text.get(at, "")
        if at != left[1] or self.typ[at] != "attr" or not text.startswith("__e4x.item("):
            return False
        self.tk.text[at] = "__e4x.itemEq(" + text[len("__e4x.item("):-1]
        if negate:
            self._pre(at, "!")
        self._sep(i)
        self._post(right[1], ")")
        return True

    def child_eq(self, left: tuple, i: int, right: tuple, negate: bool) -> bool:
        """`a == "s"` in a compiled filter, `a` a free name and the right a literal: the item's
        <a> compared by string value with no list made (`__e4x.childEq`), else as written."""
        tk = self.tk
        at, lit = left[0], right[0]
        f = tk.owner.get(at)
        if f is None or left[2] != "id" or at != left[1] or lit != right[1] or not (
                self.typ[lit] in ("str", "num") or self.typ[lit] == "name" and self.val[lit] in ("true", "false")):
            return False
        key = json.dumps(ident_name(self.val[at]), ensure_ascii=False)
        literal = tk.src[tk.start[lit]:tk.end[lit]]
        self._pre(at, f"{'!' if negate else ''}((__e4x_t = __e4x.childEq({f.item()}, {key}, {literal})) "
                      "!== undefined ? __e4x_t : __e4x.eq(")
        self._sep(i)
        self._post(right[1], "))")
        return True

    def child_conversion(self, callee: int, paren: int) -> None:
        """`Number(a)` / `String(a)` in a compiled filter, `a` a free name: when the callee is
        the builtin and the item has <a> children, their string value converted with no list
        made (`__e4x.convertChild`); else the call exactly as written (its callee, free of side
        effects, is then read a second time)."""
        tk = self.tk
        arg = paren + 1
        f = tk.owner.get(arg)
        if f is None or tk.owner.get(callee) is not f or tk.match.get(paren) != arg + 1 \
                or self.val[callee] not in ("Number", "String"):
            return
        key = json.dumps(ident_name(self.val[arg]), ensure_ascii=False)
        self._pre(callee, f"((__e4x_t = __e4x.convertChild({self.name_value(callee)}, {f.item()}, {key})) !== undefined ? __e4x_t : ")
        self._post(arg + 1, ")")

    def name_value(self, i: int) -> str:
        """An expression reading the name at token i again, as the script reads it (inside a
        compiled filter: the item's child of that name first, filters.py)."""
        guard = self.tk.guard.get(i)
        return self.val[i] if guard is None else "(" + guard + self.val[i] + ")"

    def attr_conversion(self, first: int, sel: int) -> bool:
        """`Number(x.@a)` / `String(x.@a)` -> `Number(__e4x.attrArg(Number, x, "@a"))`: the
        argument is the attribute's string value when x is XML and the callee (read a second
        time, free of side effects) is the builtin, else `x.@a` itself; the call is as written."""
        tk, typ, val = self.tk, self.typ, self.val
        paren, callee = first - 1, first - 2
        if callee < 0 or tk.match.get(paren) != sel + 1 or typ[paren] != "punct" or val[paren] != "(" \
                or typ[callee] != "name" or val[callee] not in ("Number", "String"):
            return False
        if callee > 0 and val[callee - 1] in (".", "?.", "new"):
            return False
        self._pre(first, f"__e4x.attrArg({self.name_value(callee)}, ")
        tk.text[sel] = ", " + tk.info[sel].key() + ")"
        return True

    def rewrite_typeof(self, i: int, operand: tuple) -> None:
        tk = self.tk
        tk.nogap.add(i + 1)
        if operand[2] == "id" or operand[2] == "paren1":
            at = operand[0] if operand[2] == "id" else operand[3]
            name = tk.val[at]
            # a filter's free name: its item lookups first, then the guarded plain name
            tk.text[i] = "__e4x.typeOf(" + tk.guard.pop(at, "") + "typeof "
            self._post(operand[1], f' === "undefined" ? undefined : {name})')
        else:
            tk.text[i] = "__e4x.typeOf("
            self._post(operand[1], ")")

    @staticmethod
    def after_new(ops: list, n_vals: int) -> bool:
        """Does `new` apply to the operand being read (`new a.b.length()`)?"""
        return bool(ops) and ops[-1][4] == "new" and ops[-1][3] == n_vals

    def attr_read(self, j: int, ops: list, n_vals: int) -> bool:
        """Is the `.@a` selector at j read (not the target of an assignment, ++/-- or delete)?"""
        typ, val, hi = self.typ, self.val, self.hi
        k = j + 1
        if k < hi and (typ[k] in ("sel", "selopen", "filter", "tpl", "tpls")
                       or typ[k] == "punct" and val[k] in (".", "?.", "(", "[")):
            return True  # not the end of the member chain
        if k < hi and typ[k] == "punct" and (val[k] in ASSIGN or val[k] in ("++", "--") and not self.nl[k]):
            return False
        return not (ops and ops[-1][3] == n_vals and ops[-1][4] in ("delete", "++", "--"))

    def method_read(self, j: int, ops: list, n_vals: int) -> bool:
        """Is the selector at j a `.function::name` that is read, not called or assigned?"""
        sel = self.tk.info[j]
        if sel.ns != "function" or sel.prefix:
            return False
        k = j + 1
        if k < self.hi and self.typ[k] == "punct" and self.val[k] == "(":
            return False  # called: x["name"](...) calls the method on x
        return self.attr_read(j, ops, n_vals)

    def method_assigned(self, j: int) -> bool:
        """Is the selector at j a `.function::name` that is the target of a plain `=`?"""
        sel = self.tk.info[j]
        k = j + 1
        return sel.ns == "function" and not sel.prefix and k < self.hi and self.typ[k] == "punct" \
            and self.val[k] == "="

    def method_deleted(self, j: int, ops: list, n_vals: int) -> bool:
        """Is the selector at j a `.function::name` that `delete` applies to?"""
        sel = self.tk.info[j]
        return sel.ns == "function" and not sel.prefix and not self.attr_read(j, ops, n_vals) \
            and bool(ops) and ops[-1][3] == n_vals and ops[-1][4] == "delete"

    def rewrite_call(self, first: int, dot: int, paren: int) -> None:
        """x.m(args) -> __e4x.call(x, "m", args); x.appendChild(<literal>) -> appendLiteral."""
        tk = self.tk
        text, nogap, typ = tk.text, tk.nogap, tk.typ
        close = tk.match.get(paren)
        if close is None:
            return
        name = tk.val[dot + 1]
        pre = tk.pre.get(first)
        if name == "toString" and close == paren + 1 and typ[dot - 1] == "sel" and pre and pre[0] == "__e4x.attr(":
            # x.@a.toString() -> __e4x.attrString(x, "@a"): the attribute's text, no list made
            pre[0] = "__e4x.attrString("
            text[dot] = text[dot + 1] = text[paren] = text[close] = ""
            nogap.update((dot, dot + 1, paren, close))
            return
        lit = paren + 1
        lit_end = self.literal_end(lit) if typ[lit] in ("xml", "xmls") else -1
        if tk.val[dot + 1] == "appendChild" and lit_end == close - 1 and text[lit].startswith("__e4x.xml`"):
            self._pre(first, "__e4x.appendLiteral(")
            text[lit] = "__e4x.node`" + text[lit][len("__e4x.xml`"):]
            text[dot] = text[dot + 1] = ""
            text[paren] = ", "
        else:
            self._pre(first, "__e4x.call(")
            text[dot] = ", "
            text[dot + 1] = json.dumps(tk.val[dot + 1])
            text[paren] = "" if close == paren + 1 else ", "
        nogap.update((dot, dot + 1, paren))

    def literal_end(self, i: int) -> int:
        """The last token of the XML literal starting at token i."""
        typ, match = self.typ, self.match
        if typ[i] == "xml":
            return i
        j = i
        while True:  # j is a chunk; j + 1 opens a hole
            j = match[j + 1] + 1
            if typ[j] == "xmle":
                return j

    def rewrite_add_assign(self, left: tuple, i: int, right: tuple) -> None:
        tk = self.tk
        first, _, kind, at = left
        val, text = tk.val, tk.text
        if kind == "id":
            gap_before = tk.start[i] > tk.end[i - 1]
            gap_after = i + 1 < len(tk.start) and tk.start[i + 1] > tk.end[i]
            text[i] = ("" if gap_before else " ") + "= __e4x.add(" + val[first] + ("," if gap_after else ", ")
            self._post(right[1], ")")
            return
        if kind not in ("mem", "idx", "sel", "selopen") or at == first + 1 and val[first] == "super":
            return  # `(a) += b`, `super.x += b`, ...: left as it is
        if kind == "mem":
            name = val[at + 1]
            if name.startswith("#"):
                return
            text[at] = ", "
            tk.nogap.add(at)
            text[at + 1] = json.dumps(ident_name(name))
            tk.nogap.add(at + 1)
        elif kind == "idx":
            text[at] = ", "
            tk.nogap.add(at)
            tk.nogap.add(at + 1)
            text[tk.match[at]] = ""
            tk.nogap.add(tk.match[at])
        else:
            sel = tk.info[at]
            text[at] = ", " + (sel.key() if kind == "sel" else sel.key_open())
            tk.nogap.add(at)
            if kind == "selopen":
                text[tk.match[at]] = ")"
        self._pre(first, "__e4x.addTo(")
        self._sep(i)
        self._post(right[1], ")")
