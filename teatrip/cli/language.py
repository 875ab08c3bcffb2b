"""The command line in the reader's language: ``--lang``, help and usage errors.

The language is chosen before anything is printed: :func:`chosen_language` reads ``--lang`` from
the raw arguments (any command takes it, ``teatrip --lang vi plan`` too), else the environment's
locale (``i18n.language_from_environment``). :func:`localise` then prepares the command tree that
Typer builds for this one run: every command's help (marked ``N_`` where it is written) is put in
that language, every command takes ``--lang``, and help is written by a formatter whose fixed
words ("Usage:", "Options", "[default: …]", "Show this message and exit.") are translated too.
Usage errors are worded by :func:`usage_message`, which reads click's English messages (they have
no translation hooks) and says them again in our words.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Annotated, Any

import typer
import typer.main

from teatrip.errors import one_line
from teatrip.i18n import LANGUAGES, N_, gettext, language_from_environment, normalise

__all__ = ["UnknownLanguageError", "chosen_language", "localise", "show_usage_error"]

OPTION = "--lang"


class UnknownLanguageError(ValueError):
    """``--lang`` names a language teatrip does not speak."""

    def __init__(self, given: str) -> None:
        self.given = given
        super().__init__(
            gettext("--lang {given}: not a language teatrip speaks; use {choices}").format(
                given=repr(one_line(given, 40)), choices=" or ".join(LANGUAGES)
            )
        )


def chosen_language(args: Sequence[str]) -> str:
    """The language of this run: the last ``--lang`` among ``args``, else the environment's.

    Only exact codes are accepted on the command line (``vi``, ``en``, any case); the
    environment's locale names (``vi_VN.UTF-8``) are read leniently.
    """
    given: str | None = None
    items = iter(args)
    for arg in items:
        if arg == "--":
            break
        if arg == OPTION:
            given = next(items, None)
        elif arg.startswith(OPTION + "="):
            given = arg[len(OPTION) + 1 :]
    if given is None:
        return language_from_environment()
    code = given.strip().lower()
    if code not in LANGUAGES or normalise(code) != code:
        raise UnknownLanguageError(given)
    return code


# -------------------------------------------------------------------------------- help words
# Typer and click write these words in English; they are translated where help is formatted.
_HEADINGS = (N_("Options"), N_("Arguments"), N_("Commands"))
_HELP_OPTION = N_("Show this message and exit.")
_USAGE = N_("Usage:")
_METAVARS = (N_("[OPTIONS]"), N_("COMMAND [ARGS]..."))
_EXTRAS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^default: (?P<value>.*)$", re.S), N_("default: {value}")),
    (re.compile(r"^required$"), N_("required")),
    (re.compile(r"^env var: (?P<value>.*)$", re.S), N_("env var: {value}")),
)
_EXTRA = re.compile(r"^(?P<body>.*?)(?:\s*)\[(?P<extra>[^\[\]]*)\]$", re.S)


def _extra(text: str) -> str:
    """``"default: 1; required"`` in the reader's words (ranges such as ``x>=1`` stay)."""
    out: list[str] = []
    for piece in text.split("; "):
        for pattern, template in _EXTRAS:
            if found := pattern.match(piece):
                piece = gettext(template).format(**found.groupdict())
                break
        out.append(piece)
    return "; ".join(out)


def help_cell(text: str) -> str:
    """An option's help as the help screen shows it: its words translated, then the bracketed
    facts Typer adds (``[default: 1]``)."""
    found = _EXTRA.match(text)
    if found is None or "[" not in text:
        return gettext(text)
    body = found["body"].rstrip()
    extra = f"[{_extra(found['extra'])}]"
    return f"{gettext(body)}  {extra}" if body else extra


_BaseFormatter: Any = typer.Context.formatter_class


class _Formatter(_BaseFormatter):  # type: ignore[misc]
    """Click's help formatter with its own words in the reader's language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix=f"{gettext(_USAGE)} " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(gettext(heading))

    def write_dl(self, rows: Sequence[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        super().write_dl([(term, help_cell(text)) for term, text in rows], *args, **kwargs)


class _Context(typer.Context):
    formatter_class = _Formatter


# -------------------------------------------------------------------------------- the tree
def _language_holder(
    lang: Annotated[
        str | None,
        typer.Option(
            OPTION,
            metavar="vi|en",
            help=N_(
                "Language of everything printed: vi or en "
                "(default: TEATRIP_LANG, else the locale, LANG…)."
            ),
            show_default=False,
        ),
    ] = None,
) -> None:
    """Holds the declaration of ``--lang`` for :func:`_language_option`."""


def _language_option() -> Any:
    """A ``--lang`` option for one command (its value was read before parsing)."""
    return copy.copy(_declared_language_option())


@functools.cache
def _declared_language_option() -> Any:
    holder = typer.Typer(add_completion=False)
    holder.command()(_language_holder)
    option = next(p for p in typer.main.get_command(holder).params if p.name == "lang")
    option.expose_value = False  # the commands do not take it: the language is already set
    return option


def _commands(command: Any) -> Iterator[Any]:
    yield command
    for child in getattr(command, "commands", {}).values():
        yield from _commands(child)


def localise(root: Any) -> None:
    """Put the command tree Typer built for this run in the current language (see module doc).

    Typer builds the tree anew on every run, so the English texts are still there to translate.
    """
    for command in _commands(root):
        command.context_class = _Context
        if command.help:
            command.help = gettext(command.help)
        if command.short_help:
            command.short_help = gettext(command.short_help)
        if command.options_metavar:
            command.options_metavar = gettext(command.options_metavar)
        if getattr(command, "subcommand_metavar", None):
            command.subcommand_metavar = gettext(command.subcommand_metavar)
        for param in command.params:
            if param.metavar:
                param.metavar = gettext(param.metavar)
        if not any(param.name == "lang" for param in command.params):
            command.params.append(_language_option())


# ------------------------------------------------------------------------------- usage errors
_Rule = tuple[re.Pattern[str], str]
# Click's own messages (exact English, no hooks), in the order they are tried.
_DETAILS: tuple[_Rule, ...] = (
    (
        re.compile(r"^(?:Value error, )?(?P<value>'.*') is not one of (?P<choices>.*?)\.?$", re.S),
        N_("{value} is not one of {choices}"),
    ),
    (re.compile(r"^Input should be a valid integer.*$", re.S), N_("expected a whole number")),
    (re.compile(r"^Input should be a valid number.*$", re.S), N_("expected a number")),
    (
        re.compile(r"^Input should be greater than or equal to (?P<low>\S+)$"),
        N_("expected at least {low}"),
    ),
    (
        re.compile(r"^Input should be less than or equal to (?P<high>\S+)$"),
        N_("expected at most {high}"),
    ),
    (
        re.compile(r"^(?P<value>.+) is not in the range (?P<range>.+)\.$"),
        N_("{value} is not in the range {range}"),
    ),
)
_MESSAGES: tuple[_Rule, ...] = (
    (
        re.compile(
            r"^No such option: (?P<option>\S+)(?: \(Possible options: (?P<options>.*)\))?$", re.S
        ),
        N_("No such option: {option}"),
    ),
    (re.compile(r"^Missing option (?P<name>.+?)\.(?: .*)?$", re.S), N_("Missing option {name}.")),
    (
        re.compile(r"^Missing argument (?P<name>.+?)\.(?: .*)?$", re.S),
        N_("Missing argument {name}."),
    ),
    (re.compile(r"^Missing parameter: (?P<name>.+)$", re.S), N_("Missing argument {name}.")),
    (re.compile(r"^Missing command\.$"), N_("Missing command.")),
    (
        re.compile(r"^No such command (?P<name>'.*?')\.(?: Did you mean (?P<like>.+)\?)?$", re.S),
        N_("No such command {name}."),
    ),
    (
        re.compile(r"^Option (?P<option>'.*?') requires an argument\.$"),
        N_("Option {option} needs a value."),
    ),
    (
        re.compile(r"^Option (?P<option>'.*?') requires (?P<n>\d+) arguments\.$"),
        N_("Option {option} needs {n} values."),
    ),
    (
        re.compile(r"^Option (?P<option>'.*?') does not take a value\.$"),
        N_("Option {option} does not take a value."),
    ),
    (
        re.compile(r"^Got unexpected extra arguments? ?(?:\(s\))? \((?P<args>.*)\)$", re.S),
        N_("Unexpected extra argument(s): {args}"),
    ),
    (
        re.compile(r"^Invalid value for (?P<name>.+?): (?P<detail>.*)$", re.S),
        N_("Invalid value for {name}: {detail}"),
    ),
    (re.compile(r"^Invalid value: (?P<detail>.*)$", re.S), N_("Invalid value: {detail}")),
)
_SUGGESTIONS = {
    "options": N_("(possible options: {options})"),
    "like": N_("Did you mean {like}?"),
}


def _reworded(rules: Sequence[_Rule], text: str, then: Callable[[str], str] | None) -> str | None:
    for pattern, template in rules:
        if found := pattern.match(text):
            facts = {k: v for k, v in found.groupdict().items() if v is not None}
            if then is not None and "detail" in facts:
                facts["detail"] = then(facts["detail"])
            out = gettext(template).format(**facts)
            for name, suggestion in _SUGGESTIONS.items():
                if name in facts:
                    out += " " + gettext(suggestion).format(**{name: facts[name]})
            return out
    return None


def _detail(text: str) -> str:
    return _reworded(_DETAILS, text, None) or text


def usage_message(message: str) -> str:
    """One of click's usage-error messages in the reader's words (itself if it is not known)."""
    return one_line(_reworded(_MESSAGES, message, _detail) or message)


def show_usage_error(error: Any, file: IO[Any] | None = None) -> None:
    """Show a usage error on one line in the reader's words, with where to read the usage:
    ``teatrip: no such option --frobnicate (see 'teatrip plan --help')``."""
    ctx = getattr(error, "ctx", None)
    message = usage_message(error.format_message())
    if ctx is not None and ctx.command.get_help_option(ctx) is not None:
        hint = gettext("see '{command} {option}'").format(
            command=ctx.command_path, option=ctx.help_option_names[0]
        )
        message = f"{message} ({hint})"
    typer.echo(f"teatrip: {one_line(message)}", file=file, err=True)
