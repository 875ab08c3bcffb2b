"""Keep the translations in step with the code.

    python scripts/i18n.py update    # add new message ids to teatrip/locale/vi/<area>.po
    python scripts/i18n.py check     # every message translated, fields kept; exit 1 if not

Messages are found with Babel's extractor: ``_``/``gettext``/``N_``/``say`` take the message as
their first argument, ``ngettext``/``N_plural``/``say_n`` a singular and a plural. Each message
goes to the ``.po`` file of the area that uses it first (planner, render, export, cli, batch,
catalog; everything else is common), so that people translating different areas do not edit the
same file. ``update`` keeps every existing translation and never removes one (a message used by two
areas stays where it is).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "teatrip"
LOCALE = PACKAGE / "locale"
TRANSLATED = ("vi",)  # English is the language of the message ids
AREAS = ("planner", "render", "export", "cli", "batch", "catalog")
KEYWORDS = {
    "_": None,
    "gettext": None,
    "N_": None,
    "N_plural": (1, 2),
    "ngettext": (1, 2),
    "say": None,
    "say_n": (1, 2),
}
EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
FIELD = re.compile(r"\{(\w*)[^{}]*\}")


@dataclass(frozen=True)
class Message:
    msgid: str | tuple[str, str]
    area: str
    where: str  # file:line of its first use


def area_of(path: str) -> str:
    """The translation file a source file's messages go to."""
    parts = Path(path).parts
    return parts[0] if parts and parts[0] in AREAS else "common"


def extracted() -> dict[str | tuple[str, str], Message]:
    """Every marked message of the package, with the area that uses it first."""
    found: dict[str | tuple[str, str], Message] = {}
    for filename, line, msgid, _comments, _context in extract_from_dir(
        str(PACKAGE), keywords=KEYWORDS
    ):
        if not msgid:
            continue
        key: str | tuple[str, str] = (
            (str(msgid[0]), str(msgid[1])) if isinstance(msgid, tuple) else str(msgid)
        )
        if isinstance(key, tuple) and not key[0]:
            continue
        found.setdefault(key, Message(key, area_of(filename), f"teatrip/{filename}:{line}"))
    return found


def po_path(lang: str, area: str) -> Path:
    return LOCALE / lang / f"{area}.po"


def read(path: Path, lang: str) -> Catalog:
    if not path.exists():
        # Fixed dates and header: a new file must not differ between two people's runs.
        return Catalog(
            locale=lang,
            project="teatrip",
            version="1",
            fuzzy=False,
            header_comment=f"# teatrip's words in {lang} ({path.stem}).",
            creation_date=EPOCH,
            revision_date=EPOCH,
        )
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


def write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".po.tmp")
    with temporary.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, sort_output=False)
    temporary.replace(path)


def translations(lang: str) -> dict[str | tuple[str, str], tuple[str, object]]:
    """Every message of every area's file: msgid -> (area, msgstr)."""
    table: dict[str | tuple[str, str], tuple[str, object]] = {}
    for path in sorted((LOCALE / lang).glob("*.po")):
        for message in read(path, lang):
            if not message.id:
                continue
            key = (
                (str(message.id[0]), str(message.id[1]))
                if isinstance(message.id, tuple | list)
                else str(message.id)
            )
            table.setdefault(key, (path.stem, message.string))
    return table


def update() -> int:
    messages = extracted()
    for lang in TRANSLATED:
        known = translations(lang)
        catalogs = {area: read(po_path(lang, area), lang) for area in (*AREAS, "common")}
        added = 0
        for key, message in messages.items():
            if key in known:
                continue
            catalogs[message.area].add(key, string=("", "") if isinstance(key, tuple) else "")
            added += 1
        for area, catalog in catalogs.items():
            if len(catalog) or po_path(lang, area).exists():
                write(po_path(lang, area), catalog)
        print(f"{lang}: {added} new message(s) to translate")
    return 0


def conflicts(lang: str) -> Iterator[str]:
    """Messages translated differently in two areas' files (only the first file's would show)."""
    first: dict[str | tuple[str, str], tuple[str, object]] = {}
    for path in sorted((LOCALE / lang).glob("*.po")):
        for message in read(path, lang):
            if not message.id:
                continue
            key = (
                (str(message.id[0]), str(message.id[1]))
                if isinstance(message.id, tuple | list)
                else str(message.id)
            )
            string = (
                tuple(message.string)
                if isinstance(message.string, list | tuple)
                else message.string
            )
            if key in first and first[key][1] != string:
                yield (
                    f"teatrip/locale/{lang}/{path.name}: {key!r} reads {string!r} here but "
                    f"{first[key][1]!r} in {first[key][0]}.po: make them one"
                )
            first.setdefault(key, (path.stem, string))


def problems(lang: str) -> Iterator[str]:
    """What is wrong with ``lang``'s translations, one line each."""
    yield from conflicts(lang)
    known = translations(lang)
    for key, message in extracted().items():
        entry = known.get(key)
        shown = key if isinstance(key, str) else key[0]
        translated = entry[1] if entry else ""
        strings = (
            tuple(str(x) for x in translated)
            if isinstance(translated, tuple | list)
            else (str(translated or ""),)
        )
        if not strings or not all(strings):
            yield f"{message.where}: not translated into {lang}: {shown!r}"
            continue
        wanted = set(FIELD.findall(key if isinstance(key, str) else key[1]))
        for string in strings:
            got = set(FIELD.findall(string))
            if got != wanted:
                yield (
                    f"{message.where}: the {lang} translation of {shown!r} has fields "
                    f"{sorted(got)}, not {sorted(wanted)}"
                )


def check() -> int:
    found = [line for lang in TRANSLATED for line in problems(lang)]
    for line in found:
        print(line)
    print(f"{len(found)} problem(s)")
    return 1 if found else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("update", "check"))
    args = parser.parse_args(argv)
    return update() if args.action == "update" else check()


if __name__ == "__main__":
    sys.exit(main())
