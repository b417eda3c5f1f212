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
_LETTERS = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_MARKS = re.compile(r"[^\sA-Za-z\u00c0-\u024f]")  # every digit and punctuation mark


def estimate_tokens(text: str) -> int:
    """Tokens ``text`` costs a T5/UMT5 SentencePiece encoder, counted high (module docstring), ``</s>`` included."""
    return 1 + sum([(len(w) + 2) // 3 for w in _LETTERS.findall(text)]) + len(_MARKS.findall(text))


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
