"""A tiny hand-built animatic for the export and conform tests: real MP4s and WAVs
made with ffmpeg, and names full of characters that break careless writers."""
from __future__ import annotations

import subprocess
from pathlib import Path

from renders.model import AudioCue, RenderedShot, TimedShot, VoiceClip
from shots.model import BibleEntry, DialogueLine, Shot, ShotPlan, VoiceSpec
from shots.vocabulary import Angle, Movement, ShotSize, ShotType

FPS = 24
TITLE = 'Night & Day: "ZOË" <李>, part 1'
AUTHOR = "Anaïs O'Brien & 李小龙"
ZOE = BibleEntry(id="zoe", name="ZOË", look="tall, red coat", color="#aa3333", silhouette="tall",
                 voice=VoiceSpec(), seed=1)
LI = BibleEntry(id="li", name="李", look="grey suit", color="#3333aa", silhouette="average",
                voice=VoiceSpec(), seed=2)
LINES = {
    "1A": [],
    "1B": [("zoe", 'Fish & chips, "please" <now>, okay?')],
    "2A": [("li", "你好, ZOË; it's 5 < 6 & 7 > 3.")],
    "2B": [],
    "2C": [("zoe", "Goodbye, 李.")],
}
SPECS = {  # id: (scene, size, movement, frames)
    "1A": ("1", ShotSize.WS, Movement.STATIC, 30),
    "1B": ("1", ShotSize.MCU, Movement.PUSH_IN, 36),
    "2A": ("2", ShotSize.CU, Movement.STATIC, 28),
    "2B": ("2", ShotSize.INSERT, Movement.PAN, 24),
    "2C": ("2", ShotSize.MS, Movement.STATIC, 32),
}


def _ffmpeg() -> str:
    try:
        from renders.ffmpeg import ffmpeg_exe

        return ffmpeg_exe()
    except ImportError:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()


def make_shot(sid: str) -> Shot:
    scene, size, move, _frames = SPECS[sid]
    dialogue = tuple(DialogueLine(character=c, text=t, line=10 + i) for i, (c, t) in enumerate(LINES[sid]))
    return Shot(
        id=sid, scene=scene, index=ord(sid[-1]) - ord("A"), setup=1, size=size,
        type=ShotType.INSERT if size is ShotSize.INSERT else ShotType.SINGLE,
        angle=Angle.EYE_LEVEL, movement=move, lens_mm=35,
        subjects=("zoe",) if scene == "1" else ("zoe", "li"), speaker=dialogue[0].character if dialogue else None,
        first_line=10, last_line=12, description=f"Shot {sid}: ZOË looks at 李 & the <door>, \"quietly\"",
        dialogue=dialogue, action="Rain, hard. A key, a note; a door.",
        int_ext="INT" if scene == "1" else "EXT", location="CAFÉ «LE CHAT» & BAR" if scene == "1" else "北京 STREET",
        time_of_day="NIGHT" if scene == "1" else "DAY", notes='note, with "quotes"',
    )


def make_plans() -> list[ShotPlan]:
    plans = []
    for scene in ("1", "2"):
        shots = tuple(make_shot(s) for s in SPECS if SPECS[s][0] == scene)
        plans.append(ShotPlan(scene=scene, shots=shots, planner="heuristic", first_line=10, last_line=30,
                              heading=f"{shots[0].int_ext}. {shots[0].location} - {shots[0].time_of_day}",
                              int_ext=shots[0].int_ext, location=shots[0].location,
                              time_of_day=shots[0].time_of_day, eighths=5 if scene == "1" else 11))
    return plans


def make_animatic(folder: Path) -> tuple[list[TimedShot], list[RenderedShot]]:
    """Five shots in two scenes with real 160x90 MP4s (a moving test pattern) and WAV cues."""
    ff = _ffmpeg()
    folder.mkdir(parents=True, exist_ok=True)
    timed, rendered = [], []
    start = 0
    for sid, (_scene, _size, _move, frames) in SPECS.items():
        mp4 = folder / f"shot_{sid}.mp4"
        subprocess.run([ff, "-y", "-loglevel", "error", "-f", "lavfi", "-i",
                        f"testsrc=size=160x90:rate={FPS}", "-frames:v", str(frames),
                        "-pix_fmt", "yuv420p", "-c:v", "libx264", str(mp4)], check=True)
        cues = []
        for i, (who, text) in enumerate(LINES[sid]):
            wav = folder / f"cue_{sid}_{i}.wav"
            subprocess.run([ff, "-y", "-loglevel", "error", "-f", "lavfi", "-i",
                            "sine=frequency=300:sample_rate=22050", "-t", "0.5", str(wav)], check=True)
            clip = VoiceClip(wav=str(wav), sample_rate=22050, samples=11025, frames=12, fps=FPS)
            cues.append(AudioCue(clip=clip, offset=6, character=who, text=text, line=10 + i))
        shot = make_shot(sid)
        cast = tuple(e for e in (ZOE, LI) if e.id in shot.subjects)
        timed.append(TimedShot(shot=shot, fps=FPS, frames=frames, start=start, cues=tuple(cues), cast=cast))
        rendered.append(RenderedShot(shot_id=sid, path=str(mp4), frames=frames, fps=FPS, width=160,
                                     height=90, renderer="greybox", renderer_version="test"))
        start += frames
    return timed, rendered


def test_sample_animatic_is_contiguous(tmp_path):
    timed, rendered = make_animatic(tmp_path)
    assert [t.start for t in timed] == [0, 30, 66, 94, 118]
    assert all(Path(r.path).stat().st_size > 0 for r in rendered)
