"""Each model family's text-encoder budget, and a prompt fitted to it with the model's own tokenizer.

Why: the diffusers pipelines tokenize a prompt with ``padding="max_length",
max_length=max_sequence_length, truncation=True, add_special_tokens=True`` and silently drop
whatever is past the budget. Where that cut falls is decided here instead, at a sentence
boundary from the end: a previs prompt puts the camera and the characters' look text first and
the action last (``shots/prompt.py``), so fitting shortens the action and never reaches a look.

The budgets are the families' own (the default ``max_sequence_length`` of the pipeline previs
drives, which is what the model was trained with): Wan2.1's UMT5-XXL reads 512 tokens
(``WanVACEPipeline``), LTX-Video's T5-XXL 256 (``LTXConditionPipeline``). The plan's prompts are
written to fit the smaller of the two (``shots.prompt_budget.PROMPT_TOKEN_BUDGET``), so fitting
here is a second check that normally changes nothing.
"""
from __future__ import annotations

import re
from typing import Callable

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")


def family_budget(family: str) -> int:
    """The ``max_sequence_length`` previs passes to ``family``'s pipeline ("wan-vace" or "ltx")."""
    from renders.diffusion import ltx, wan_vace

    return {"wan-vace": wan_vace.MAX_SEQUENCE_LENGTH, "ltx": ltx.MAX_SEQUENCE_LENGTH}[family]


def tokenizer_counter(tokenizer) -> Callable[[str], int]:
    """How many tokens a text costs ``tokenizer`` the way the pipelines call it (special tokens
    included, no truncation)."""
    def count(text: str) -> int:
        return len(tokenizer(text, add_special_tokens=True, truncation=False)["input_ids"])

    return count


def fit_prompt(prompt: str, max_tokens: int, count: Callable[[str], int]) -> str:
    """``prompt`` shortened, if it must be, to ``max_tokens`` by ``count``: whole sentences are
    dropped from the end; a first sentence that alone is too long loses words from its end.

    Args:
        prompt: the prompt (most important sentences first).
        max_tokens: the family's budget (:func:`family_budget`).
        count: tokens of a text (:func:`tokenizer_counter` of the loaded pipeline's tokenizer).

    Returns:
        The prompt itself when it fits, else its longest fitting prefix of sentences.
    """
    if not prompt or count(prompt) <= max_tokens:
        return prompt
    parts = _SENTENCE_END.split(prompt.strip())
    while len(parts) > 1:
        parts.pop()
        text = " ".join(parts)
        if count(text) <= max_tokens:
            return text
    words = parts[0].split()
    while len(words) > 1 and count(" ".join(words)) > max_tokens:
        words.pop()
    return " ".join(words)
