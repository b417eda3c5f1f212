"""Tiny random-weight Wan VACE and LTX pipelines, built entirely in code.

Why: nothing in this project may download weights, yet the renderer must be
tested by running the *real* diffusers pipelines end to end. diffusers' own
tests build every component from small constructor configs but fetch the text
encoder and tokenizer from the Hub; here the tokenizer is a small Unigram vocab
made offline (``T5Tokenizer(vocab=[(piece, score), ...], extra_ids=0)``) and the
text encoder comes from a small config. The benchmarks reuse the same builders
with the published full-size transformer configs (random bf16 weights: speed
does not depend on weight values; quality is not judged).
"""
from __future__ import annotations

import string
from pathlib import Path

# Published transformer configs (diffusers format), copied here so nothing is downloaded.
# Wan-AI/Wan2.1-VACE-1.3B-diffusers transformer/config.json
WAN_VACE_1_3B = dict(
    patch_size=(1, 2, 2), num_attention_heads=12, attention_head_dim=128, in_channels=16, out_channels=16,
    text_dim=4096, freq_dim=256, ffn_dim=8960, num_layers=30, cross_attn_norm=True,
    qk_norm="rms_norm_across_heads", eps=1e-6, image_dim=None, added_kv_proj_dim=None, rope_max_seq_len=1024,
    pos_embed_seq_len=None, vace_layers=list(range(0, 30, 2)), vace_in_channels=96,
)
# Lightricks/LTX-Video (0.9.x, 2B) transformer/config.json
LTX_2B = dict(
    in_channels=128, out_channels=128, patch_size=1, patch_size_t=1, num_attention_heads=32,
    attention_head_dim=64, cross_attention_dim=2048, num_layers=28, activation_fn="gelu-approximate",
    qk_norm="rms_norm_across_heads", norm_elementwise_affine=False, norm_eps=1e-6, caption_channels=4096,
    attention_bias=True, attention_out_bias=True,
)

TINY_WAN_VACE = dict(
    patch_size=(1, 2, 2), num_attention_heads=2, attention_head_dim=12, in_channels=16, out_channels=16,
    text_dim=32, freq_dim=256, ffn_dim=32, num_layers=3, cross_attn_norm=True, qk_norm="rms_norm_across_heads",
    rope_max_seq_len=32, vace_layers=[0, 2], vace_in_channels=96,
)
TINY_LTX = dict(
    in_channels=8, out_channels=8, patch_size=1, patch_size_t=1, num_attention_heads=4, attention_head_dim=8,
    cross_attention_dim=32, num_layers=2, caption_channels=32,  # 2 layers: First Block Cache needs a tail
)


def tiny_tokenizer():
    """A T5-style Unigram tokenizer made offline: special tokens, letters, digits, punctuation, a few words."""
    from transformers import T5Tokenizer

    words = ("the", "a", "and", "of", "shot", "man", "woman", "room", "night", "light", "camera", "close", "wide")
    pieces = [("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0), ("\u2581", -2.0)]
    pieces += [("\u2581" + w, -3.0) for w in words]
    pieces += [(c, -5.0) for c in string.ascii_letters + string.digits + string.punctuation]
    return T5Tokenizer(vocab=pieces, extra_ids=0)


def _seeded(seed: int):
    import torch

    torch.manual_seed(seed)


def _cast(model, dtype) -> None:
    """``model.to(dtype)`` but keep the modules the model class wants in float32 (as from_pretrained does)."""
    import torch

    keep = getattr(model, "_keep_in_fp32_modules", None) or []
    for name, module in model.named_modules():
        fp32 = any(k in name.split(".") for k in keep)
        for p in module.parameters(recurse=False):
            p.data = p.data.to(torch.float32 if fp32 else dtype)
        for b_name, b in module.named_buffers(recurse=False):
            if b.is_floating_point():
                module._buffers[b_name] = b.to(torch.float32 if fp32 else dtype)


def tiny_wan_vace_pipeline(seed: int = 0, transformer_config: dict | None = None, dtype=None, full_vae: bool = False):
    """Build a ``WanVACEPipeline`` with random weights.

    Args:
        seed: torch seed for the random weights (same seed -> same model).
        transformer_config: override of the transformer config (e.g. :data:`WAN_VACE_1_3B`).
        dtype: torch dtype for the transformer and VAE (default float32).
        full_vae: use the published VAE architecture (the constructor defaults) instead of a tiny one.

    Returns:
        A ready ``diffusers.WanVACEPipeline`` on the CPU.
    """
    from diffusers import AutoencoderKLWan, FlowMatchEulerDiscreteScheduler, WanVACEPipeline, WanVACETransformer3DModel
    from transformers import UMT5Config, UMT5EncoderModel

    cfg = dict(transformer_config or TINY_WAN_VACE)
    _seeded(seed)
    transformer = WanVACETransformer3DModel(**cfg)
    vae = AutoencoderKLWan() if full_vae else AutoencoderKLWan(
        base_dim=3, z_dim=16, dim_mult=[1, 1, 1, 1], num_res_blocks=1, temperal_downsample=[False, True, True])
    text_dim = cfg["text_dim"]
    text_encoder = UMT5EncoderModel(UMT5Config(vocab_size=128, d_model=text_dim, d_kv=8, d_ff=37, num_layers=1,
                                               num_heads=2, relative_attention_num_buckets=8))
    if dtype is not None:
        _cast(transformer, dtype)
        _cast(vae, dtype)
    return WanVACEPipeline(tokenizer=tiny_tokenizer(), text_encoder=text_encoder, vae=vae,
                           scheduler=FlowMatchEulerDiscreteScheduler(shift=3.0), transformer=transformer)


def tiny_ltx_pipeline(seed: int = 0, transformer_config: dict | None = None, dtype=None, full_vae: bool = False,
                      timestep_vae: bool = False):
    """Build an ``LTXConditionPipeline`` with random weights (same arguments as :func:`tiny_wan_vace_pipeline`;
    ``timestep_vae``: a timestep-conditioned VAE decoder, as in LTX 0.9.1+)."""
    from diffusers import AutoencoderKLLTXVideo, FlowMatchEulerDiscreteScheduler, LTXConditionPipeline, LTXVideoTransformer3DModel
    from transformers import T5Config, T5EncoderModel

    cfg = dict(transformer_config or TINY_LTX)
    _seeded(seed)
    transformer = LTXVideoTransformer3DModel(**cfg)
    vae = AutoencoderKLLTXVideo() if full_vae else AutoencoderKLLTXVideo(
        in_channels=3, out_channels=3, latent_channels=cfg["in_channels"], block_out_channels=(8, 8, 8, 8),
        decoder_block_out_channels=(8, 8, 8, 8), layers_per_block=(1, 1, 1, 1, 1),
        decoder_layers_per_block=(1, 1, 1, 1, 1), spatio_temporal_scaling=(True, True, False, False),
        decoder_spatio_temporal_scaling=(True, True, False, False),
        decoder_inject_noise=(False, False, False, False, False), upsample_residual=(False, False, False, False),
        upsample_factor=(1, 1, 1, 1), timestep_conditioning=timestep_vae, patch_size=1, patch_size_t=1,
        encoder_causal=True, decoder_causal=False,
    )
    vae.use_framewise_encoding = False
    vae.use_framewise_decoding = False
    text_encoder = T5EncoderModel(T5Config(vocab_size=128, d_model=cfg["caption_channels"], d_kv=8, d_ff=37,
                                           num_layers=1, num_heads=2, relative_attention_num_buckets=8))
    if dtype is not None:
        _cast(transformer, dtype)
        _cast(vae, dtype)
    scheduler = FlowMatchEulerDiscreteScheduler()
    return LTXConditionPipeline(scheduler=scheduler, vae=vae, text_encoder=text_encoder, tokenizer=tiny_tokenizer(),
                                transformer=transformer)


def save_tiny_model(family: str, folder: str | Path, seed: int = 0, **options) -> Path:
    """Write a tiny random-weight pipeline of ``family`` ("wan-vace" or "ltx") as a diffusers folder.

    Args:
        family: "wan-vace" or "ltx".
        folder: where to write (created).
        seed: weight seed.
        **options: passed to the builder (``timestep_vae=True`` for LTX).

    Returns:
        The folder path.

    Raises:
        ValueError: for an unknown family.
    """
    builders = {"wan-vace": tiny_wan_vace_pipeline, "ltx": tiny_ltx_pipeline}
    if family not in builders:
        raise ValueError(f"unknown family {family!r}")
    pipe = builders[family](seed=seed, **options)
    folder = Path(folder)
    pipe.save_pretrained(folder)
    return folder
