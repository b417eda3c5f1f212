"""Final Cut 7 XML through OTIO's own ``fcp_xml`` adapter, without its minidom pretty-printing.

Why: the adapter builds the document with ElementTree (fast), then turns it
into text, parses that text again with ``xml.dom.minidom`` and asks minidom
for indented text: on big-fish (3 MB of XML) that round trip was over half of
the export. Here the adapter builds the same tree and xml_layout.py indents
it straight from ElementTree in minidom's layout, so the file is the
adapter's, character for character.
"""
from __future__ import annotations

import collections

from renders.export.xml_layout import pretty_xml

__all__ = ["fcp_xml_string"]


def fcp_xml_string(timeline) -> str:
    """The timeline as FCP7 XML text, as the adapter's ``write_to_string`` gives it."""
    import opentimelineio as otio

    fcp_xml = otio.adapters.from_name("fcp_xml").module()  # loaded by OTIO (it imports relative to OTIO)
    tree = fcp_xml.cElementTree.Element("xmeml", version="4")
    project = fcp_xml._append_new_sub_element(tree, "project")
    fcp_xml._append_new_sub_element(project, "name", text=timeline.name)
    children = fcp_xml._append_new_sub_element(project, "children")
    timeline_range = fcp_xml.opentime.TimeRange(start_time=timeline.global_start_time, duration=timeline.duration())
    children.append(fcp_xml._build_sequence_for_timeline(timeline, timeline_range, collections.defaultdict(dict)))
    return pretty_xml(tree)

