"""How many text-encoder tokens a prompt costs, before any model is loaded.

Why: a video model's text encoder reads at most ``max_sequence_length`` tokens (512 for Wan's
UMT5-XXL, 256 for LTX-Video's T5-XXL in ``LTXConditionPipeline``: see the ``MAX_SEQUENCE_LENGTH``
of each family in ``renders/diffusion``) and silently drops the rest. The plan is written before
the family is chosen, so prompts are composed to fit :data:`PROMPT_TOKEN_BUDGET`, below the smallest
family budget, and the renderer checks again with the loaded model's own tokenizer
(``renders.diffusion.text_budget``).

The count here follows the documented rules of those SentencePiece tokenizers, and errs high:
text is split at whitespace; a word of letters is one piece in the vocabulary when common and
several when rare, counted here as one token per three letters (rounded up: ``the`` 1,
``camera`` 2, ``handsome`` 3, where the real vocabularies hold all three whole); every digit and
every punctuation mark is a token of its own; the end-of-sequence token ``</s>`` is added once.
"""
from __future__ import annotations

import re

# Below LTX's 256 (the smallest family budget) with room for the renderer's exact count to differ.
PROMPT_TOKEN_BUDGET = 240
# A token is up to three letters of a word (a word of n letters is ceil(n / 3) of them, as the
# greedy {1,3} cuts it) or one digit or punctuation mark: one scan counts both.
_TOKEN = re.compile(r"[A-Za-z\u00c0-\u024f]{1,3}|[^\sA-Za-z\u00c0-\u024f]")
# The same count on ASCII text (every prompt of an English script) without a regex: each character
# becomes its class, a letter "a", whitespace " ", anything else (a digit, a mark) "."; every
# "aaa" of a word then becomes one "b", and what is left of a word ("a" or "aa") is one token more.
_ASCII_CLASSES = {c: "a" if chr(c).isalpha() else " " if chr(c).isspace() else "." for c in range(128)}


def estimate_tokens(text: str) -> int:
    """Tokens ``text`` costs a T5/UMT5 SentencePiece encoder, counted high (module docstring), ``</s>`` included."""
    if not text.isascii():
        return 1 + _TOKEN.subn("", text)[1]
    classes = text.translate(_ASCII_CLASSES).replace("aaa", "b")
    return 1 + classes.count(".") + classes.count("b") + classes.count("a") - classes.count("aa")


def fits(text: str, budget: int = PROMPT_TOKEN_BUDGET) -> bool:
    """Whether ``text`` is within ``budget`` tokens by :func:`estimate_tokens`."""
    return estimate_tokens(text) <= budget


def within_budget(head: str, tail: list[str], budget: int = PROMPT_TOKEN_BUDGET, joiner: str = " ") -> list[str]:
    """The longest prefix of ``tail`` that, appended to ``head``, stays within ``budget``.

    Args:
        head: what must stay whole (the camera, the looks, the layout, the setting).
        tail: what may be shortened, in order of importance (the action's beats).
        budget: tokens.
        joiner: how the tail's items are joined to ``head`` and each other.

    Returns:
        ``tail[:k]`` for the largest ``k`` that fits (may be empty).
    """
    if estimate_tokens(joiner.join([head, *tail])) <= budget:  # the usual case: one count
        return list(tail)
    used = estimate_tokens(head) - 1
    kept = []
    for item in tail:
        cost = estimate_tokens(joiner + item) - 1
        if used + cost > budget - 1:
            break
        kept.append(item)
        used += cost
    return kept
