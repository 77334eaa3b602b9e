"""Walk every URL pattern of the portal, with its access class (portal.access), for the security sweeps."""

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from django.urls import URLPattern, URLResolver, get_resolver

from portal.access import access_of


@dataclass(frozen=True)
class Route:
    route: str  # the pattern's text, e.g. "documents/<int:document_id>/download/"
    name: str
    callback: object
    access: object  # portal.access.Access, or None when unclassified
    kwargs: tuple  # the URL keywords the pattern takes

    @property
    def key(self):
        return self.name or self.route


def _pattern_text(pattern):
    return str(pattern.pattern)


def _kwargs(text):
    return tuple(re.findall(r"<(?:\w+:)?(\w+)>", text) + re.findall(r"\(\?P<(\w+)>", text))


def walk(patterns=None, prefix="", namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        text = prefix + _pattern_text(pattern).lstrip("^").rstrip("$")
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, text, ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else ""
            yield Route(text, name, pattern.callback, access_of(pattern.callback, text), _kwargs(text))


def routes(kind):
    return [route for route in walk() if route.access is not None and route.access.kind == kind]


class FormFinder(HTMLParser):
    """The POST forms of a page and their fields: name → (tag, type, options)."""

    def __init__(self):
        super().__init__()
        self.forms, self._current, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "get").lower() == "post":
            self._current = {"action": attrs.get("action") or "", "fields": {}}
            self.forms.append(self._current)
        elif self._current is not None and tag in ("input", "textarea", "select") and attrs.get("name"):
            kind = attrs.get("type", "text") if tag == "input" else tag
            self._current["fields"][attrs["name"]] = {"kind": kind, "options": []}
            if tag == "select":
                self._select = attrs["name"]
        elif tag == "option" and self._select and self._current is not None:
            self._current["fields"][self._select]["options"].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None
        elif tag == "select":
            self._select = None


def post_forms(html, path):
    """The forms of ``html`` that post back to ``path`` (the sign-out button in the header is not the page's)."""
    finder = FormFinder()
    finder.feed(html)
    return [form for form in finder.forms if form["action"] in ("", path)]
