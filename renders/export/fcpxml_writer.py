"""FCPXML through OTIO's own ``fcpx_xml`` adapter, with its two slow lookups indexed and the programme at 01:00:00:00.

Why not the adapter as it is: it hangs every audio clip on the spine item
under it by walking the whole spine (and XPath look-ups, each a walk of every
asset, to find frame rates, assets and clips by name), so a feature's 800 dialogue clips cost 800 x 1,700 walks: 14 s
on big-fish, 90% of the export; and it runs ``ffprobe`` once per clip to name
a format that every clip shares. Here the spine is indexed once (sorted start
times, bisect) and assets and formats are looked up in dicts; the XML is the
adapter's, element for element, indented as the adapter indents it but
without its minidom round trip (xml_layout.py), which was half of what was left.

Start timecode: the adapter has no field for it. FCPXML says it with the
sequence's ``tcStart``, and the spine's items then sit at offsets from that
time (as Final Cut writes them), so both are set after the adapter has built
the sequence.
"""
from __future__ import annotations

import bisect
from fractions import Fraction

from renders.export.timeline_transitions import add_fcpxml_transitions
from renders.export.xml_layout import pretty_xml

__all__ = ["fcpxml_string"]


def fcpxml_string(timeline, start_seconds: int = 0) -> str:
    """The timeline as FCPXML text.

    Args:
        timeline: an OTIO timeline (audio already trimmed to the picture).
        start_seconds: the sequence's start timecode in seconds (3600 for 01:00:00:00).

    Returns:
        The document, as the adapter's ``write_to_string`` would give it, plus the
        transitions of V1 in the spine (the adapter drops them; timeline_transitions.py).
    """
    from otio_fcpx_xml_adapter import fcpx_xml

    class IndexedFcpxOtio(fcpx_xml.FcpxOtio):
        """The adapter's writer with dict and bisect look-ups in place of tree walks."""

        def __init__(self, otio_timeline):
            super().__init__(otio_timeline)
            self._spine_index: dict[int, tuple[list, list]] = {}
            self._indexes: dict[tuple, tuple[dict, int]] = {}
            self._track_formats: dict[int, tuple] = {}
            self._rates: dict[str, int] = {}
            self._format_names: dict[float, str] = {}

        def _clip_format_name(self, clip):
            # The adapter runs ffprobe for every clip to name its format; every clip of a
            # timeline shares one rate, so probe once per rate.
            rate = clip.duration().rate
            if rate not in self._format_names:
                self._format_names[rate] = super()._clip_format_name(clip)
            return self._format_names[rate]

        def _find_or_create_format_from(self, clip):
            # It asks a track for its duration (a sum over every clip) twice per audio clip;
            # the answer's rate never changes, so keep the format per object.
            if clip.schema_name() not in ("Track", "Stack"):
                return super()._find_or_create_format_from(clip)
            key = id(clip)
            if key not in self._track_formats:
                self._track_formats[key] = (clip, super()._find_or_create_format_from(clip))
            return self._track_formats[key][1]

        def _indexed(self, parent, tag: str, attr: str, value):
            """``parent.find(f"./{tag}[@{attr}='{value}']")`` from a dict, topped up with new children."""
            key = (id(parent), tag, attr)
            index, seen = self._indexes.get(key, ({}, 0))
            for child in parent[seen:]:
                if child.tag == tag and child.get(attr) is not None:
                    index.setdefault(child.get(attr), child)
            self._indexes[key] = (index, len(parent))
            return index.get(value)

        def _asset_by_id(self, asset_id):
            return self._indexed(self.resource_element, "asset", "id", asset_id)

        def _asset_by_path(self, path):
            return self._indexed(self.resource_element, "asset", "src", path)

        def _asset_clip_by_name(self, name):
            return self._indexed(self.event_resource, "asset-clip", "name", name)

        def _media_by_id(self, media_id):
            return self._indexed(self.resource_element, "media", "id", media_id)

        def _format_by_frame_rate(self, frame_rate):
            return self._indexed(self.resource_element, "format", "frameDuration",
                                 self._framerate_to_frame_duration(frame_rate))

        def _frame_rate_from_element(self, element, default_format_id):
            key = element.get("ref") if element.tag == "asset-clip" else None
            if key is not None and key in self._rates:
                return self._rates[key]
            rate = super()._frame_rate_from_element(element, default_format_id)
            if key is not None:
                self._rates[key] = rate
            return rate

        def _find_parent_element(self, spine, trimmed_range, format_id):
            # Audio tracks are written after every video track, so the spine is complete by
            # the first call; items hung on spine clips carry a lane and are not candidates.
            index = self._spine_index.get(id(spine))
            if index is None:
                starts, items = [], []
                for item in spine:
                    if item.tag not in ("clip", "asset-clip", "gap", "ref-clip") or item.get("lane") is not None:
                        continue
                    if item.tag == "gap" and item.find("./audio") is not None:
                        continue
                    rate = self._frame_rate_from_element(item, format_id)
                    offset = fcpx_xml.to_rational_time(item.get("offset"), rate)
                    end = offset + fcpx_xml.to_rational_time(item.get("duration"), rate)
                    starts.append(offset)
                    items.append((end, item))
                index = self._spine_index[id(spine)] = (starts, items)
            starts, items = index
            i = bisect.bisect_right(starts, trimmed_range) - 1
            if i >= 0 and items[i][0] > trimmed_range:
                return items[i][1]
            return super()._find_parent_element(spine, trimmed_range, format_id)

        def _stack_to_sequence(self, stack, compound_clip=False):
            sequence = super()._stack_to_sequence(stack, compound_clip)
            if start_seconds and not compound_clip:
                sequence.set("tcStart", f"{start_seconds}s")
                sequence.set("tcFormat", "NDF")
                spine = sequence.find("./spine")
                for item in (spine if spine is not None else ()):
                    offset = Fraction(item.get("offset", "0s").rstrip("s") or "0")
                    item.set("offset", _seconds_text(offset + start_seconds))
            return sequence

        def to_tree(self):
            """The adapter's ``to_xml`` up to its text: the document as an ElementTree element."""
            for project in self.timelines:
                sequence = self._stack_to_sequence(project.tracks)
                project_element = fcpx_xml.cElementTree.Element(
                    "project", {"name": project.name, "uid": project.metadata.get("fcpx", {}).get("uid", "")})
                project_element.append(sequence)
                self.event_resource.append(project_element)
            # the adapter moves every marker to the end of its parent's children
            parents = {c: p for p in self.fcpx_xml.iter() for c in p}
            for marker in list(self.fcpx_xml.iter("marker")):
                parent = parents[marker]
                attributes = marker.attrib.copy()
                parent.remove(marker)
                fcpx_xml.cElementTree.SubElement(parent, "marker", attributes)
            return self.fcpx_xml

    root = IndexedFcpxOtio(timeline).to_tree()
    add_fcpxml_transitions(root, timeline)
    return pretty_xml(root).replace('<?xml version="1.0" ?>',
                                    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE fcpxml>\n')


def _seconds_text(value: Fraction) -> str:
    """A rational time as FCPXML writes it: ``3600s``, ``86413/24s``."""
    return f"{value.numerator}s" if value.denominator == 1 else f"{value.numerator}/{value.denominator}s"
