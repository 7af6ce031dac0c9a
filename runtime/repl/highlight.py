"""Syntax colouring: Pygments' JavaScript lexer taught E4X literals, and XML/JSON echo colouring.

`E4XJavascriptLexer` treats a `<` where an expression starts (after an operator, `(`, `,`,
`return`… — where Pygments' lexer would also accept a regular expression) as the start of an XML
literal, and colours it as markup: tags, attributes, values, text, comments, CDATA and `{…}`
holes (coloured as JavaScript again). A literal left open at the end of the input stays markup.
"""
from __future__ import annotations

from pygments.lexer import bygroups, default, include
from pygments.lexers.javascript import JavascriptLexer
from pygments.token import Comment, Name, Operator, Punctuation, String, Text, Whitespace

_XML_START = r"(?=<(?:[A-Za-z_:>{]))"


def _tokens() -> dict:
    tokens = {name: list(rules) for name, rules in JavascriptLexer.tokens.items()}
    tokens["slashstartsregex"] = [
        include("commentsandwhitespace"),
        (_XML_START, Text, ("#pop", "xmlstart")),
        *JavascriptLexer.tokens["slashstartsregex"][1:],
    ]
    tokens["root"] = [(r"\A\s*" + _XML_START, Whitespace, "xmlstart"), *tokens["root"]]
    tokens.update({
        # `<name`, `<{hole}` or the `<>` of an XMLList literal.
        "xmlstart": [
            (r"<>", Name.Tag, ("#pop", "xmlcontent")),
            (r"<(?=\{)", Name.Tag, ("#pop", "xmltag", "xmlhole0")),
            (r"<[\w:.\-]+", Name.Tag, ("#pop", "xmltag")),
            default("#pop"),
        ],
        "xmlhole0": [(r"\{", Punctuation, ("#pop", "xmlhole"))],
        "xmltag": [
            (r"\s+", Whitespace),
            (r"/>", Name.Tag, "#pop"),
            (r">", Name.Tag, ("#pop", "xmlcontent")),
            (r"([\w:.\-]+)(\s*)(=)", bygroups(Name.Attribute, Whitespace, Operator)),
            (r'"[^"]*"?', String),
            (r"'[^']*'?", String),
            (r"\{", Punctuation, "xmlhole"),
            (r"[\w:.\-]+", Name.Attribute),
            (r"[^\s/>]", Text),
        ],
        "xmlcontent": [
            (r"</[^>]*>?", Name.Tag, "#pop"),
            (r"<!--.*?(?:-->|\Z)", Comment),
            (r"<!\[CDATA\[.*?(?:\]\]>|\Z)", Comment.Preproc),
            (r"<\?.*?(?:\?>|\Z)", Comment.Preproc),
            (r"(?=<)", Text, "xmlstart"),
            (r"\{", Punctuation, "xmlhole"),
            (r"&[#\w]+;", Name.Entity),
            (r"[^<{&]+", Text),
            (r"&", Text),
        ],
        "xmlhole": [
            (r"\}", Punctuation, "#pop"),
            include("root"),
        ],
    })
    return tokens


class E4XJavascriptLexer(JavascriptLexer):
    """JavaScript with E4X XML literals."""

    name = "JavaScript+E4X"
    aliases = ["e4x"]
    filenames: list[str] = []
    tokens = _tokens()


def color_xml(text: str) -> str:
    """XML text with ANSI colours (Pygments' XmlLexer)."""
    from pygments import highlight
    from pygments.formatters import TerminalFormatter
    from pygments.lexers import XmlLexer

    return highlight(text, XmlLexer(), TerminalFormatter()).rstrip("\n")


def color_json(text: str) -> str:
    from pygments import highlight
    from pygments.formatters import TerminalFormatter
    from pygments.lexers import JsonLexer

    return highlight(text, JsonLexer(), TerminalFormatter()).rstrip("\n")
