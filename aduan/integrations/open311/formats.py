"""GeoReport v2 answers in its two formats: the same data as JSON or as XML.

Every answer is built as plain data first (lists of dicts of str / float / bool / None /
nested lists), then written by `answer()` in the format the path asks for. XML follows the
spec's element names: a root, one element per item, a child per field, `<format>` for each
entry of a list of formats.
"""

from __future__ import annotations

import json
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from django.http import HttpResponse

JSON = "json"
XML = "xml"

# The element that holds each item of a list, by the list's own element name.
_ITEM_OF = {
    "endpoints": "endpoint",
    "formats": "format",
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
    "keywords": "keyword",
}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(parent: Element, value: Any) -> None:
    if isinstance(value, dict):
        for name, item in value.items():
            _fill(SubElement(parent, name), item)
    elif isinstance(value, list):
        child_name = _ITEM_OF.get(parent.tag, "item")
        for item in value:
            _fill(SubElement(parent, child_name), item)
    else:
        parent.text = _text(value)


def to_xml(root: str, body: Any) -> bytes:
    element = Element(root)
    _fill(element, body)
    return (
        b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(element, encoding="unicode").encode()
    )


def answer(fmt: str, root: str, body: Any, *, status: int = 200) -> HttpResponse:
    """`body` as JSON (as it is) or as XML under `root`."""
    if fmt == XML:
        response = HttpResponse(to_xml(root, body), content_type="text/xml; charset=utf-8")
    else:
        response = HttpResponse(
            json.dumps(body, ensure_ascii=False), content_type="application/json; charset=utf-8"
        )
    response.status_code = status
    # Partner web apps read the public lists from the browser.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error(fmt: str, status: int, description: str) -> HttpResponse:
    """The spec's error format: a list of {code, description}."""
    return answer(fmt, "errors", [{"code": status, "description": description}], status=status)
