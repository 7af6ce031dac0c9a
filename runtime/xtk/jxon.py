"""JXON (Campaign's JSON form of XML documents) -> lxml elements.

`{queryDef: {schema: "nms:recipient", select: {node: [{expr: "@email"}]}}}`: the one key of the
outer object names the document element; in an object, a string, number or boolean value is
an attribute (`"@name"` keys are attributes too), an object is a child element, an array is
that child element repeated, `$` is the text. Numbers are written as JavaScript writes them.
"""
from __future__ import annotations

import math
import re

from runtime.errors import HostError

_NAME = re.compile(r"[A-Za-z_][\w.\-]*")
MAX_DEPTH = 64


class JxonError(HostError):
    """A JXON document that cannot be read as XML."""


def scalar_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(value)
        return str(int(value)) if value.is_integer() and abs(value) < 1e21 else repr(value)
    return str(value)


def to_element(doc, api: str, element_keys: frozenset = frozenset()):
    """The document element of a JXON document. `element_keys` are names that must be elements
    (objects or arrays of objects): a scalar there is an error, not an attribute."""
    from lxml import etree

    def fail(message: str):
        raise JxonError(f"{api}: malformed JXON: {message}")

    if not isinstance(doc, dict) or len(doc) != 1:
        fail("expected an object with one property naming the document element, e.g. {queryDef: {…}}")
    (root_name, body), = doc.items()
    if not isinstance(body, dict):
        fail(f"'{root_name}' must be an object, got {_kind(body)}")

    def check_name(name: str, path: str) -> str:
        if not _NAME.fullmatch(name):
            fail(f"{path}: {name!r} is not an XML name")
        return name

    def build(name: str, body: dict, path: str, depth: int):
        if depth > MAX_DEPTH:
            fail(f"{path}: nested deeper than {MAX_DEPTH} levels")
        el = etree.Element(check_name(name, path))
        for key, value in body.items():
            here = f"{path}.{key}"
            if value is None:
                continue
            if key == "$":
                if isinstance(value, (dict, list)):
                    fail(f"{here}: text must be a string, got {_kind(value)}")
                el.text = scalar_text(value)
            elif key.startswith("@") or not isinstance(value, (dict, list)):
                attr = check_name(key[1:] if key.startswith("@") else key, here)
                if isinstance(value, (dict, list)):
                    fail(f"{here}: an attribute value must be a string, number or boolean, got {_kind(value)}")
                if attr in element_keys:
                    fail(f"{here}: '{attr}' must be an object or an array of objects, got {_kind(value)}")
                try:
                    el.set(attr, scalar_text(value))
                except ValueError:
                    fail(f"{here}: {value!r} is not a finite number")
            elif isinstance(value, dict):
                el.append(build(key, value, here, depth + 1))
            else:
                for i, item in enumerate(value):
                    if not isinstance(item, dict):
                        fail(f"{here}[{i}]: expected an object, got {_kind(item)}")
                    el.append(build(key, item, f"{here}[{i}]", depth + 1))
        return el

    return build(root_name, body, root_name, 0)


def _kind(v) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "a boolean"
    if isinstance(v, (int, float)):
        return "a number"
    if isinstance(v, str):
        return "a string"
    return "an array" if isinstance(v, list) else "an object"
