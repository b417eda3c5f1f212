"""``previs reference``: approve a still from a rendered shot as a character's reference image.

Why: the diffusion renderer keeps a character looking the same in every shot
by conditioning on their reference image. A user may supply one (bible.yaml's
``reference_image``); this is the other way the product offers: render a shot,
pick the frame where the character looks right, and make it the reference.
"""
from __future__ import annotations

import argparse

HELP = """\
Take the frame of a rendered shot where a character looks right and make it their
reference image: it is saved in SCRIPT.previs/references/ and written into
bible.yaml, and every shot they are in re-renders with it (diffusion renderer).
Give the same render options as the run that rendered the shot.

examples:
  previs reference script.fountain MARA 2A --renderer diffusion --model ~/models/wan-vace
  previs reference script.fountain mara-okafor 2A --at 0.25 --renderer diffusion --model ~/models/wan-vace
"""


def register(sub) -> None:
    from previs.commands.options import add_render_options

    p = sub.add_parser("reference", help="approve a still of a rendered shot as a character's reference image",
                       description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("script", metavar="SCRIPT", help="a Fountain screenplay (.fountain)")
    p.add_argument("character", metavar="CHARACTER", help="bible id, name or cue name (see previs characters)")
    p.add_argument("shot", metavar="SHOT", help="a rendered shot that shows them (e.g. 2A)")
    p.add_argument("--at", type=float, default=0.5, metavar="F",
                   help="where in the shot: 0 the first frame, 1 the last (default 0.5, the middle)")
    add_render_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from previs.commands.options import session_from_args
    from previs.pipeline import load_script

    load_script(args.script)  # a bad script is one line here
    session = session_from_args(args)
    session.load()
    dest = session.reference_from_shot(args.character, args.shot, args.at)
    entry = session.character(dest.stem)
    shot = session.view.shot(args.shot.strip().upper())
    if entry is None or shot is None:  # edited away under us: nothing more to say
        return 0
    print(f"{entry.name}: reference image {dest} (bible version {entry.version}); "
          f"the {len(session.view.characters_in(entry.id))} shots they are in re-render with it (diffusion)")
    if entry.id not in shot.shot.subjects:
        print(f"note: {entry.name} is not in frame in {shot.id} by the plan; check the still shows them")
    return 0
