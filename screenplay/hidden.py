"""Cut boneyard ``/* */`` and notes ``[[ ]]`` out of Fountain text, keeping line numbers.

Why a separate pass: both can start and end anywhere, even across lines, and
the spec says the boneyard is gone before anything else is read (convention 8).
Doing it on the whole text with ``str.find`` is linear and costs nothing for
the many scripts that have neither (the parser only calls this when ``/*`` or
``[[`` occurs at all).

How line numbers survive: each hidden span is replaced by a marker character
per line it covered. A line that held only notes (and blanks) is then dropped
from the line list, not turned into a blank line, so a note between two lines
of dialogue does not break the dialogue. A line that held only boneyard becomes
a blank line: the spec's boneyard is text that is not there, and what is around
a cut block stands apart as it would around a blank line (``CUT TO:``, a cut
scene, then a heading: a transition, then a heading). A note that opens inside a
line and closes lines later takes its line breaks with it: the text after it
continues the line it opened on. The caller gets the kept lines and, beside
them, their original 1-based numbers.

A paragraph made only of notes becomes one placeholder line, :data:`NOTE_LINE`
(recognised by identity), and its :class:`Note` elements (convention 7).
An unclosed ``/*`` or ``[[`` is left as text: a stray marker must not swallow
the rest of a script silently.
"""
from __future__ import annotations

from screenplay.model import Note

__all__ = ["NOTE_LINE", "strip_hidden"]

# Placeholder for a paragraph that is only notes. The parser tests identity
# (`line is NOTE_LINE`), so the same text typed by a user is just text.
NOTE_LINE = "\x00[[notes]]"
_HIDDEN_BLANKS = " \t" + "".join(map(chr, (0, 1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17, 18, 19, 20)))


def _marker_for(text: str) -> str:
    """A character that does not occur in ``text``, to stand for hidden spans."""
    for code in (0, 1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17, 18, 19, 20):
        c = chr(code)
        if c not in text:
            return c
    code = 0xE000
    while chr(code) in text:  # private use area; a text cannot hold all of it
        code += 1
    return chr(code)


def _cut(text: str, opener: str, closer: str, marker: str, found: list | None, joiner: str = "") -> str:
    """Replace each ``opener ... closer`` span with one ``marker`` per covered line.

    Notes (``found`` is a list) may not cross a truly empty line; each one is
    recorded there as ``(first_line, last_line, inner_text)``. A note that opens
    after text on its line and spans lines marks the lines it ran onto with
    ``joiner`` instead: they continue the line it opened on.
    """
    out = []
    pos = 0  # copied up to here
    search = 0
    line = 1  # line number at `counted`
    counted = 0
    while True:
        a = text.find(opener, search)
        if a < 0:
            break
        b = text.find(closer, a + 2)
        if b < 0:
            break
        if found is not None and text.find("\n\n", a, b) >= 0:
            search = a + 2
            continue
        breaks = text.count("\n", a, b)
        if found is not None:
            line += text.count("\n", counted, a)
            counted = a
            inner = text[a + 2:b].replace(marker, "")
            if breaks:
                inner = "\n".join(x.strip() for x in inner.split("\n"))
            found.append((line, line + breaks, inner.strip()))
        out.append(text[pos:a])
        inline = joiner and breaks and text[text.rfind("\n", 0, a) + 1:a].strip(_HIDDEN_BLANKS)
        out.append(marker + ("\n" + (joiner if inline else marker)) * breaks)
        pos = search = b + 2
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def strip_hidden(text: str) -> tuple[list[str], list[int], dict[int, list[Note]]]:
    """Remove boneyard and notes from LF-only text.

    Args:
        text: the script, BOM removed and line endings already ``\\n``.

    Returns:
        ``(lines, numbers, notes_at)``: the kept lines, the 1-based source line
        of each, and for each :data:`NOTE_LINE` placeholder's index in
        ``lines`` the notes it stands for.
    """
    bone = _marker_for(text)
    marker = _marker_for(text + bone)  # notes
    joiner = _marker_for(text + bone + marker)  # a line a note ran onto
    if "/*" in text:
        text = _cut(text, "/*", "*/", bone, None)
    notes: list[tuple[int, int, str]] = []
    if "[[" in text:
        text = _cut(text, "[[", "]]", marker, notes, joiner)
    raw = text.split("\n")
    if marker not in text and bone not in text:
        return raw, list(range(1, len(raw) + 1)), {}

    # Which lines held only hidden text: notes-only lines are dropped, boneyard-only
    # lines become blank, a line a note ran onto continues the line it opened on.
    removed = [False] * len(raw)
    kept = -1
    for idx, line in enumerate(raw):
        if marker in line or bone in line or line[:1] == joiner:
            clean = line.replace(marker, "").replace(bone, "").rstrip()
            if line[:1] == joiner:
                removed[idx] = True
                if clean[1:]:
                    raw[kept] += clean[1:]
                continue
            if clean.strip():
                raw[idx] = clean
            elif marker in line:
                removed[idx] = True
                continue
            else:
                raw[idx] = ""
        kept = idx

    notes_by_line: dict[int, list[tuple[int, int, str]]] = {}
    for note in notes:
        notes_by_line.setdefault(note[0], []).append(note)

    lines: list[str] = []
    nums: list[int] = []
    notes_at: dict[int, list[Note]] = {}
    n = len(raw)
    idx = 0
    while idx < n:
        if not removed[idx]:
            lines.append(raw[idx])
            nums.append(idx + 1)
            idx += 1
            continue
        run_end = idx
        while run_end + 1 < n and removed[run_end + 1]:
            run_end += 1
        # A run of hidden-only lines is its own paragraph when blank lines (or
        # the file's edges) surround it; its notes then become elements.
        before_blank = idx == 0 or not raw[idx - 1].strip()
        after_blank = run_end + 1 >= n or not raw[run_end + 1].strip()
        if before_blank and after_blank:
            found = [
                Note(t, first, last)
                for ln in range(idx + 1, run_end + 2)
                for (first, last, t) in notes_by_line.get(ln, ())
            ]
            if found:
                notes_at[len(lines)] = found
                lines.append(NOTE_LINE)
                nums.append(idx + 1)
        idx = run_end + 1
    return lines, nums, notes_at
