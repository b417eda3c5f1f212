"""How many frames an MP4's video track holds, read from its header boxes, without decoding.

Why: the store checks every cached shot before reusing it (a shot truncated with
its metadata intact once made a silently short animatic, issue 13), and that check
runs for every shot on every run and every reload of the app. Opening the file
with a demuxer probes streams and costs ~10 ms a shot (15 s on a feature); walking
the box tree to the video track's ``stsz`` (sample count) reads a few hundred bytes.
"""
from __future__ import annotations

import os
import struct
from typing import BinaryIO, Iterator

_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl"}


def _boxes(f: BinaryIO, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """``(type, payload start, box end)`` of each box between ``start`` and ``end``."""
    pos = start
    while pos + 8 <= end:
        f.seek(pos)
        head = f.read(8)
        if len(head) < 8:
            return
        size, kind = struct.unpack(">I4s", head)
        payload = pos + 8
        if size == 1:
            big = f.read(8)
            if len(big) < 8:
                return
            size = struct.unpack(">Q", big)[0]
            payload = pos + 16
        elif size == 0:
            size = end - pos
        if size < payload - pos or pos + size > end:
            raise ValueError(f"box {kind!r} at {pos} runs past the end of the file")
        yield kind, payload, pos + size
        pos += size


def mp4_video_frames(path: str | os.PathLike[str]) -> int | None:
    """The sample count of the first video track (its ``stsz``), or None if the header has none
    (e.g. a fragmented MP4). The top-level boxes must end exactly at the end of the file.

    Raises:
        OSError: the file cannot be read. ValueError: the box tree is damaged (a truncated file).
    """
    with open(path, "rb") as f:
        end = f.seek(0, os.SEEK_END)

        def walk(start: int, stop: int, video: bool) -> int | None:
            for kind, payload, box_end in _boxes(f, start, stop):
                if kind == b"trak":
                    found = walk(payload, box_end, video=False)
                    if found is not None:
                        return found
                elif kind == b"hdlr":
                    f.seek(payload + 8)  # version/flags, pre_defined, then the handler type
                    video = f.read(4) == b"vide"
                elif kind in _CONTAINERS:
                    found = walk(payload, box_end, video)
                    if found is not None:
                        return found
                elif kind == b"stsz" and video:
                    f.seek(payload + 8)  # version/flags, sample_size
                    return struct.unpack(">I", f.read(4))[0]
            return None

        top = list(_boxes(f, 0, end))  # the top-level boxes must tile the file: a cut-off mdat raises
        if not top or top[-1][2] != end:
            raise ValueError("the file ends inside a box")
        return walk(0, end, video=False)
