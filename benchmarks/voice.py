"""Scratch voices and the dialogue mix on a whole feature: speed and peak memory.

Run by hand: ``.venv/bin/python benchmarks/voice.py [SCRIPT.fountain]`` (default: big-fish
from ../shared/corpus). Speaks every dialogue block of the script with espeak-ng (one
voice per character, the parenthetical and extension applied), times the shots the
simplest way (one shot per block), mixes the whole dialogue track, and compares the
mix with the peer the product's owner named, pydub's ``AudioSegment.overlay``, on
the first N minutes (pydub holds the whole track in memory and copies it per overlay).

Prints tables: voice speed (x real time), mix time and peak memory (ours vs pydub).
Times are also given in CPU seconds of this process, which a busy machine distorts less
than wall time.
"""
from __future__ import annotations

import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from screenplay import parse  # noqa: E402
from shots.model import DialogueLine, Shot, VoiceSpec  # noqa: E402
from shots.vocabulary import Angle, Movement, ShotSize, ShotType  # noqa: E402
from renders.mixdown import mix_dialogue  # noqa: E402
from renders.timing import time_shots  # noqa: E402
from renders.voice import VARIANTS, EspeakVoice  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "corpus" / "big-fish.fountain"
PYDUB_MINUTES = 10


def dialogue_blocks(path: Path) -> list[DialogueLine]:
    sp = parse(path.read_text(encoding="utf-8-sig"), path=str(path))
    out, who, ext, paren = [], None, None, None
    for e in sp.elements:
        if e.type == "character":
            who, ext, paren = e.name, e.extension, None
        elif e.type == "parenthetical":
            paren = e.text
        elif e.type == "dialogue" and who:
            out.append(DialogueLine(who, e.text, e.line, paren, ext))
            paren = None
        else:
            who = None
    return out


def shot(i: int, d: DialogueLine) -> Shot:
    return Shot(id=f"{i}A", scene=str(i), index=0, setup=1, size=ShotSize.MS, type=ShotType.SINGLE,
                angle=Angle.EYE_LEVEL, movement=Movement.STATIC, lens_mm=35, subjects=(), speaker=d.character,
                first_line=d.line, last_line=d.line, description="", dialogue=(d,))


def main() -> None:
    script = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    blocks = dialogue_blocks(script)
    names = sorted({d.character for d in blocks})
    voices = {n: VoiceSpec(variant=VARIANTS[i % len(VARIANTS)], pitch=30 + (i * 7) % 40, rate=150 + (i * 5) % 30)
              for i, n in enumerate(names)}
    voice = EspeakVoice()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t0, c0 = time.perf_counter(), time.process_time()
        clips = [voice.say(d.text, voices[d.character], tmp / f"{i}.wav", parenthetical=d.parenthetical,
                           extension=d.extension) for i, d in enumerate(blocks)]
        t_voice, c_voice = time.perf_counter() - t0, time.process_time() - c0
        speech = sum(c.seconds for c in clips)
        timed = time_shots([(shot(i, d), [c]) for i, (d, c) in enumerate(zip(blocks, clips))], 24)
        total = sum(t.frames for t in timed) / 24

        tracemalloc.start()
        t0, c0 = time.perf_counter(), time.process_time()
        mix_dialogue(timed, 24, tmp / "mix.wav")
        t_mix, c_mix = time.perf_counter() - t0, time.process_time() - c0
        mix_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()

        # the peer on the first PYDUB_MINUTES minutes
        head = [t for t in timed if t.start + t.frames <= PYDUB_MINUTES * 60 * 24]
        ours_head, ours_head_peak = _ours(head, tmp / "head.wav")
        peer_head, peer_head_peak = _pydub(head)

    print(f"script: {script.name}: {len(blocks)} dialogue blocks, {len(names)} characters")
    print()
    print("| stage | work | wall s | CPU s | x real time (per CPU s) |")
    print("|---|---|---|---|---|")
    print(f"| espeak-ng voices | {speech / 60:.1f} min of speech | {t_voice:.2f} | {c_voice:.2f} | {speech / c_voice:.0f}x |")
    print(f"| mixdown (ours, 48 kHz) | {total / 60:.1f} min track | {t_mix:.2f} | {c_mix:.2f} | {total / c_mix:.0f}x |")
    print()
    print(f"| mix of the first {PYDUB_MINUTES} min ({len(head)} cues) | CPU s | peak Python memory MB |")
    print("|---|---|---|")
    print(f"| ours (numpy, blocks) | {ours_head:.2f} | {ours_head_peak / 2**20:.1f} |")
    print(f"| pydub AudioSegment.overlay | {peer_head:.2f} | {peer_head_peak / 2**20:.1f} |")
    print(f"| ratio pydub / ours | {peer_head / ours_head:.1f}x | {peer_head_peak / max(1, ours_head_peak):.1f}x |")
    print()
    print(f"whole-track mix peak Python memory: {mix_peak / 2**20:.1f} MB; "
          f"process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def _ours(timed, out: Path) -> tuple[float, int]:
    tracemalloc.start()
    t0 = time.process_time()
    mix_dialogue(timed, 24, out)
    took = time.process_time() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return took, peak


def _pydub(timed) -> tuple[float, int]:
    from pydub import AudioSegment

    tracemalloc.start()
    t0 = time.process_time()
    total_ms = sum(t.frames for t in timed) * 1000 / 24
    track = AudioSegment.silent(duration=total_ms, frame_rate=48000)
    for t in timed:
        for c in t.cues:
            seg = AudioSegment.from_wav(c.clip.wav).set_frame_rate(48000)
            track = track.overlay(seg, position=(t.start + c.offset) * 1000 / 24)
    took = time.process_time() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return took, peak


if __name__ == "__main__":
    main()
