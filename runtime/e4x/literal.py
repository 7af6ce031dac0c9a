"""One E4X XML literal: scanning and validating it, and the tagged template it becomes.

An `XmlLiteral` is made at the `<` that starts a literal. `scan()` reads static text up to the
end of the literal or up to a `{` that opens a hole; the tokenizer then reads the hole's
JavaScript, and at the matching `}` calls `resume()`. The scanner's state (the stack of open
elements and where in the markup the hole was) is explicit, so nesting depth costs no Python
recursion. Entity references are validated here and left verbatim for the object model.
"""
from __future__ import annotations

import re

from .errors import position

_WS = re.compile(r"[ \t\r\n]*")
_NAME = re.compile(r"(?:[^\W\d]|:)[\w.:\u00b7-]*")
_NAME_REST = re.compile(r"[\w.:\u00b7-]*")
_TEXT = re.compile(r"[^<{&]*")
_VALUE = {'"': re.compile(r'[^"<&]*'), "'": re.compile(r"[^'<&]*")}
_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);")
_ENTITY_NAME = re.compile(r"&([^\W\d][\w.:-]*);")

# Where scanning goes on after a {hole}, and the modes of the scanning loop.
CONTENT, TAG, ATTR_EQ, CLOSE_END = range(4)
LIST = ""  # the name of the XMLList pseudo-element `<>`; None is a {tag} hole


def _shown(name: str | None) -> str:
    return "{…}" if name is None else name


class XmlLiteral:
    """Scanner for one literal starting at `src[start] == "<"`. `fail(pos, message)` raises."""

    __slots__ = ("src", "start", "fail", "is_list", "stack", "mode", "tag", "attr", "in_name", "head", "tail")

    def __init__(self, src: str, start: int, fail) -> None:
        self.src = src
        self.start = start
        self.fail = fail
        self.is_list = src.startswith("<>", start)
        self.stack: list[tuple[str | None, int]] = []  # open elements: (name, offset of "<")
        self.mode = CONTENT
        self.tag: tuple[str | None, int] = (None, start)  # the tag being read
        self.attr: str | None = None  # the attribute waiting for "=" and a value
        # A hole inside a name (`<p:b{x}>`, `<{x}b>`, `</b{x}>`, `<a c{x}="1">`): the name's text
        # before the open hole (`head`) and after the hole just closed (`tail`); the tokenizer
        # joins them into the hole's expression, so the object model sees a whole-name hole.
        self.in_name = False
        self.head = ""
        self.tail = ""

    # -- entry points: both return (end offset, True if it stopped at a hole's "{") ----------
    def scan(self) -> tuple[int, bool]:
        src, pos = self.src, self.start
        if self.is_list:
            self.stack.append((LIST, pos))
            return self._run(pos + 2, CONTENT)
        if src.startswith("</", pos):
            self.fail(pos, "E4X: closing tag without an opening tag")
        markup_end = self._markup(pos)
        if markup_end is not None:
            return markup_end, False
        after_name = self._open_tag(pos)
        if after_name is None:
            return self._name_hole(pos + 1 + len(self.head), TAG)
        return self._run(after_name, TAG)

    def resume(self, pos: int) -> tuple[int, bool]:
        """Go on after the hole closed by the `}` at `pos`."""
        pos += 1
        self.head = self.tail = ""
        if self.in_name:
            self.in_name = False
            self.tail = _NAME_REST.match(self.src, pos).group()
            pos += len(self.tail)
            if self.src.startswith("{", pos):
                self.fail(pos, "E4X: a tag or attribute name may hold only one {expression}")
        return self._run(pos, self.mode)

    # -- the loop -----------------------------------------------------------------------------
    def _run(self, pos: int, mode: int) -> tuple[int, bool]:
        src, n = self.src, len(self.src)
        while True:
            if mode == CONTENT:
                pos = self._text(pos)
                if pos >= n:
                    name, at = self.stack[-1]
                    if name == LIST:
                        self.fail(at, "E4X: unclosed XML list <> (no matching </>)")
                    self.fail(at, f"E4X: unclosed element <{_shown(name)}> (no matching </{_shown(name)}>)")
                if src[pos] == "{":
                    return self._hole(pos, CONTENT)
                if src.startswith("</", pos):
                    pos, mode = self._close_tag(pos)
                    if mode == -1:
                        return pos, True
                    continue
                markup_end = self._markup(pos)
                if markup_end is not None:
                    pos = markup_end
                    continue
                after_name = self._open_tag(pos)
                if after_name is None:
                    return self._name_hole(pos + 1 + len(self.head), TAG)
                pos, mode = after_name, TAG
            elif mode == TAG:
                ws_end = _WS.match(src, pos).end()
                had_ws, pos = ws_end > pos, ws_end
                tag = self.tag
                if pos >= n:
                    self.fail(tag[1], f"E4X: unterminated tag <{_shown(tag[0])}>")
                c = src[pos]
                if c == ">":
                    self.stack.append(tag)
                    pos, mode = pos + 1, CONTENT
                elif c == "/":
                    if not src.startswith("/>", pos):
                        self.fail(pos, f"E4X: expected '>' after '/' in tag <{_shown(tag[0])}>")
                    pos, mode = pos + 2, CONTENT
                    if not self.stack:
                        return pos, False
                else:
                    m = _NAME.match(src, pos) if c != "{" else None
                    if c != "{" and m is None:
                        self.fail(pos, f"E4X: unexpected {c!r} in tag <{_shown(tag[0])}>")
                    if not had_ws:
                        self.fail(pos, f"E4X: expected a space before the attribute in tag <{_shown(tag[0])}>")
                    if m is None:
                        self.attr = None
                        return self._name_hole(pos, ATTR_EQ)
                    if src.startswith("{", m.end()):
                        self.attr, self.head = None, m.group()
                        return self._name_hole(m.end(), ATTR_EQ)
                    # (a repeated attribute is an error when the literal is evaluated, a
                    # TypeError the script can catch, as in SpiderMonkey)
                    self.attr = m.group()
                    pos, mode = m.end(), ATTR_EQ
            elif mode == ATTR_EQ:
                pos = _WS.match(src, pos).end()
                attr = _shown(self.attr)
                if not src.startswith("=", pos):
                    self.fail(pos, f"E4X: expected '=' after attribute name {attr}")
                pos = _WS.match(src, pos + 1).end()
                c = src[pos] if pos < n else ""
                if c == "{":
                    return self._hole(pos, TAG)
                if c not in _VALUE:
                    self.fail(pos, f"E4X: the value of attribute {attr} must be quoted or a {{expression}}")
                pos, mode = self._value(pos, c, attr), TAG
            else:  # CLOSE_END
                pos = _WS.match(src, pos).end()
                if not src.startswith(">", pos):
                    self.fail(pos, f"E4X: expected '>' to end the closing tag </{_shown(self.tag[0])}>")
                self.stack.pop()
                if not self.stack:
                    return pos + 1, False
                pos, mode = pos + 1, CONTENT

    # -- pieces ---------------------------------------------------------------------------------
    def _hole(self, pos: int, resume_mode: int) -> tuple[int, bool]:
        self.mode = resume_mode
        return pos + 1, True

    def _name_hole(self, pos: int, resume_mode: int) -> tuple[int, bool]:
        """A hole at `pos` that is (part of) a tag or attribute name."""
        self.in_name = True
        return self._hole(pos, resume_mode)

    def _text(self, pos: int) -> int:
        """Skip character data (checking entity references); stop at "<", "{" or the end."""
        src, n = self.src, len(self.src)
        while True:
            pos = _TEXT.match(src, pos).end()
            if pos >= n or src[pos] != "&":
                return pos
            pos = self._entity(pos)

    def _entity(self, pos: int) -> int:
        m = _ENTITY.match(self.src, pos)
        if m is not None:
            return m.end()
        named = _ENTITY_NAME.match(self.src, pos)
        if named is not None:
            self.fail(pos, f"E4X: unknown entity {named.group()} (XML defines only &amp; &lt; &gt; &quot; &apos;)")
        self.fail(pos, "E4X: '&' must start an entity reference (write &amp; for a literal '&')")

    def _value(self, pos: int, quote: str, attr: str) -> int:
        """A quoted attribute value starting at `pos`; returns the offset after its close quote."""
        src, n, chars = self.src, len(self.src), _VALUE[quote]
        p = pos + 1
        while True:
            p = chars.match(src, p).end()
            if p >= n:
                self.fail(pos, f"E4X: unterminated value of attribute {attr}")
            c = src[p]
            if c == quote:
                return p + 1
            if c == "<":
                self.fail(p, f"E4X: '<' is not allowed in the value of attribute {attr} (write &lt;)")
            p = self._entity(p)

    def _markup(self, pos: int) -> int | None:
        """A comment, CDATA section or processing instruction at `pos`: its end, else None."""
        src = self.src
        if not src.startswith("<!", pos) and not src.startswith("<?", pos):
            return None
        for opener, closer, what in (("<!--", "-->", "comment"), ("<![CDATA[", "]]>", "CDATA section"),
                                     ("<?", "?>", "processing instruction")):
            if src.startswith(opener, pos):
                end = src.find(closer, pos + len(opener))
                if end < 0:
                    self.fail(pos, f"E4X: unclosed {what} {opener}")
                if what == "comment":
                    dashes = src.find("--", pos + 4, end)
                    if dashes >= 0:
                        self.fail(dashes, "E4X: '--' is not allowed inside an XML comment")
                elif what == "processing instruction" and _NAME.match(src, pos + 2) is None:
                    self.fail(pos + 2, "E4X: expected a target name after '<?'")
                return end + len(closer)
        self.fail(pos, "E4X: unsupported markup '<!' (only <!-- comments --> and <![CDATA[ sections ]]>)")

    def _open_tag(self, pos: int) -> int | None:
        """Reads `<name` at `pos`; returns the offset after the name, or None for a `<{hole}`."""
        src = self.src
        if src.startswith("{", pos + 1):
            self.tag = (None, pos)
            return None
        m = _NAME.match(src, pos + 1)
        if m is None:
            self.fail(pos + 1, "E4X: expected a tag name after '<'", "invalid XML name")
        if src.startswith("{", m.end()):
            self.tag, self.head = (None, pos), m.group()
            return None
        self.tag = (m.group(), pos)
        return m.end()

    def _close_tag(self, pos: int) -> tuple[int, int]:
        """The closing tag at `pos`; returns (offset, next mode) or (offset after "{", -1) for a hole."""
        src = self.src
        name: str | None
        p = pos + 2
        if src.startswith(">", p):
            name = LIST
        elif src.startswith("{", p):
            name = None
        else:
            m = _NAME.match(src, p)
            if m is None:
                self.fail(p, "E4X: expected a tag name after '</'", "invalid XML tag syntax")
            name, p = m.group(), m.end()
            if src.startswith("{", p):
                name, self.head = None, m.group()
        open_name, open_at = self.stack[-1]
        if (name == LIST) != (open_name == LIST) or (
                name is not None and open_name is not None and name != open_name):
            line, col = position(src, open_at)
            self.fail(pos, f"E4X: mismatched closing tag </{_shown(name)}>, expected </{_shown(open_name)}> "
                           f"(opened at line {line}, column {col})",
                      f"XML tag name mismatch (expected {open_name or '<>'})")
        self.tag = (name if name is not None else open_name, pos)
        if name is None:
            self.mode = CLOSE_END
            self.in_name = True
            return p + 1, -1
        return p, CLOSE_END


def template_text(text: str) -> str:
    """`text` escaped for a template literal whose cooked string must equal it."""
    return text.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${")
