"""YAML read as text, with the line of every key and list item kept for messages.

Scalars stay strings (only an empty value or `null` means nothing), so that "3.1" stays the
metric id "3.1" rather than the number 3.1 and "27.10" stays exactly 27.10; the plan models then
read numbers as exact Decimals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from scorecard.domain.problems import Problem, error

Location = tuple[str | int, ...]


class TextLoader(yaml.SafeLoader):
    """SafeLoader that resolves no implicit types but null."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 (PyYAML reads it per class)


TextLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


@dataclass
class YamlDocument:
    path: Path
    data: Any
    lines: dict[Location, int] = field(default_factory=dict)
    # keys inside { } written without a value (`{lead: Director, Kennet Trust}` has the key
    # "Kennet Trust"): most often the end of a value cut off at a comma
    bare_keys_in_braces: set[Location] = field(default_factory=set)

    def line_of(self, location: Location) -> int | None:
        """The line of `location`, or of its nearest enclosing object that has one."""
        for end in range(len(location), -1, -1):
            line = self.lines.get(tuple(location[:end]))
            if line is not None:
                return line
        return None


def not_utf8(exc: UnicodeDecodeError, shown_as: str, save_as: str) -> Problem:
    """A file that is not UTF-8, at the line and column of its first byte that cannot be read
    (counted in characters, as an editor shows them)."""
    before = bytes(exc.object[: exc.start]).decode("utf-8-sig", errors="replace")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    reason = (
        f"is not UTF-8 text (column {column} cannot be read: perhaps saved as Windows or Latin "
        f"text); save it as {save_as}"
    )
    return error("file-encoding", reason, file=shown_as, line=line)


def read_yaml(path: Path, shown_as: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Read one YAML file; problems carry `shown_as` as the file name."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return None, [error("file-missing", f"{shown_as} is missing", file=shown_as)]
    except UnicodeDecodeError as exc:
        return None, [not_utf8(exc, shown_as, "UTF-8")]
    except OSError as exc:
        return None, [error("file-unreadable", f"cannot be read: {exc.strerror}", file=shown_as)]
    loader = TextLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, shown_as)]
    except yaml.YAMLError as exc:
        return None, [error("yaml-syntax", f"is not valid YAML: {exc}", file=shown_as)]
    finally:
        loader.dispose()
    document = YamlDocument(path, data)
    problems: list[Problem] = []
    if node is not None:
        _record_lines(node, (), document, problems, shown_as, set())
    return document, problems


def _syntax_problem(exc: yaml.MarkedYAMLError, shown_as: str) -> Problem:
    """Where the file goes wrong: where the parser stopped, or, when it ran to the end of the
    file (an unclosed quote or bracket), where the unfinished part began."""
    ran_to_end = "end of stream" in (exc.problem or "")
    mark = exc.context_mark if ran_to_end and exc.context_mark else exc.problem_mark
    mark = mark or exc.context_mark
    words = " ".join(part for part in (exc.problem, exc.context) if part)
    hint = " (is a quote or bracket left open?)" if ran_to_end else ""
    reason = f"is not valid YAML: {words}{hint}"
    return error("yaml-syntax", reason, file=shown_as, line=mark.line + 1 if mark else None)


def _record_lines(
    node: yaml.Node,
    location: Location,
    document: YamlDocument,
    problems: list[Problem],
    shown_as: str,
    walked: set[int],
) -> None:
    lines = document.lines
    lines.setdefault(location, node.start_mark.line + 1)
    if id(node) in walked:  # an alias (*name) of a list or mapping walked already: its lines are
        return  # where its anchor is, and walking it again for each alias can take for ever
    walked.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                problems.append(
                    error(
                        "yaml-duplicate-key",
                        f'the key "{key}" appears twice in the same mapping; keep one',
                        file=shown_as,
                        line=key_node.start_mark.line + 1,
                    )
                )
            seen.add(key)
            lines[(*location, key)] = key_node.start_mark.line + 1
            if node.flow_style and _bare(value_node):
                document.bare_keys_in_braces.add((*location, key))
            _record_lines(value_node, (*location, key), document, problems, shown_as, walked)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*location, index), document, problems, shown_as, walked)


def _bare(value: yaml.Node) -> bool:
    """No value written at all (not even `null` or ""): the parser's empty scalar."""
    return (
        isinstance(value, yaml.ScalarNode)
        and value.style is None
        and value.value == ""
        and value.start_mark.index == value.end_mark.index
    )
