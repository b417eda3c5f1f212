"""Find and load a video diffusion model from local disk only.

Why local-only: previs must never download weights while a user renders (a
production machine may be air-gapped, and a silent multi-GB download in the
middle of an animatic is worse than a clear error). A model is either a
diffusers-format folder (``model_index.json`` at its root) or a Hugging Face
model id already in the local HF cache; anything else is one
:class:`PrevisError` line that names what was looked for and how to fetch it on
a machine that can.

Loaded pipelines are kept in a module-level cache keyed by (folder, family,
dtype, device and the speed levers applied in place), so a run renders every shot with one load;
a load that fails is remembered the same way, so every shot of the run reports the one failure
instead of trying the load again.

Two things are fixed at load time so every caller gets them: Wan's VAE stays in float32 (the
model's own documentation runs it so; bf16 there costs detail for little memory), and an LTX
folder whose scheduler does resolution-dependent shifting (``use_dynamic_shifting``: what
diffusers' conversion script writes with ``--save_pipeline``, made for ``LTXPipeline``) gets the
same scheduler without it: ``LTXConditionPipeline`` passes its own finished schedule and no ``mu``.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path

from screenplay.errors import PrevisError

FAMILIES = ("wan-vace", "ltx")

# model_index.json "_class_name" -> family. The LTX folders on the Hub say LTXPipeline;
# their components are the same for LTXConditionPipeline, which we load them as.
_CLASS_FAMILY = {
    "WanVACEPipeline": "wan-vace",
    "LTXPipeline": "ltx",
    "LTXConditionPipeline": "ltx",
    "LTXImageToVideoPipeline": "ltx",
}

_PIPELINES: dict[tuple, object] = {}
_FAILED: dict[tuple, PrevisError] = {}
_LOCK = threading.Lock()

_HOW_TO_GET = ("on a machine with network run `hf download {id}` (huggingface_hub), then copy the folder "
               "(or ~/.cache/huggingface) here and pass --model PATH")


_FETCH_FOLDER = ("on a machine with network run `hf download MODEL_ID --local-dir FOLDER` (e.g. "
                 "Wan-AI/Wan2.1-VACE-1.3B-diffusers), copy FOLDER here and pass --model FOLDER")


def _looks_like_path(model: str) -> bool:
    """A Hub id is ``owner/name``; anything rooted, with more slashes, or a backslash is a path."""
    return model.startswith((".", "/", "~")) or model.count("/") > 1 or "\\" in model


def resolve_model(model: str) -> Path:
    """Turn ``--model`` (a folder or a Hugging Face id) into a local diffusers folder.

    Args:
        model: a path to a diffusers-format folder, or a model id like
            ``Wan-AI/Wan2.1-VACE-1.3B-diffusers`` that is already in the local HF cache.

    Returns:
        The resolved folder that holds ``model_index.json``.

    Raises:
        PrevisError: the folder does not exist / is not a diffusers folder, or the
            id is not in the local cache; the message says how to get it.
    """
    if not model or not str(model).strip():
        raise PrevisError("no model given; pass --model PATH_OR_ID (a local diffusers folder or a cached Hugging Face id)")
    path = Path(model).expanduser()
    if path.exists() or _looks_like_path(model):
        if not path.is_dir():
            raise PrevisError("no model folder here; " + _FETCH_FOLDER, path)
        if not (path / "model_index.json").is_file():
            raise PrevisError("not a diffusers model folder (no model_index.json); " + _FETCH_FOLDER, path)
        return path.resolve()
    os.environ["HF_HUB_OFFLINE"] = "1"
    try:
        from huggingface_hub import snapshot_download

        folder = Path(snapshot_download(repo_id=model, local_files_only=True))
    except Exception as exc:  # LocalEntryNotFoundError, HFValidationError...
        raise PrevisError(f"no model folder {model!r}, and no model id {model!r} in the local Hugging Face cache "
                          f"({os.environ.get('HF_HOME', '~/.cache/huggingface')}) and nothing is downloaded at run time; "
                          + _HOW_TO_GET.format(id=model) + f" ({type(exc).__name__})") from None
    if not (folder / "model_index.json").is_file():
        raise PrevisError(f"cached model {model!r} has no model_index.json (not a diffusers-format repo); "
                          "use its -diffusers variant", folder)
    return folder


def detect_family(folder: Path) -> str:
    """Read ``model_index.json`` and say which family the pipeline belongs to.

    Args:
        folder: a folder from :func:`resolve_model`.

    Returns:
        "wan-vace" or "ltx".

    Raises:
        PrevisError: unreadable index, or a pipeline class previs cannot drive.
    """
    index = _read_index(folder)
    name = index.get("_class_name", "")
    if name not in _CLASS_FAMILY:
        raise PrevisError(f"model pipeline {name or '(none)'} is not supported; use a Wan2.1 VACE "
                          "(WanVACEPipeline) or LTX-Video (LTXPipeline) diffusers model", folder / "model_index.json")
    return _CLASS_FAMILY[name]


def _read_index(folder: Path) -> dict:
    index_path = folder / "model_index.json"
    try:
        index = json.loads(index_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PrevisError(f"corrupt model_index.json ({exc.__class__.__name__}); re-download the model", index_path) from None
    if not isinstance(index, dict):
        raise PrevisError("corrupt model_index.json (not an object); re-download the model", index_path)
    return index


def fingerprint(folder: Path) -> str:
    """A short hash of a model folder's identity: every config/tokenizer JSON's bytes and the
    names and sizes of the weight files (hashing GBs of weights per run would be too slow).

    Args:
        folder: a resolved model folder.

    Returns:
        16 hex characters.
    """
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if not p.is_file():
            continue
        rel = p.relative_to(folder).as_posix()
        h.update(rel.encode())
        if p.suffix in (".json", ".txt", ".model"):
            h.update(p.read_bytes())
        else:
            h.update(str(p.stat().st_size).encode())
    return h.hexdigest()[:16]


def load_pipeline(folder: Path, family: str, dtype: str, device: str, variant: tuple = ()):
    """Load (once per process) the diffusers pipeline for ``family`` from ``folder``.

    Args:
        folder: a resolved diffusers folder.
        family: "wan-vace" or "ltx".
        dtype: "bf16", "fp16" or "fp32".
        device: a torch device string ("cpu", "cuda", "cuda:1").
        variant: anything else that makes a loaded pipeline different (speed levers applied to
            it in place, such as caching hooks or compile), so two renderers never share a
            pipeline one of them has changed.

    Returns:
        The pipeline, moved to ``device`` (unless offload is set later by the caller).

    Raises:
        PrevisError: the folder is incomplete or corrupt (one line naming it).
    """
    key = (str(folder), family, dtype, device, tuple(variant))
    with _LOCK:
        if key in _PIPELINES:
            return _PIPELINES[key]
        if key in _FAILED:  # one failed load per run, reported by every shot
            raise _FAILED[key]
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import torch

        quiet_libraries()
        _read_index(folder)  # a clear error for a broken index before diffusers' own
        torch_dtype = {"bf16": torch.bfloat16, "fp16": torch.float16, "fp32": torch.float32}[dtype]
        if family == "wan-vace":
            from diffusers import WanVACEPipeline as cls

            load_dtype = {"default": torch_dtype, "vae": torch.float32}
        else:
            from diffusers import LTXConditionPipeline as cls

            load_dtype = torch_dtype
        try:
            pipe = cls.from_pretrained(str(folder), dtype=load_dtype, local_files_only=True)
            if family == "ltx":
                fit_ltx_scheduler(pipe)
        except Exception as exc:  # OSError, ValueError, safetensors errors, missing components...
            _FAILED[key] = PrevisError(f"cannot load the {family} model ({one_line(exc)}); the folder is "
                                       "incomplete or corrupt: re-download it (`hf download MODEL_ID --local-dir "
                                       "FOLDER` on a machine with network)", folder)
            raise _FAILED[key] from None
        pipe.set_progress_bar_config(disable=True)
        _PIPELINES[key] = pipe
        return pipe


def quiet_libraries() -> None:
    """No progress bars or chatter from diffusers, transformers or huggingface_hub: previs shows
    its own progress (or none with ``-q``); errors still raise."""
    from diffusers.utils import logging as diffusers_logging
    from huggingface_hub.utils import disable_progress_bars
    from transformers.utils import logging as transformers_logging

    diffusers_logging.set_verbosity_error()
    diffusers_logging.disable_progress_bar()
    transformers_logging.set_verbosity_error()
    transformers_logging.disable_progress_bar()
    disable_progress_bars()


def fit_ltx_scheduler(pipe) -> None:
    """Give ``LTXConditionPipeline`` a scheduler it can drive: it computes its own (linear-quadratic)
    schedule and passes it as timesteps with no ``mu``, so a scheduler made for ``LTXPipeline``'s
    resolution-dependent shift (``use_dynamic_shifting``, and its ``shift_terminal`` stretch) would
    either raise ``mu must be passed`` or bend that schedule. Anything else is left as shipped."""
    config = pipe.scheduler.config
    if config.get("use_dynamic_shifting", False):
        pipe.scheduler = type(pipe.scheduler).from_config(config, use_dynamic_shifting=False, shift=1.0,
                                                          shift_terminal=None)


def one_line(exc: BaseException) -> str:
    """``Type: first line of the message`` (at most 200 characters), for one-line errors."""
    text = str(exc).strip()
    first = text.splitlines()[0][:200] if text else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def forget_pipelines() -> None:
    """Drop every cached pipeline (tests, or a caller freeing GPU memory)."""
    with _LOCK:
        _PIPELINES.clear()
        _FAILED.clear()
