"""Hostile and broken files given to the CLI, as the issue-13 probe gave them: each is one line, exit 2.

The script, bible.yaml and reference images are the user's files and may be anything: a pipe,
UTF-32, an alias bomb, a decompression bomb, an id that is a path.
"""
from __future__ import annotations

import os
import shutil
import signal
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from conftest import EXAMPLE, run_previs


def one_line_error(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


@pytest.fixture
def project(example_copy: Path) -> Path:
    """The example with its bible.yaml written by `previs characters`."""
    run_previs("characters", example_copy, check=True)
    return example_copy


def bible_path(script: Path) -> Path:
    return script.with_name(script.stem + ".previs") / "bible.yaml"


def mara_line(script: Path) -> int:
    """The line of Mara's entry in the bible previs wrote: where an error about her must point."""
    lines = bible_path(script).read_text("utf-8").splitlines()
    return next(i + 1 for i, t in enumerate(lines) if t.startswith("- id: ") and "mara" in t.lower()
                or t.startswith("- id: '"))


def edit_bible(script: Path, old: str, new: str) -> None:
    path = bible_path(script)
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


# -- point 12: the script itself ---------------------------------------------------------------

def test_a_fifo_as_the_script_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "script.fountain"
    os.mkfifo(fifo)
    line = one_line_error(run_previs("parse", fifo, timeout=60))
    assert line == f"{fifo}: not a regular file (a pipe or a device); give a .fountain file"


def test_utf32_is_reported_as_utf32(tmp_path):
    script = tmp_path / "script.fountain"
    script.write_bytes("INT. ROOM - DAY\n\nHello.\n".encode("utf-32"))  # with its BOM ff fe 00 00
    assert one_line_error(run_previs("parse", script)) == f"{script}:1: UTF-32 text; save the script as UTF-8"
    script.write_bytes("INT. ROOM - DAY\n".encode("utf-16"))
    assert one_line_error(run_previs("parse", script)) == f"{script}:1: UTF-16 text; save the script as UTF-8"


def test_sigterm_prints_the_resume_message_as_sigint_does(example_copy, tmp_path):
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "previs", "animatic", str(example_copy), "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    store = example_copy.with_name(example_copy.stem + ".previs")
    # wait until the run is inside its work (the bible is written once the script is read)
    while not (store / "bible.yaml").exists() and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 143, (out, err)
    assert err.strip().splitlines()[-1] == "previs: interrupted; finished work is kept, run again to resume"


def test_voice_errors_name_the_file_and_line(project):
    """An espeak variant previs does not know: the error points at the first line Mara speaks."""
    edit_bible(project, "variant: f1", "variant: x9")
    line = one_line_error(run_previs("animatic", project, "-q"))
    # Mara's first words are her voice-over: the line after the cue `MARA (V.O.)` on line 17
    assert project.read_text("utf-8").splitlines()[16] == "MARA (V.O.)"
    assert line.startswith(f"{project}:18: ")
    assert "unknown voice variant 'x9'" in line


# -- point 2 (bible half) and point 6: bible.yaml ------------------------------------------------

@pytest.mark.parametrize("bad_id", ["/tmp/abs", "../../x", "a/b", "Mara", "x" * 65, ""])
def test_bible_ids_must_be_slugs(project, bad_id):
    edit_bible(project, "- id: mara-okafor", f"- id: {bad_id!r}")
    line = one_line_error(run_previs("reference", project, "MARA", "1A"))
    path = bible_path(project)
    if bad_id:
        assert line.startswith(f"{path}:{mara_line(project)}: character id "), line
        assert "must be a slug" in line
    outside = project.parent.parent / "x.png"
    assert not outside.exists() and not Path("/tmp/abs.png").exists()


def test_a_billion_laughs_in_look_is_refused_quickly(project):
    bomb = ["look: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        bomb.append(f"  x{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]")
    path = bible_path(project)
    text = path.read_text("utf-8").replace("format: 1\n", "format: 1\nbomb:\n  " + "\n".join(bomb) + "\n", 1)
    text = text.replace("  look: 30s, wiry", "  look: *l9\n  old_look: 30s, wiry", 1)
    path.write_text(text, "utf-8")
    line = one_line_error(run_previs("characters", project, timeout=60))
    assert line.startswith(f"{path}:") and "alias bomb" in line


@pytest.mark.parametrize("old,new,says", [
    ("seed: 1571828579", "seed: .inf", "seed inf must be a whole number 0-4294967295"),
    ("pitch: 47", "pitch: .inf", "voice pitch inf must be a whole number 0-99"),
    ("pitch: 47", "pitch: .nan", "voice pitch nan must be a whole number 0-99"),
    ("rate: 150", "rate: 1e400", "voice rate (words a minute) 1e400 must be a whole number 80-450"),
    ("seed: 1571828579", "seed: -3", "seed -3 must be a whole number"),
])
def test_bible_numbers_are_range_checked(project, old, new, says):
    edit_bible(project, old, new)
    line = one_line_error(run_previs("characters", project))
    assert line.startswith(f"{bible_path(project)}:{mara_line(project)}: character 'mara-okafor': {says}"), line


@pytest.mark.parametrize("encoding,says", [
    ("utf-16", "the character bible is UTF-16 text; save it as UTF-8"),
    ("utf-32", "the character bible is UTF-32 text; save it as UTF-8"),
])
def test_bible_encoding_is_named(project, encoding, says):
    path = bible_path(project)
    path.write_bytes(path.read_text("utf-8").encode(encoding))
    assert one_line_error(run_previs("characters", project)) == f"{path}:1: {says}"


def test_a_binary_bible_is_one_line(project):
    path = bible_path(project)
    path.write_bytes(b"format: 1\ncharacters:\n\x00\x01\x02")
    assert one_line_error(run_previs("characters", project)) == \
        f"{path}:3: the character bible is a binary file (NUL byte), not YAML text"


# -- point 6: reference images --------------------------------------------------------------------

def _png_header_only(width: int, height: int) -> bytes:
    """A PNG whose IHDR claims ``width x height`` (RGB, 8 bit) with a token IDAT: what a bomb looks like."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def _shot_with(entry):
    from renders.model import TimedShot
    from shots.model import Shot
    from shots.vocabulary import Angle, Movement, ShotSize, ShotType

    shot = Shot(id="1A", scene="1", index=0, setup=1, size=ShotSize.MS, type=ShotType.SINGLE,
                angle=Angle.EYE_LEVEL, movement=Movement.STATIC, lens_mm=35, subjects=(entry.id,),
                speaker=None, first_line=1, last_line=1, description="Mara.")
    return TimedShot(shot, 24, 24, cast=(entry,))


def _entry(reference: str):
    from shots.model import BibleEntry, VoiceSpec

    return BibleEntry(id="mara", name="MARA", look="", color="#e4572e", silhouette="slim",
                      voice=VoiceSpec(), seed=1, reference_image=reference)


@pytest.mark.parametrize("target,says", [
    ("/dev/zero", "is not a regular file"),
    ("big.png", "is far over the limit of 50 megapixels: scale it down"),  # PIL's bomb check
    ("wide.png", "is 12000x5000; the limit is 50 megapixels: scale it down"),
    ("notes.png", "is not a readable image"),
])
def test_reference_images_are_checked_before_decoding(tmp_path, target, says):
    from renders.diffusion.references import shot_references
    from screenplay.errors import PrevisError

    (tmp_path / "big.png").write_bytes(_png_header_only(30000, 30000))
    (tmp_path / "wide.png").write_bytes(_png_header_only(12000, 5000))
    (tmp_path / "notes.png").write_text("not an image", "utf-8")
    with pytest.raises(PrevisError) as err:
        shot_references(_shot_with(_entry(target)), base=tmp_path)
    assert says in err.value.message and "\n" not in str(err.value)


def test_a_reference_image_is_decoded_once_per_run(tmp_path):
    from PIL import Image

    from renders.diffusion.references import shot_references

    Image.new("RGB", (64, 48), (10, 20, 30)).save(tmp_path / "mara.png")
    entry = _entry("mara.png")
    first = shot_references(_shot_with(entry), base=tmp_path)[0]
    again = shot_references(_shot_with(entry), base=tmp_path)[0]
    assert first.rgb.shape == (48, 64, 3)
    assert again.rgb is first.rgb  # the same decoded pixels, not a second decode
    Image.new("RGB", (64, 48), (200, 20, 30)).save(tmp_path / "mara.png")  # replaced: decoded afresh
    os.utime(tmp_path / "mara.png", ns=(time.time_ns(), time.time_ns() + 10**9))
    changed = shot_references(_shot_with(entry), base=tmp_path)[0]
    assert changed.digest != first.digest and tuple(changed.rgb[0, 0]) == (200, 20, 30)


def test_a_line_break_in_the_project_path_does_not_break_the_cut(tmp_path):
    folder = tmp_path / "shoot\nday 2"
    folder.mkdir()
    script = folder / EXAMPLE.name
    shutil.copyfile(EXAMPLE, script)
    out = folder / "cut.mp4"
    run_previs("animatic", script, "--size", "160x90", "-q", "-o", out, check=True)
    import av

    with av.open(str(out)) as c:
        assert c.streams.video[0].frames > 0 and c.streams.audio
