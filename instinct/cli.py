"""The `instinct` command: argparse subcommands, each parsing flags and calling one function.

User errors (bad flags, configs, files, run folders) end in one line on stderr and exit status 2;
Ctrl-C ends with status 130 after the command has saved what it can.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from instinct.errors import InstinctError

# Each module under instinct.commands is one subcommand (a new command is one file); these come
# first in --help, the rest alphabetically.
FIRST = ["evolve", "watch", "prune", "plot", "inspect", "export", "bits", "envs", "bench"]


def command_modules() -> list[str]:
    import instinct.commands as pkg

    found = {m.name for m in pkgutil.iter_modules(pkg.__path__) if not m.name.startswith("_")}
    return [n for n in FIRST if n in found] + sorted(found - set(FIRST))


class DefaultsFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Adds "(default: X)" to a flag's help unless the help already says it or X says nothing."""

    def _get_help_string(self, action):
        text = action.help or ""
        if "default" in text or action.default in (None, "", False, argparse.SUPPRESS):
            return text
        return super()._get_help_string(action)


def one_line(text: str, limit: int = 400) -> str:
    """A message as one printable line: control characters escaped, very long ones cut."""
    text = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in str(text))
    half = (limit - 3) // 2  # the middle goes: paths are long, the reason comes last
    return text if len(text) <= limit else text[:half] + "..." + text[-half:]


def os_message(e: OSError) -> str:
    """What the filesystem refused, and where: `PATH: File name too long`."""
    reason = e.strerror or type(e).__name__
    if e.filename is None:
        return f"{reason} ({e})"
    name = str(e.filename)
    return f"{name if len(name) <= 160 else name[:60] + '...' + name[-60:]}: {reason}"


class Parser(argparse.ArgumentParser):
    """argparse that reports a bad flag in one line instead of a usage block."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {one_line(message)} (see {self.prog} --help)\n")


def build_parser() -> Parser:
    parser = Parser(
        prog="instinct",
        description="Evolve genomes that grow networks with innate behaviour (instincts), and "
        "find where that behaviour lives.",
    )
    from instinct import __version__

    parser.add_argument("-V", "--version", action="version", version=f"instinct {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True
    for module in command_modules():
        importlib.import_module(f"instinct.commands.{module}").add_parser(sub)
    return parser


def main(argv=None) -> int:
    try:
        parser = build_parser()  # imports every command: Ctrl-C here ends quietly too
    except KeyboardInterrupt:
        return 130
    if any("\x00" in a for a in (sys.argv[1:] if argv is None else argv)):
        parser.error("an argument holds a NUL character")  # no OS passes one; a caller might
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except InstinctError as e:
        print(f"instinct {args.command}: error: {one_line(e)}", file=sys.stderr)
        return 2
    except OSError as e:  # a path too long, no permission, a read-only or full disk: no traceback
        if isinstance(e, BrokenPipeError):
            return 0
        print(f"instinct {args.command}: error: {one_line(os_message(e))}", file=sys.stderr)
        return 2
    except MemoryError:
        print(f"instinct {args.command}: error: out of memory (ask for a smaller run)",
              file=sys.stderr)  # fmt: skip
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
