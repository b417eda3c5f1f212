"""Final Cut 7 XML through OTIO's own ``fcp_xml`` adapter, without its minidom pretty-printing.

Why: the adapter builds the document with ElementTree (fast), then turns it
into text, parses that text again with ``xml.dom.minidom`` and asks minidom
for indented text: on big-fish (3 MB of XML) that round trip was over half of
the export. Here the adapter builds the same tree (with an id minter that
does not rescan every id per element) and xml_layout.py indents it straight
from ElementTree in minidom's layout, so the file is the adapter's,
character for character.
"""
from __future__ import annotations

import collections
import contextlib
import threading

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
    with _ids_minted_in_order(fcp_xml):
        children.append(fcp_xml._build_sequence_for_timeline(timeline, timeline_range, collections.defaultdict(dict)))
    return pretty_xml(tree)


_PATCH_LOCK = threading.Lock()


@contextlib.contextmanager
def _ids_minted_in_order(fcp_xml):
    """While the adapter builds, give it an id minter that does not rescan every id it has given.

    The adapter's ``_backreference_for_item`` finds "the lowest id not yet used" by
    building the set of every id of that tag so far, for each element: quadratic, a
    fifth of a feature's export. This one keeps, per tag, the ids used and the lowest
    free one, and answers the same: same hashing (the media path, or the item's JSON),
    same preferred ids from the ``fcp_xml`` metadata, same numbers. The module
    function is swapped only for the call (one at a time, under a lock).
    """
    original = fcp_xml._backreference_for_item
    used: dict[tuple[int, str], tuple[set[int], list[int]]] = {}  # (br_map, tag) -> (ids, [lowest free])

    def backreference_for_item(item, tag, br_map):
        if isinstance(item, fcp_xml.schema.ExternalReference):
            item_hash = hash(str(item.target_url))
        else:
            item_hash = hash(fcp_xml.core.serialize_json_to_string(item))
        tag_id_map = br_map.setdefault(tag, {})
        if item_hash in tag_id_map:
            return f"{tag}-{tag_id_map[item_hash]}", False
        key = (id(br_map), tag)
        if key not in used:
            used[key] = (set(tag_id_map.values()), [1])
        ids, free = used[key]
        preferred = None
        try:
            orig = item.metadata[fcp_xml.META_NAMESPACE]["@id"]
        except (KeyError, TypeError):
            orig = None
        if orig is not None:
            match = fcp_xml.ID_RE.match(orig)
            if match is not None and match.group("tag") == tag:
                preferred = int(match.group("id"))
        if preferred is not None and preferred not in ids:
            item_id = preferred
        else:
            while free[0] in ids:
                free[0] += 1
            item_id = free[0]
        ids.add(item_id)
        tag_id_map[item_hash] = item_id
        return f"{tag}-{item_id}", True

    with _PATCH_LOCK:
        fcp_xml._backreference_for_item = backreference_for_item
        try:
            yield
        finally:
            fcp_xml._backreference_for_item = original

