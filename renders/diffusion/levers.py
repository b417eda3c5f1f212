"""Speed and memory levers applied to a loaded pipeline: offload, VAE tiling, First Block Cache, compile.

Each rule here was found by running the levers together against diffusers 0.42:

- First Block Cache is refused for Wan VACE. FBC hooks ``transformer.blocks`` only; VACE adds
  its control hints to the hidden states in the model's own loop, between those blocks, so the
  cached tail residual already holds every hint, and a skipped step adds them all a second time
  (skipped and computed outputs differ by as much as the hint). LTX has no such side input.
- Group offload puts the VAE at leaf level: block-level offload hooks a model's ``forward()``,
  and the pipelines call ``vae.encode`` / ``vae.decode``, which never pass through it, so the
  VAE's weights would stay on the CPU (a device mismatch at the first encode on CUDA).
- ``compile`` uses ``fullgraph`` only with neither offload nor FBC: both put a
  ``torch.compiler.disable``'d function inside the blocks (a graph break).
- A run meets several shapes (segment lengths, reference counts); each new shape recompiles the
  blocks, and past Dynamo's recompile limit (8) it silently runs eager. The limit is raised for a
  compiled pipeline and :class:`CompileWatch` counts compilations and limit hits.
"""
from __future__ import annotations

import logging

from screenplay.errors import PrevisError

_DYNAMO_LOGGER = "torch._dynamo.convert_frame"  # where Dynamo warns that it hit the recompile limit
RECOMPILE_LIMIT = 64  # shapes x blocks classes x FBC paths a long run can meet, with room to spare


def check_cache_hook(family: str, cache_hook: str | None) -> None:
    """Refuse a cache hook that gives wrong pictures with ``family``.

    Raises:
        PrevisError: FBC with Wan VACE (one line saying why).
    """
    if cache_hook == "fbc" and family == "wan-vace":
        raise PrevisError("--cache-hook fbc is not supported with Wan VACE: its control hints are added "
                          "between the cached blocks, so skipped steps would add them twice; use it with LTX")


def compile_fullgraph(cache_hook: str | None, offload: str | None) -> bool:
    """Whether ``compile_repeated_blocks`` may ask for one graph per block: only when no hook
    (FBC's skip test, offload's transfers) puts a ``torch.compiler.disable`` inside the blocks."""
    return cache_hook is None and offload is None


def offload_types(pipe) -> dict[str, str]:
    """Group offload per component: the VAE leaf-level (its encode/decode bypass a block-level
    hook on ``forward``), every other model block-level.

    Returns:
        ``{component name: "leaf_level" | "block_level"}`` for the pipeline's torch modules.
    """
    import torch

    return {name: ("leaf_level" if name == "vae" else "block_level")
            for name, comp in pipe.components.items() if isinstance(comp, torch.nn.Module)}


def place(pipe, device, offload: str | None) -> None:
    """Put the pipeline on ``device`` whole, with model offload, or with group offload.

    Args:
        pipe: a loaded pipeline.
        device: a ``torch.device``.
        offload: None, "model" (CUDA only; elsewhere the pipeline moves whole) or "group".
    """
    if offload == "model" and device.type == "cuda":
        pipe.enable_model_cpu_offload(device=device)
    elif offload == "group":
        from diffusers.hooks import apply_group_offloading

        for name, kind in offload_types(pipe).items():
            extra = {"num_blocks_per_group": 1} if kind == "block_level" else {}
            apply_group_offloading(getattr(pipe, name), onload_device=device, offload_type=kind, **extra)
    else:
        pipe.to(device)


def compile_blocks(pipe, cache_hook: str | None, offload: str | None) -> None:
    """``torch.compile`` the transformer's repeated blocks with a recompile limit a run fits in."""
    import torch

    torch._dynamo.config.recompile_limit = max(torch._dynamo.config.recompile_limit, RECOMPILE_LIMIT)
    pipe.transformer.compile_repeated_blocks(fullgraph=compile_fullgraph(cache_hook, offload))


class CompileWatch:
    """Counts Dynamo compilations and recompile-limit hits while it is open (it may be opened again;
    the counts add up).

    ``compiles`` is the number of times Dynamo compiled something (each new shape of a block is
    one); ``limit_hits`` how often it gave up on a frame, which then runs eager.
    """

    def __init__(self):
        self.compiles = 0
        self.limit_hits = 0
        self._handler = None

    def _compiled(self, args) -> None:
        from torch._dynamo.callback import CallbackTrigger

        if args.callback_trigger == CallbackTrigger.DYNAMO:
            self.compiles += 1

    def __enter__(self) -> "CompileWatch":
        import torch

        watch = self

        class _Hits(logging.Handler):
            def emit(self, record):
                if "hit config." in record.getMessage():  # "torch._dynamo hit config.recompile_limit (8)"
                    watch.limit_hits += 1

        self._handler = _Hits(logging.WARNING)
        logging.getLogger(_DYNAMO_LOGGER).addHandler(self._handler)
        torch._dynamo.callback_handler.register_end_callback(self._compiled)
        return self

    def __exit__(self, *exc) -> None:
        import torch

        torch._dynamo.callback_handler.remove_end_callback(self._compiled)
        logging.getLogger(_DYNAMO_LOGGER).removeHandler(self._handler)
