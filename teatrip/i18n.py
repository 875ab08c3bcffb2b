"""Which language a person reads, and our words in it.

teatrip speaks Vietnamese (``vi``) and English (``en``). Words are written in English in the code
(they are the gettext message ids) and translated from ``teatrip/locale/<lang>/*.po``, one file per
area of the program (``common``, ``planner``, ``render``, ``export``, ``cli``) so that the areas'
translators do not edit the same file. The files are read with Babel's PO reader the first time a
language other than English is used; English needs no file.

The language is a context variable: the command line sets it once from ``--lang`` or the
environment's locale (:func:`language_from_environment`), and a library caller can word one
export in Vietnamese with ``with language("vi"): ...`` without changing anyone else's.

Mark a word for translation where it is defined and translate it where it is used: ``N_("Day")``
in a table of constants, ``_("Day")`` at the point of use; :func:`ngettext` for words that follow a
count. ``scripts/i18n.py`` extracts the marked words and checks every ``.po`` file against them.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from functools import cache
from importlib import resources

LANGUAGES: tuple[str, ...] = ("vi", "en")
SOURCE_LANGUAGE = "en"  # the language the message ids are written in
DEFAULT_LANGUAGE = "en"  # a locale that names neither language (C, POSIX, fr_FR…)

_current: ContextVar[str] = ContextVar("teatrip_language", default=DEFAULT_LANGUAGE)

# Plural messages are stored under (singular, plural) and give one translation per plural form;
# Vietnamese has a single form (CLDR), English two.
_Key = str | tuple[str, str]
_Translation = str | tuple[str, ...]


def normalise(language: str) -> str | None:
    """``"vi_VN.UTF-8"`` -> ``"vi"``; ``"en-GB"`` -> ``"en"``; a language we lack -> None."""
    code = language.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else None


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for: ``TEATRIP_LANG``, then the POSIX locale variables
    in their order of precedence (``LANGUAGE``'s list, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``).

    The first variable that is set decides, as POSIX says, except that a locale naming neither of
    our languages (``C``, ``fr_FR``) gives English rather than falling through.
    """
    env = os.environ if environ is None else environ
    for variable in ("TEATRIP_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable, "").strip()
        if not value:
            continue
        if variable == "LANGUAGE":  # a preference list, "vi:en"
            for item in value.split(":"):
                if found := normalise(item):
                    return found
            continue
        return normalise(value) or DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def current() -> str:
    """The language words are put in now."""
    return _current.get()


def use(language: str) -> None:
    """Put words in ``language`` from now on in this context (the command line's choice)."""
    _current.set(_checked(language))


@contextlib.contextmanager
def language(code: str) -> Iterator[None]:
    """Put words in ``code`` inside the ``with`` block only."""
    token = _current.set(_checked(code))
    try:
        yield
    finally:
        _current.reset(token)


def _checked(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}: use one of {', '.join(LANGUAGES)}")
    return language


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it (translate it where it is used)."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a counted message (for :func:`ngettext`) without translating it."""
    return (singular, plural)


def gettext(message: str) -> str:
    """``message`` in the current language (itself where no translation exists)."""
    lang = current()
    if lang == SOURCE_LANGUAGE or not message:
        return message
    found = _translations(lang).get(message)
    return found if isinstance(found, str) and found else message


_ = gettext


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message that follows ``count``: ``ngettext("{n} site", "{n} sites", n)``."""
    english = singular if count == 1 else plural
    lang = current()
    if lang == SOURCE_LANGUAGE:
        return english
    found = _translations(lang).get((singular, plural))
    if isinstance(found, tuple) and found and all(found):
        return found[min(_plural_form(lang, count), len(found) - 1)]
    return english


def _plural_form(lang: str, count: int) -> int:
    # Only our two languages: Vietnamese has one form (nplurals=1), English "one"/"other".
    return 0 if lang == "vi" else (0 if count == 1 else 1)


def has_translation(message: str, lang: str) -> bool:
    """Whether ``message`` has a translation in ``lang`` (English always has its own words)."""
    return lang == SOURCE_LANGUAGE or bool(_translations(lang).get(message))


@cache
def _translations(lang: str) -> dict[_Key, _Translation]:
    """Every translated message of ``lang``, from all of its ``.po`` files."""
    from babel.messages.pofile import read_po  # only when a translation is needed

    table: dict[_Key, _Translation] = {}
    folder = resources.files("teatrip") / "locale" / lang
    if not folder.is_dir():
        return table
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if not entry.name.endswith(".po"):
            continue
        with entry.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        for message in catalog:
            if not message.id or message.fuzzy:
                continue
            if isinstance(message.id, tuple | list):
                forms = tuple(str(form) for form in message.string or ())
                table[(str(message.id[0]), str(message.id[1]))] = forms
            elif message.string:
                table[str(message.id)] = str(message.string)
    return table
