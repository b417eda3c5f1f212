"""``previs doctor``: what this machine can do, before a long render finds out the hard way.

Reports torch and CUDA (GPU names, free/total memory, bf16), diffusers and ftfy
(Wan needs it), which video models are on local disk (the HF cache and any
folders given), and whether ffmpeg and espeak-ng work. It never downloads
anything. Exit code 1 only when something the default greybox animatic needs
(ffmpeg, espeak-ng) is missing; a missing GPU or model is information, not an error.
"""
from __future__ import annotations

import argparse
import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

HELP = """\
Check this machine: torch/CUDA/GPU memory, local video models, ffmpeg, espeak-ng.

examples:
  previs doctor
  previs doctor --models ~/models          also look for diffusers folders under ~/models
  previs doctor --json                     machine-readable
"""


def register(subparsers) -> None:
    p = subparsers.add_parser("doctor", help="check torch/GPU, local models, ffmpeg and espeak-ng",
                              description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--models", metavar="DIR", action="append", default=[],
                   help="a folder to search for diffusers models (repeatable; also $PREVIS_MODELS)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    p.set_defaults(run=run)


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def check_torch() -> dict:
    """torch version, CUDA, and each GPU's name, memory and bf16 support."""
    info: dict = {"torch": _version("torch"), "cuda": False, "gpus": []}
    if info["torch"] is None:
        return info
    import torch

    info["cuda"] = bool(torch.cuda.is_available())
    info["cuda_version"] = torch.version.cuda
    if info["cuda"]:
        for i in range(torch.cuda.device_count()):
            free, total = torch.cuda.mem_get_info(i)
            info["gpus"].append({"index": i, "name": torch.cuda.get_device_name(i), "free_gib": round(free / 2**30, 1),
                                 "total_gib": round(total / 2**30, 1),
                                 "bf16": bool(torch.cuda.is_bf16_supported())})
    return info


def _model_entry(folder: Path, source: str) -> dict | None:
    from renders.diffusion.loader import detect_family

    try:
        family = detect_family(folder)
    except Exception:
        return None
    return {"family": family, "path": str(folder), "source": source}


def find_models(extra_dirs: list[str]) -> list[dict]:
    """Diffusers video models previs can drive: in the local HF cache and under ``extra_dirs`` (2 levels)."""
    found: list[dict] = []
    try:
        from huggingface_hub import scan_cache_dir

        for repo in scan_cache_dir().repos:
            for rev in repo.revisions:
                entry = _model_entry(Path(rev.snapshot_path), f"hf-cache:{repo.repo_id}")
                if entry:
                    found.append(entry)
                    break
    except Exception:  # no cache folder yet, or huggingface_hub missing
        pass
    for d in extra_dirs:
        root = Path(d).expanduser()
        candidates = [root, *root.glob("*"), *root.glob("*/*")] if root.is_dir() else []
        for c in candidates:
            if (c / "model_index.json").is_file():
                entry = _model_entry(c, "folder")
                if entry:
                    found.append(entry)
    return found


def check_ffmpeg() -> dict:
    """Which ffmpeg previs will run and its version line."""
    from screenplay.errors import PrevisError
    from renders.ffmpeg import ffmpeg_exe

    try:
        exe = ffmpeg_exe()
        out = subprocess.run([exe, "-hide_banner", "-version"], capture_output=True, text=True, timeout=20)
        return {"ok": out.returncode == 0, "path": exe, "version": (out.stdout.splitlines() or ["?"])[0]}
    except (PrevisError, OSError, subprocess.SubprocessError) as exc:
        return {"ok": False, "error": str(exc)}


def check_espeak() -> dict:
    """Whether the espeak-ng library from espeakng-loader loads, and its version."""
    try:
        import ctypes

        import espeakng_loader

        lib = ctypes.CDLL(espeakng_loader.get_library_path())
        lib.espeak_Info.restype = ctypes.c_char_p
        lib.espeak_Info.argtypes = [ctypes.c_void_p]
        version = (lib.espeak_Info(None) or b"?").decode("ascii", "replace")
        return {"ok": True, "version": version, "library": espeakng_loader.get_library_path()}
    except Exception as exc:  # ImportError, OSError
        return {"ok": False, "error": f"{type(exc).__name__}: {exc} (pip install espeakng-loader)"}


def run(args) -> int:
    dirs = list(args.models)
    if os.environ.get("PREVIS_MODELS"):
        dirs += os.environ["PREVIS_MODELS"].split(os.pathsep)
    report = {
        "python": sys.version.split()[0],
        "previs": _version("previs-studio") or "dev",
        **check_torch(),
        "diffusers": _version("diffusers"),
        "ftfy": _version("ftfy"),
        "models": find_models(dirs),
        "ffmpeg": check_ffmpeg(),
        "espeak": check_espeak(),
    }
    ok = report["ffmpeg"]["ok"] and report["espeak"]["ok"]
    if args.json:
        from previs.commands.options import print_json

        print_json(report, indent=2)
        return 0 if ok else 1
    yes = lambda b: "ok" if b else "MISSING"  # noqa: E731
    lines = [f"python     {report['python']}", f"torch      {report['torch'] or 'not installed (diffusion renderer unavailable)'}"]
    if report["cuda"]:
        for g in report["gpus"]:
            lines.append(f"gpu {g['index']}      {g['name']}: {g['free_gib']} / {g['total_gib']} GiB free, "
                         f"bf16 {'yes' if g['bf16'] else 'no'} (CUDA {report['cuda_version']})")
    elif report["torch"]:
        lines.append("gpu        none (CUDA not available): greybox renders fine; diffusion runs on CPU, very slowly")
    lines.append(f"diffusers  {report['diffusers'] or 'not installed'}; ftfy {report['ftfy'] or 'MISSING (Wan needs it)'}")
    if report["models"]:
        for m in report["models"]:
            lines.append(f"model      {m['family']:8} {m['path']} ({m['source']})")
    else:
        lines.append("models     none found locally (HF cache or --models DIR); on a machine with network: "
                     "hf download Wan-AI/Wan2.1-VACE-1.3B-diffusers")
    f = report["ffmpeg"]
    lines.append(f"ffmpeg     {yes(f['ok'])}: " + (f"{f['version']} ({f['path']})" if f["ok"] else f.get("error", "")))
    e = report["espeak"]
    lines.append(f"espeak-ng  {yes(e['ok'])}: " + (e["version"] if e["ok"] else e.get("error", "")))
    print("\n".join(lines))
    return 0 if ok else 1
