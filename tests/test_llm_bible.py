"""Opt-in bible enrichment: the LLM's looks, under the same validation, over real HTTP."""
from __future__ import annotations

import json

import pytest

from fake_openai import FakeOpenAI, Reply
from llm_scenes import DEV_LOOK, MARA_LOOK, SCRIPT, bible
from screenplay.errors import PrevisError
from shots.llm import LLMPlanner
from shots.llm_bible import script_facts

KEY = "sk-previs-BIBLEKEY-0123456789"
RICH_DEV = ("man in his 50s, heavy-set, round face, grey stubble, grey cardigan over a checked shirt, "
            "reading glasses on a cord")
RICH_MARA = "woman in her 30s, wiry, close-cropped black hair, yellow rain jacket, dark jeans, boots"


@pytest.fixture
def server():
    with FakeOpenAI() as fake:
        yield fake


@pytest.fixture
def make(server, tmp_path):
    def build(**kw):
        opts = dict(model="fake", base_url=server.base_url, api_key=KEY, cache_dir=tmp_path / "cache",
                    script_path=SCRIPT, enrich_bible=True)
        opts.update(kw)
        return LLMPlanner(**opts)
    return build


def looks(**by_id) -> str:
    return json.dumps({"characters": [{"id": k, "look": v} for k, v in by_id.items()]})


def test_enriched_looks_replace_the_script_looks_and_bump_versions(server, make):
    server.script(Reply.chat(looks(dev=RICH_DEV, mara=MARA_LOOK)))
    before = bible()
    after = make().enrich(before)
    dev, mara = after.entries
    assert (dev.look, dev.version) == (RICH_DEV, 2)
    assert (mara.look, mara.version) == (MARA_LOOK, 1)  # unchanged look, unchanged version
    assert before.get("dev").look == DEV_LOOK  # the input is not mutated
    body = server.chat_requests[0].body
    assert body["response_format"]["json_schema"]["strict"] is True
    assert body["response_format"]["json_schema"]["schema"]["properties"]["characters"]["items"][
        "properties"]["id"]["enum"] == ["dev", "mara"]


def test_only_the_chosen_entries_are_sent(server, make):
    server.script(Reply.chat(looks(mara=RICH_MARA)))
    after = make().enrich(bible(), ids=["mara"])
    assert after.get("mara").look == RICH_MARA and after.get("dev").look == DEV_LOOK
    sent = server.chat_requests[0].body["messages"][1]["content"]
    assert '"mara"' in sent and '"dev"' not in sent


def test_looks_that_drop_script_facts_or_invent_characters_are_rejected(server, make):
    server.script(
        Reply.chat(looks(dev="a tall man in a blue suit", mara=RICH_MARA, villain="cape")),
        Reply.chat(looks(dev=RICH_DEV, mara=RICH_MARA)),
    )
    after = make().enrich(bible())
    retry = server.chat_requests[1].body["messages"][-1]["content"]
    assert "villain" in retry and "'50s'" in retry and "'grey'" in retry
    assert after.get("dev").look == RICH_DEV


def test_invalid_twice_fails_or_falls_back(server, make):
    server.script(Reply.chat("{}"), Reply.chat(looks(dev=RICH_DEV)))
    with pytest.raises(PrevisError, match="character bible: llm:fake gave an invalid set of looks twice"):
        make().enrich(bible())
    server.script(Reply.chat("{}"), Reply.chat("{}"))
    assert make(fallback=True).enrich(bible()) == bible()


def test_enrichment_is_cached(server, make):
    server.script(Reply.chat(looks(dev=RICH_DEV, mara=RICH_MARA)))
    first = make().enrich(bible())
    assert make().enrich(bible()) == first
    assert len(server.chat_requests) == 1


def test_script_facts_are_ages_and_colours():
    assert script_facts("30s, wiry, yellow rain jacket, close-cropped hair") == ["30s", "yellow"]
    assert script_facts("age 7, freckles") == ["age 7"]
