"""Safe YAML reading that remembers where every value came from.

PyYAML's SafeLoader already refuses to build Python objects, but it still turns unquoted
``2025-02-30`` into an exception that aborts the whole load, reads ``19:00`` as the base-60
integer 1140, and silently keeps the last of two duplicate keys. We compose the node tree with a
loader that knows neither timestamps nor base-60 numbers and convert it ourselves, so that every
problem becomes a located message instead of a crash, and every value keeps its line number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from teatrip.errors import CatalogError, InputFileError, Problem
from teatrip.fileio import MAX_INPUT_BYTES, read_bounded
from teatrip.formatting import say
from teatrip.i18n import N_

MAX_BYTES = MAX_INPUT_BYTES  # far above any real catalog (the shipped one is ~60 KiB)
MAX_DEPTH = 64  # lists and mappings nest at most this deep (the shipped catalog: 6)
_MAX_NODES = 200_000  # guards against alias bombs ("billion laughs")
# Aliases repeat what they point at: a 4 MiB string named 1,000 times would become 4 GiB. Every
# scalar character the document expands to counts, so no file can grow much past its own size.
_MAX_EXPANDED_CHARS = 2 * MAX_BYTES

Path_ = tuple[str | int, ...]


# libyaml's parser when PyYAML was built with it: several times faster on the shipped catalog.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """SafeLoader without implicit timestamps and base-60 integers (we parse those ourselves)."""


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# Plain decimal, octal and hex integers only: "19:00" must stay a string.
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"),
    list("-+0123456789"),
)


@dataclass
class Document:
    """A parsed YAML document: plain Python values plus the line of each path (1-based)."""

    path: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, where: Path_) -> int | None:
        """Line of ``where`` or of its closest ancestor present in the file."""
        probe = tuple(where)
        while True:
            if probe in self.lines:
                return self.lines[probe]
            if not probe:
                return None
            probe = probe[:-1]


def read_yaml(path: Path, *, display: str | None = None) -> Document:
    """Read ``path`` as one YAML mapping; any reason it cannot be read becomes a CatalogError."""
    shown = display or str(path)

    def fail(message: str, line: int | None = None) -> CatalogError:
        return CatalogError([Problem(shown, line, "", "", message)])

    try:
        raw = read_bounded(path, MAX_BYTES)
    except InputFileError as error:
        raise fail(error.reason) from None
    return parse_yaml(raw, shown)


def parse_yaml(raw: bytes, shown: str) -> Document:
    """Parse bytes that should hold one YAML mapping."""

    def fail(message: str, line: int | None = None, column: int | None = None) -> CatalogError:
        return CatalogError([Problem(shown, line, "", "", message, column=column)])

    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise fail(
            say("is not UTF-8 text (byte {byte} cannot be decoded)", byte=error.start + 1), line
        ) from None
    if not text.strip():
        raise fail(say(_EMPTY, region="`region`", sites="`sites`"))
    if "\x00" in text:
        raise fail(say("is a binary file, not YAML"), text[: text.index("\x00")].count("\n") + 1)
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or "cannot be parsed"
        if "nesting depth" in problem:  # libyaml's own bound (1000), far above ours
            raise fail(_too_deep(), mark.line + 1 if mark else None) from None
        reason = _parser_words(problem)
        if error.context and error.context_mark and error.context_mark is not mark:
            reason = say(
                "{problem} ({context} at line {line})",
                problem=reason,
                context=_parser_words(error.context),
                line=error.context_mark.line + 1,
            )
        elif error.context:
            reason = say(
                "{context}: {problem}", context=_parser_words(error.context), problem=reason
            )
        invalid = say(_NOT_YAML, reason=reason)
        if mark is None:
            raise fail(invalid) from None
        raise fail(invalid, mark.line + 1, mark.column + 1) from None
    except yaml.reader.ReaderError as error:
        before = text[: error.position]
        line = before.count("\n") + 1
        column = error.position - (before.rfind("\n") + 1) + 1
        what = (
            f"U+{error.character:04X}" if isinstance(error.character, int) else say("a character")
        )
        reason = say("{what} is not allowed in YAML text", what=what)
        raise fail(say(_NOT_YAML, reason=reason), line, column) from None
    except yaml.YAMLError as error:
        reason = _NO_POSITION.sub("", str(error))
        raise fail(say(_NOT_YAML, reason=reason)) from None
    except RecursionError:
        raise fail(_too_deep()) from None
    if not nodes or nodes[0] is None:
        raise fail(say(_EMPTY, region="`region`", sites="`sites`"))
    if len(nodes) > 1:
        line = nodes[1].start_mark.line + 1 if nodes[1] is not None else None
        raise fail(say("holds several YAML documents; a catalog is one document"), line)
    root = nodes[0]
    if not isinstance(root, yaml.MappingNode):
        raise fail(
            say(NOT_A_CATALOG, region="`region`", sites="`sites`"),
            root.start_mark.line + 1,
        )
    converter = _Converter(shown)
    data = converter.convert(root, ())
    if converter.problems:
        raise CatalogError(converter.problems)
    return Document(shown, data, converter.lines)


_EMPTY = N_("file is empty; a catalog needs at least {region} and {sites}")
# Also what the catalog reader says of a mapping that has neither section.
NOT_A_CATALOG = N_("is not a catalog: the top level must be a mapping with {region} and {sites}")
_NOT_YAML = N_("is not valid YAML: {reason}")
_TAG_REFUSED = N_("tag {tag} is not allowed (YAML is loaded safely)")

#: The YAML parser's (libyaml's) words for what went wrong and where, marked for translation;
#: words not listed here are shown as the parser wrote them.
_PARSER_WORDS = frozenset(
    (
        N_("cannot be parsed"),
        N_("mapping values are not allowed in this context"),
        N_("mapping values are not allowed here"),
        N_("did not find expected key"),
        N_("did not find expected '-' indicator"),
        N_("did not find expected ',' or ']'"),
        N_("did not find expected ',' or '}}'"),  # braces doubled: msgids are templates
        N_("could not find expected ':'"),
        N_("found unexpected end of stream"),
        N_("found character that cannot start any token"),
        N_("found undefined alias"),
        N_("found unknown escape character"),
        N_("found a tab character that violates indentation"),
        N_("found duplicate anchor; first occurrence"),
        N_("second occurrence"),
        N_("while parsing a block collection"),
        N_("while parsing a block mapping"),
        N_("while parsing a flow sequence"),
        N_("while parsing a flow mapping"),
        N_("while parsing a quoted scalar"),
        N_("while scanning a quoted scalar"),
        N_("while scanning a plain scalar"),
        N_("while scanning a simple key"),
        N_("while scanning for the next token"),
        N_("while scanning an alias"),
        N_("while scanning an anchor"),
        N_("while scanning a block scalar"),
    )
)


def _parser_words(text: str) -> str:
    """The parser's English words as a phrase when we have them translated, else as they are."""
    template = text.replace("{", "{{").replace("}", "}}")
    return say(template) if template in _PARSER_WORDS else text


def _too_deep() -> str:
    return say("lists and mappings nest more than {depth} deep", depth=MAX_DEPTH)


# The parser's own location ("in "<unicode string>", position 7"): we give FILE:LINE:COL instead.
_NO_POSITION = re.compile(r'\s*in "<[^>]*>",? (?:line \d+, column \d+|position \d+)')


class _Converter:
    """Turns composed nodes into dicts, lists and scalars, recording lines and problems."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.lines: dict[Path_, int] = {}
        self.problems: list[Problem] = []
        self._count = 0
        self._chars = 0
        self._depth = 0
        self._active: set[int] = set()
        self._scalar_loader = _Loader("")

    def _problem(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(self.shown, node.start_mark.line + 1, "", "", message))

    def convert(self, node: yaml.Node, where: Path_) -> Any:
        self._count += 1
        if self._count > _MAX_NODES:
            if self._count == _MAX_NODES + 1:
                self._problem(node, say("too many values (an alias bomb?); refusing to expand"))
            return None
        if isinstance(node, yaml.ScalarNode):
            self._chars += len(node.value)
            if self._chars > _MAX_EXPANDED_CHARS:
                # Make every later value stop early too: one problem, not thousands.
                if self._count <= _MAX_NODES:
                    self._problem(
                        node,
                        say("the file expands to too much text (aliases repeating long values)"),
                    )
                self._count = _MAX_NODES + 1
                return None
        self.lines.setdefault(where, node.start_mark.line + 1)
        if id(node) in self._active:
            self._problem(node, say("an alias refers to itself"))
            return None
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if self._depth >= MAX_DEPTH:
            self._problem(node, _too_deep())
            self._count = _MAX_NODES + 1
            return None
        self._depth += 1
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, where)
            assert isinstance(node, yaml.SequenceNode)
            self._check_tag(node, "tag:yaml.org,2002:seq")
            self._active.add(id(node))
            items = [self.convert(item, (*where, index)) for index, item in enumerate(node.value)]
            self._active.discard(id(node))
            return items
        finally:
            self._depth -= 1

    def _mapping(self, node: yaml.MappingNode, where: Path_) -> dict[str, Any]:
        self._check_tag(node, "tag:yaml.org,2002:map")
        self._active.add(id(node))
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(key_node, say("a key must be a plain word, not a list or mapping"))
                continue
            key = str(key_node.value)
            self._chars += len(key)
            if key == "<<":
                self._problem(
                    key_node, say("YAML merge keys (<<) are not supported; write the fields")
                )
                continue
            if key in result:
                self._problem(
                    key_node, say("duplicate key {key} (the file gives it twice)", key=repr(key))
                )
                continue
            self.lines[(*where, key)] = key_node.start_mark.line + 1
            result[key] = self.convert(value_node, (*where, key))
        self._active.discard(id(node))
        return result

    def _check_tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag != expected:
            self._problem(node, say(_TAG_REFUSED, tag=_short_tag(node.tag)))

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag == "tag:yaml.org,2002:str":
            return node.value
        if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool"):
            try:
                value = self._scalar_loader.construct_object(node, deep=False)
            except ValueError:  # an integer too long to convert (over 4,300 digits)
                return node.value  # kept as text: the catalog says which field cannot hold it
            if isinstance(value, float) and value != value:  # NaN compares unequal to itself
                self._problem(node, say("NaN is not a number teatrip can use"))
                return None
            return value
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:timestamp":
            return node.value  # only when tagged explicitly; dates are parsed by the catalog
        self._problem(node, say(_TAG_REFUSED, tag=_short_tag(tag)))
        return None


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org") else tag
