"""The planner's fast text paths read exactly as the slow ones they replace.

shots/caseless_pattern.py searches ASCII text in lower case with a case-sensitive pattern, and
shots/prompt_budget.py counts an ASCII prompt's tokens without a regex; other text takes the
``re.I`` pattern and the regex count. The expectations are worked out by hand from the rules in
those module docstrings.
"""
from __future__ import annotations

import re

import pytest

from shots.caseless_pattern import CaselessPattern, caseless
from shots.prompt_budget import estimate_tokens


def test_matches_in_any_case_at_the_texts_own_positions():
    walks = CaselessPattern(r"\b(walks|heads for)\b")
    m = walks.search("Will WALKS in.")  # "Will " is 5 characters: WALKS is [5, 10)
    assert m is not None and m.span() == (5, 10)
    m = walks.search("Édouard Heads For the door")  # not ASCII: the re.I pattern, same positions
    assert m is not None and m.span() == (8, 17)
    assert walks.search("Will walksout.") is None  # still whole words
    assert [m.start() for m in walks.finditer("WALKS, then walks")] == [0, 12]
    assert walks.match("x walks", 2) is not None and walks.match("x walks") is None


def test_a_pattern_with_capitals_is_refused_or_kept_case_insensitive():
    with pytest.raises(ValueError):
        CaselessPattern(r"\bStarTAC\b")  # would never match lower-cased text
    kept = caseless(r"\bStarTAC\b")
    assert isinstance(kept, re.Pattern) and kept.search("a startac phone")
    assert isinstance(caseless(r"\bstartac\W"), CaselessPattern)  # escapes may be capitals


def test_token_estimate_counts_three_letters_a_token_and_every_mark():
    # the 1 + camera 2 + "," 1 + handsome 3 + "1" 1 + "2" 1 + </s> 1
    assert estimate_tokens("the camera, handsome 12") == 10
    # café 4 letters -> 2, "," 1, naïve 5 letters -> 2, </s> 1 (é and ï are letters)
    assert estimate_tokens("café, naïve") == 6
    # an em dash is a mark: 1, ok 1, </s> 1
    assert estimate_tokens("\u2014 ok") == 3
    assert estimate_tokens("") == 1
    assert estimate_tokens("abcdefg\tx\x1fyy") == 1 + 3 + 1 + 1  # tab and \x1f are whitespace
