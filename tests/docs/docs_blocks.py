"""Reading the code examples out of a Markdown page: fenced blocks, and the shell commands in
``console`` blocks.

A block directly preceded by the line ``<!-- docs-test: skip -->`` is marked ``skip``. In a
``console`` block every line starting with ``$ `` is a command; a command ending in ``\\`` goes
on with the next line, and one with a here-document (``<<'EOF'``) takes the lines up to the
delimiter, as the shell would. Every other line is output shown to the reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SKIP_MARKER = "<!-- docs-test: skip -->"
FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>```+|~~~+)\s*(?P<lang>[\w+-]*)")
HEREDOC = re.compile(r"<<-?\s*(['\"]?)(?P<word>\w+)\1")


@dataclass(frozen=True)
class Block:
    """One fenced block: its language, its text (indentation removed) and where it starts."""

    page: Path
    line: int  # 1-based line of the opening fence
    lang: str
    text: str
    skip: bool

    @property
    def where(self) -> str:
        return f"{self.page.name}:{self.line}"


def blocks(page: Path) -> list[Block]:
    """Every fenced block of ``page``, in order."""
    lines = page.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        indent, fence = len(opening["indent"]), opening["fence"]
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not lines[j].strip().startswith(fence):
            line = lines[j]
            body.append(line[indent:] if line[:indent].strip() == "" else line.lstrip())
            j += 1
        skip = i > 0 and lines[i - 1].strip() == SKIP_MARKER
        found.append(Block(page, i + 1, opening["lang"].lower(), "\n".join(body) + "\n", skip))
        i = j + 1
    return found


def console_commands(text: str) -> list[str]:
    """The commands of a ``console`` block, each with its continuation lines."""
    lines = text.splitlines()
    commands: list[str] = []
    i = 0
    while i < len(lines):
        if not lines[i].startswith("$ "):
            i += 1
            continue
        command = [lines[i][2:]]
        i += 1
        while command[-1].endswith("\\") and i < len(lines):
            command.append(lines[i])
            i += 1
        heredoc = HEREDOC.search(command[0])
        if heredoc:
            while i < len(lines):
                command.append(lines[i])
                i += 1
                if command[-1].strip() == heredoc["word"]:
                    break
        commands.append("\n".join(command))
    return commands
