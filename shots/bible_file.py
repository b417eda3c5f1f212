"""Reading ``bible.yaml`` safely: the file is the user's, and may be anything.

Why its own module: a hand-edited file can be saved as UTF-16, replaced by a
binary, be a pipe, or hold a YAML alias bomb ("billion laughs": nine anchors of
nine aliases each expand to 10^9 nodes as soon as anything turns them into a
string). Each must become one :class:`PrevisError` line naming the file, the
line where known, and what to do, before any field is read.

Aliases stay allowed (a user may share one voice mapping between characters),
but the document's size *with aliases expanded* is counted on the composed node
graph, which PyYAML builds with shared references in linear time, and refused
above :data:`MAX_EXPANDED_NODES`.
"""
from __future__ import annotations

import os
import stat

from screenplay.errors import PrevisError
from screenplay.loader import wide_encoding

__all__ = ["MAX_BIBLE_BYTES", "MAX_EXPANDED_NODES", "read_bible_text", "load_yaml_bounded"]

# A cast of hundreds with long looks is well under 1 MiB.
MAX_BIBLE_BYTES = 8 * 2**20
# Nodes after alias expansion: about 20 per character, so this allows thousands of characters.
MAX_EXPANDED_NODES = 200_000


def read_bible_text(path: str | os.PathLike[str]) -> str:
    """The text of ``bible.yaml``, refusing what is not a small UTF-8 text file.

    Raises:
        PrevisError: not a regular file, too large, UTF-16/UTF-32, binary, or not UTF-8
            (the encoding or the bad byte is named, with its line).
    """
    where = os.fspath(path)
    try:
        fd = os.open(where, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO must not hang the run
        with open(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise PrevisError("not a regular file; the character bible must be a YAML text file", where)
            data = fh.read(MAX_BIBLE_BYTES + 1)
    except OSError as exc:
        raise PrevisError(f"cannot read the character bible: {exc.strerror or exc}", where) from None
    if len(data) > MAX_BIBLE_BYTES:
        raise PrevisError(f"the character bible is over {MAX_BIBLE_BYTES // 2**20} MiB: not a bible.yaml", where)
    wide = wide_encoding(data)
    if wide:
        raise PrevisError(f"the character bible is {wide} text; save it as UTF-8", where, 1)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise PrevisError("the character bible is a binary file (NUL byte), not YAML text",
                          where, data.count(b"\n", 0, nul) + 1)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PrevisError(f"the character bible is not valid UTF-8 (byte 0x{data[exc.start]:02x}); "
                          "save it as UTF-8", where, data.count(b"\n", 0, exc.start) + 1) from None


def load_yaml_bounded(text: str, path: str | None = None):
    """``yaml.safe_load`` with the alias-expanded size bounded.

    Raises:
        PrevisError: not YAML, nested too deeply, a recursive alias, or more than
            :data:`MAX_EXPANDED_NODES` nodes once aliases are expanded.
    """
    import yaml

    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_expanded_size(node, path)
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise PrevisError(f"the character bible is not valid YAML: {getattr(exc, 'problem', None) or exc}",
                          path, (mark.line + 1) if mark else None) from None
    except RecursionError:
        raise PrevisError("the character bible is nested too deeply to be a bible", path) from None
    finally:
        loader.dispose()


def _check_expanded_size(root, path: str | None) -> None:
    """Count nodes as if every alias were copied, in time linear in the composed graph."""
    import yaml

    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            raise PrevisError("the character bible has an alias inside its own anchor", path,
                              node.start_mark.line + 1)
        open_nodes.add(key)
        total = 1
        if isinstance(node, yaml.ScalarNode):  # a long text aliased often weighs what it expands to
            total += len(node.value) // 256
        elif isinstance(node, yaml.SequenceNode):
            total += sum(size(child) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        open_nodes.discard(key)
        if total > MAX_EXPANDED_NODES:
            raise PrevisError(f"the character bible expands to over {MAX_EXPANDED_NODES:,} values through "
                              "its YAML aliases (an alias bomb?); write the values out", path,
                              node.start_mark.line + 1)
        sizes[key] = total
        return total

    size(root)
