"""Conforming: read an editor's cut back and learn the new shot order and lengths.

The editor re-times and re-orders the animatic in their own tool and hands back
an .otio, .edl, FCP7 .xml or .fcpxml. Any OTIO adapter reads it; each clip on
the (first) video track is matched to a shot by id: our OTIO metadata if it
survived, else the clip name (which every format keeps, and which a CMX EDL
carries in its ``* FROM CLIP NAME`` comment), else the reel. The result is
plain data, :class:`Conform`, that the project store keeps and the pipeline
applies to later renders and exports, and a human list of what changed.
"""
from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from screenplay.errors import PrevisError
from renders.limits import MAX_SHOT_SECONDS

# file suffix -> OTIO adapter
CUT_ADAPTERS: dict[str, str] = {
    ".otio": "otio_json",
    ".edl": "cmx_3600",
    ".xml": "fcp_xml",
    ".fcpxml": "fcpx_xml",
}

# The cut is a file from elsewhere, read by OTIO's C++ core: a feature's timeline is a few MB,
# and its nesting (timeline > stack > track > clip > range > time, plus metadata) a few dozen
# levels. The reader recurses per level and crashes the process on 50,000, so both are checked
# on the bytes before any adapter sees them.
MAX_CUT_BYTES = 64 * 2**20
MAX_CUT_NESTING = 200
_JSON_TOKEN = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')  # a string (skipped) or a bracket
# A comment, or a tag: closing `</`, special `<!`/`<?`, quoted attribute values (which may hold
# `>`), self-closing `/>`. Possessive quantifiers keep every match linear.
_XML_TAG = re.compile(rb'<!--(?:[^-]++|-(?!->))*+-->|<(/)?([!?])?(?:[^<>"\'/]++|"[^"]*+"|\'[^\']*+\'|/(?!>))*+(/)?>')


@dataclass(frozen=True, slots=True)
class Conform:
    """An editor's cut as the project keeps it: the shot ids in the new order and
    each kept shot's new length in frames. Shots absent from ``order`` were cut."""

    order: tuple[str, ...]
    frames: dict[str, int]


@dataclass(frozen=True, slots=True)
class ConformResult:
    """What :func:`conform_cut` found: the conform and the human report."""

    conform: Conform
    changes: tuple[str, ...]


def read_cut(path: str | os.PathLike[str], fps: int = 24, known_ids: Sequence[str] = ()) -> tuple[list[tuple[str, int]], list[str]]:
    """Read the video clips of an edited timeline, in record order.

    Args:
        path: an .otio, .edl, .xml (FCP7) or .fcpxml file.
        fps: the project frame rate; EDLs carry none, and lengths are given in it.
        known_ids: the project's shot ids, to recognise renamed clips like ``"12A v2"``.

    Returns:
        ``(clips, unmatched)``: ``(shot_id, frames)`` per matched clip in order,
        and the names of clips that matched no shot.

    Raises:
        PrevisError: missing file, unknown suffix, a file too large or nested too deeply
            (checked on the bytes, before OTIO's reader), an adapter could not read it, or a
            clip's duration is not a length (inf, nan, rate 0, under one frame, over
            ``MAX_SHOT_SECONDS``); the message names the clip.
    """
    import opentimelineio as otio

    p = Path(path)
    if not p.is_file():
        raise PrevisError("no such file" if not p.exists() else "not a file", p)
    adapter = CUT_ADAPTERS.get(p.suffix.lower())
    if adapter is None:
        raise PrevisError(f"unknown cut format {p.suffix or '(no suffix)'!r}; give one of: "
                          f"{', '.join(CUT_ADAPTERS)}", p)
    _check_shape(p, adapter)
    kwargs = {"rate": fps} if adapter == "cmx_3600" else {}
    try:
        if adapter == "cmx_3600":  # a fade from black opening the EDL stops OTIO's reader
            from renders.export.timeline_transitions import readable_edl

            text = readable_edl(p.read_text(encoding="utf-8", errors="replace"))
            result = otio.adapters.read_from_string(text, adapter_name=adapter, **kwargs)
        else:
            result = otio.adapters.read_from_file(str(p), adapter_name=adapter, **kwargs)
    except Exception as exc:  # every adapter has its own exception types
        raise PrevisError(f"cannot read this cut with OTIO's {adapter} adapter: {exc}", p) from exc
    timeline = _first_timeline(result)
    if timeline is None or not timeline.video_tracks():
        raise PrevisError("the cut has no video track", p)
    track = timeline.video_tracks()[0]
    known = {k.upper(): k for k in known_ids}
    clips: list[tuple[str, int]] = []
    unmatched: list[str] = []
    for number, item in enumerate(track.find_clips(shallow_search=True), start=1):
        if not item.enabled:
            continue
        shot_id = _shot_id_of(item, known)
        frames = _clip_frames(item, number, fps, p)
        if shot_id is None:
            unmatched.append(item.name or "(unnamed clip)")
        else:
            clips.append((shot_id, frames))
    return clips, unmatched


def _check_shape(path: Path, adapter: str) -> None:
    """Refuse a cut too large or too deeply nested to be an edit, before a reader recurses into it."""
    size = path.stat().st_size
    if size > MAX_CUT_BYTES:
        raise PrevisError(f"the cut is {size // 2**20} MiB; an edit of a feature is a few MiB "
                          f"(limit {MAX_CUT_BYTES // 2**20} MiB)", path)
    if adapter == "cmx_3600":
        return  # line by line: nothing nests
    with open(path, "rb") as fh:
        data = fh.read()
    depth = deepest = 0
    if adapter == "otio_json":
        for token in _JSON_TOKEN.finditer(data):
            bracket = token.group()
            if bracket in (b"[", b"{"):
                depth += 1
                deepest = max(deepest, depth)
                if deepest > MAX_CUT_NESTING:
                    break
            elif bracket in (b"]", b"}"):
                depth -= 1
    else:
        for tag in _XML_TAG.finditer(data):
            closing, special, empty = tag.groups()
            if tag.group().startswith(b"<!--"):
                continue
            if closing:
                depth -= 1
            elif not special and not empty:
                depth += 1
                deepest = max(deepest, depth)
                if deepest > MAX_CUT_NESTING:
                    break
    if deepest > MAX_CUT_NESTING:
        raise PrevisError(f"the cut nests over {MAX_CUT_NESTING} levels deep; an edit is a few dozen "
                          "(a damaged or hostile file?)", path)


def _clip_frames(clip, number: int, fps: int, path: Path) -> int:
    """A clip's length in project frames, refused unless it is a length previs can make."""
    label = f"clip {number} {clip.name or '(unnamed)'!r}"
    try:
        duration = clip.trimmed_range().duration
        value, rate = float(duration.value), float(duration.rate)
    except Exception as exc:  # OTIO raises its own types for a range it cannot compute
        raise PrevisError(f"{label} has no readable duration ({exc})", path) from None
    if not (math.isfinite(value) and math.isfinite(rate) and rate > 0):
        raise PrevisError(f"{label} lasts {value:g} frames at {rate:g} fps: not a length", path)
    frames = round(value * fps / rate)
    if frames < 1:
        raise PrevisError(f"{label} lasts {frames} frames; a shot lasts at least one", path)
    longest = MAX_SHOT_SECONDS * fps
    if frames > longest:
        raise PrevisError(f"{label} lasts {frames} frames ({frames / fps / 3600:.1f} h); previs makes "
                          f"shots up to {MAX_SHOT_SECONDS // 60} minutes ({longest} frames)", path)
    return frames


def _first_timeline(result):
    import opentimelineio as otio

    if isinstance(result, otio.schema.Timeline):
        return result
    if isinstance(result, otio.schema.SerializableCollection):  # FCPXML with several projects
        for child in result.find_children(descended_from_type=otio.schema.Timeline):
            return child
        for child in result:
            if isinstance(child, otio.schema.Timeline):
                return child
    return None


def _shot_id_of(clip, known: Mapping[str, str]) -> str | None:
    meta = clip.metadata.get("previs") if hasattr(clip.metadata, "get") else None
    if meta and hasattr(meta, "get") and meta.get("shot_id"):
        sid = str(meta.get("shot_id"))
        if not known or sid.upper() in known:
            return known.get(sid.upper(), sid)
    name = (clip.name or "").strip()
    reel = ""
    cmx = clip.metadata.get("cmx_3600") if hasattr(clip.metadata, "get") else None
    if cmx and hasattr(cmx, "get"):
        reel = str(cmx.get("reel") or "").strip()
    if not known:
        return name or None
    for cand in (name, *re.split(r"[\s_]+", name), reel):
        if cand and cand.upper() in known:
            return known[cand.upper()]
    return None


def conform_cut(path: str | os.PathLike[str], previous: Sequence[tuple[str, int]], fps: int = 24) -> ConformResult:
    """Read an edited cut and compare it with the project's current one.

    Args:
        path: the editor's .otio/.edl/.xml/.fcpxml.
        previous: the current cut as ``(shot_id, frames)`` in order (e.g.
            ``[(t.shot.id, t.frames) for t in animatic.shots]``).
        fps: the project frame rate.

    Returns:
        A :class:`ConformResult`. A shot used twice in the cut keeps its first
        use (and the report says so).

    Raises:
        PrevisError: the file cannot be read, a clip names no shot of the project,
            or no clip in it does (probably the wrong file).
    """
    known = [sid for sid, _ in previous]
    clips, unmatched = read_cut(path, fps, known)
    if not clips:
        hint = f" (clip names seen: {', '.join(unmatched[:5])})" if unmatched else ""
        raise PrevisError(f"no clip in this cut is a shot of the project{hint}; "
                          "clips are matched by shot id, e.g. 12A", path)
    if unmatched:  # a cut that keeps it would not be the cut the project plays back
        raise PrevisError(f"clip {unmatched[0]!r} names no shot of the project; clips are matched by "
                          "shot id (e.g. 12A): rename it or take it out of the cut", path)
    order: list[str] = []
    frames: dict[str, int] = {}
    notes: list[str] = []
    for sid, n in clips:
        if sid in frames:
            notes.append(f"{sid} is used more than once; kept its first use")
            continue
        order.append(sid)
        frames[sid] = n
    conform = Conform(tuple(order), frames)
    changes = describe_changes(previous, conform, fps) + notes
    return ConformResult(conform, tuple(changes))


def describe_changes(previous: Sequence[tuple[str, int]], conform: Conform, fps: int = 24) -> list[str]:
    """Human lines saying what an edit changed: removed, re-timed and moved shots.

    A moved shot is one outside the longest run of shots that kept their
    relative order, so swapping two neighbours reports one move, not every shot.
    """
    before = dict(previous)
    old_order = [sid for sid, _ in previous]
    lines: list[str] = []
    for sid in old_order:
        if sid not in conform.frames:
            lines.append(f"removed {sid}")
    for sid in conform.order:
        if sid in before and conform.frames[sid] != before[sid]:
            old, new = before[sid], conform.frames[sid]
            lines.append(f"re-timed {sid}: {old} -> {new} frames ({old / fps:.2f}s -> {new / fps:.2f}s)")
    kept = [sid for sid in conform.order if sid in before]
    index = {sid: i for i, sid in enumerate(old_order)}
    steady = set(_longest_increasing([index[s] for s in kept]))
    for pos, sid in enumerate(kept):
        if index[sid] not in steady:
            where = f"after {kept[pos - 1]}" if pos else "first"
            lines.append(f"moved {sid}: now {where}")
    if not lines:
        lines.append("no change: the cut matches the project")
    return lines


def _longest_increasing(values: Sequence[int]) -> list[int]:
    """One longest strictly increasing subsequence (patience sorting, O(n log n))."""
    import bisect

    tails: list[int] = []
    tail_idx: list[int] = []
    prev = [-1] * len(values)
    for i, v in enumerate(values):
        k = bisect.bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tail_idx.append(i)
        else:
            tails[k] = v
            tail_idx[k] = i
        prev[i] = tail_idx[k - 1] if k else -1
    out: list[int] = []
    i = tail_idx[-1] if tail_idx else -1
    while i >= 0:
        out.append(values[i])
        i = prev[i]
    return out[::-1]
