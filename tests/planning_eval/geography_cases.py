"""Hand-written expectations of screen geography: the group's 180-degree line, crossings, screen direction.

Every expectation was written from the script text, before the planner was run on it,
with the reason a director (or a script supervisor) would give. They say nothing about
which side the planner picks, only that the side, once picked, holds: the same people
on the same sides in every setup of a scene (singles, OTS, two-shots, wides), eyelines
pointing where the other person stands, a change only on a move the script writes, and
a traveller's screen direction carried across an exit into a CONTINUOUS scene.

``scene`` is a piece of the scene heading; ``where`` a piece of a line's text; names as
the script writes them. ``span`` limits a scene-wide kind to the shots before ("before")
or from ("after") the line ``edge`` (``where`` when no edge is given).

Kinds:
- ``sides``: ``names = (A..., "|", B...)``: whenever a shot shows someone of A and someone of
  B, A stands on one screen side of B, the same side in every such shot.
- ``between``: ``names = (end, end, middle...)``: in every shot that shows both ends and a
  middle one, the middle one stands between them.
- ``order_kept``: every pair of these people keeps one left-right order in every shot of the scene.
- ``eyeline``: ``names = (looker, looked_at)``: in the shots covering the line, the looker faces
  left or right (not the lens), toward the side where the other stands in the scene's shots.
- ``moves``: ``names = (who,)``: a shot covering the line shows them with a screen direction.
- ``same_direction`` / ``opposite_direction``: ``names = (other line,)``: the shots covering the two
  lines that show the traveller move in the same / opposite screen direction (neither neutral).
- ``order_restored``: ``names = (a, b)``: the two stand in the same left-right order in every shot
  before the line ``edge`` (a crossing) and in every shot from the line ``where`` (the move back).
- ``opposed``: ``names = (a, b)``: in the scene holding the line ``where``, every single of a
  speaking faces one way and every single of b speaking the other (neither at the lens).
- ``sides_carried``: ``names = (a, b)``: one left-right order for the two in every shot of the
  scene holding ``where`` and of the (CONTINUOUS) scene holding ``edge``.
- ``enters_from_direction``: ``names = (who,)``: in the shot covering the line they stand on the
  side of frame they come in from (left of centre moving left to right, right of centre moving
  right to left).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Geo:
    script: str
    kind: str
    scene: str
    names: tuple[str, ...]
    reason: str
    where: str = ""
    span: str = ""
    edge: str = ""


G = Geo
DINNER = "DINING ROOM - NIGHT"  # big-fish, "Edward and Will sit at opposite ends of the table"
KITCHEN = "KITCHEN - NIGHT"
CROSSING = "Kim gets up, walks around the table"  # the kitchen's one motivated crossing
OFFICE = "OFFICE - DAY"
CASES: tuple[Geo, ...] = (
    # ---- big-fish: the family dinner, four at a table, nobody leaves their seat -------------------
    G("big-fish", "between", DINNER, ("EDWARD", "WILL", "SANDRA", "JOSEPHINE"),
      "'Edward and Will sit at opposite ends of the table, with Sandra and Josephine in the middle': "
      "the camera stays on one side of the table's line, so the ends are the outermost people"),
    G("big-fish", "order_kept", DINNER, ("EDWARD", "WILL", "SANDRA", "JOSEPHINE"),
      "nobody moves from their seat ('Will scoops out another serving of potatoes' is no crossing): "
      "the group's line holds in every setup"),
    G("big-fish", "eyeline", DINNER, ("EDWARD", "JOSEPHINE"),
      "'I don't know if you're aware of this, Josephine' names who he talks to",
      where="I don't know if you're aware of this, Josephine"),
    G("big-fish", "eyeline", DINNER, ("WILL", "EDWARD"), "'Why not religion, Dad?' asks his father",
      where="Why not religion, Dad?"),
    G("big-fish", "eyeline", DINNER, ("EDWARD", "WILL"),
      "'It's rude to talk about religion' answers Will's question", where="It's rude to talk about religion"),
    G("big-fish", "eyeline", DINNER, ("JOSEPHINE", "SANDRA"),
      "'I spent a week in Morocco' answers Sandra's 'Really! That's wonderful'",
      where="I spent a week in Morocco"),

    # ---- my-living-memory: a crossing to comfort someone, then back to the seat --------------------
    G("my-living-memory", "order_restored", "LIVING ROOM", ("BETTY", "KATE"),
      "'Betty sits down across from her' ... 'Betty comes around the table and hugs Kate' ... 'Betty "
      "retakes her seat': back in her seat across the table, she is on her old side of Kate again",
      where="Betty retakes her seat", edge="Betty comes around the table"),
    G("my-living-memory", "opposite_direction", "LIVING ROOM", ("Kate leaves the kitchen",),
      "'Kate leaves the kitchen and goes into Matthew's bedroom' ... 'Returning from Matthew's room': "
      "she comes back the way she went", where="Returning from Matthew's room"),

    # ---- the-last-birthday-card: a phone call intercut between two apartments ---------------------
    G("the-last-birthday-card", "opposed", "SCOTT'S APARTMENT", ("SCOTT", "BAXTER"),
      "'> INTERCUT WITH:' Scott calls Baxter: cut between two places, the two must seem to look at each "
      "other, so while they talk one always looks left and the other right", where="I got another birthday card today."),

    # ---- our kitchen: three at a table, one walks around it (a motivated crossing) ------------------
    G("geography", "sides", KITCHEN, ("ROSA", "|", "DEV", "KIM"),
      "'Rosa sits at the head of the table. Dev and Kim sit at the far end, across from her': "
      "until Kim gets up, Rosa is on one side of the line and the two of them on the other",
      where=CROSSING, span="before"),
    G("geography", "sides", KITCHEN, ("ROSA", "KIM", "|", "DEV"),
      "'Kim gets up, walks around the table and sits down beside Rosa': from then on Kim is on "
      "Rosa's side, Dev alone across from them (the new line holds)",
      where=CROSSING, span="after"),
    G("geography", "eyeline", KITCHEN, ("ROSA", "DEV"), "'Who wants more soup?' is asked across the table",
      where="Who wants more soup?", span="before", edge=CROSSING),
    G("geography", "eyeline", KITCHEN, ("DEV", "ROSA"), "'Me. Always me.' answers his mother's offer",
      where="Me. Always me.", span="before", edge=CROSSING),
    G("geography", "eyeline", KITCHEN, ("ROSA", "KIM"), "'Then he has room for a fourth, Kim.' names Kim",
      where="Then he has room for a fourth", span="before", edge=CROSSING),
    G("geography", "eyeline", KITCHEN, ("KIM", "ROSA"), "'Mom, you spoil him' answers her mother",
      where="you spoil him rotten", span="before", edge=CROSSING),
    G("geography", "eyeline", KITCHEN, ("KIM", "ROSA"),
      "'Somebody has to keep an eye on you' is said to Rosa, now beside her", where="keep an eye on you",
      span="after"),
    G("geography", "eyeline", KITCHEN, ("DEV", "ROSA"),
      "'Now I'm outnumbered at my own mother's table': Dev looks across at the two of them",
      where="Now I'm outnumbered", span="after"),

    # ---- our office: an exit and a re-entrance through the same door -------------------------------
    G("geography", "moves", OFFICE, ("LEN",), "'Len walks out.': he leaves frame one way", where="Len walks out."),
    G("geography", "opposite_direction", OFFICE, ("Len walks out.",),
      "'Len comes back in with two mugs': he comes back through the door he left by, so he walks the "
      "other way on screen", where="Len comes back in"),
    G("geography", "enters_from_direction", OFFICE, ("LEN",),
      "he re-enters from the edge of frame he went out by", where="Len comes back in"),

    # ---- our chase: one exit carried through two CONTINUOUS scenes ----------------------------------
    G("geography", "moves", "HALLWAY", ("NINA",), "'hurries down the hallway and exits through the fire door'",
      where="hurries down the hallway"),
    G("geography", "same_direction", "FIRE ESCAPE", ("hurries down the hallway",),
      "FIRE ESCAPE - CONTINUOUS: she comes out of the door she just went through; leaving frame one "
      "side she enters the next shot from the other, still moving the same way",
      where="Nina bursts out onto the fire escape"),
    G("geography", "enters_from_direction", "FIRE ESCAPE", ("NINA",),
      "she enters the new place from the side opposite the one she left by",
      where="Nina bursts out onto the fire escape"),
    G("geography", "same_direction", "ALLEY", ("hurries down the hallway",),
      "ALLEY - CONTINUOUS: still the same chase, still the same screen direction",
      where="runs off down the alley"),

    # ---- our stairwell: two walk and talk into the next CONTINUOUS place ---------------------------
    G("geography", "sides_carried", "LANDING", ("OWEN", "TESS"),
      "LANDING - CONTINUOUS: 'Owen and Tess come out onto the landing, still arguing': the same talk "
      "goes on, so they keep the sides they had on the stairs", where="You never told your mother.",
      edge="And you should not have to know everything."),
    G("geography", "same_direction", "LANDING", ("walk up the stairs together",),
      "they come onto the landing the way they were walking up the stairs", where="come out onto the landing"),

    # ---- our bakery: out of one place, into the next (no CONTINUOUS, but the exit leads into it) ----
    G("geography", "moves", "BAKERY", ("SAM",), "'hurries out the back door'", where="hurries out the back door"),
    G("geography", "same_direction", "BACK ALLEY", ("hurries out the back door",),
      "'Sam comes out with the bag': the next scene opens on him coming out of the door he just went "
      "through, so he keeps his screen direction (out of frame one side, into the next from the other)",
      where="Sam comes out with the bag"),
    G("geography", "enters_from_direction", "BACK ALLEY", ("SAM",),
      "he comes into the alley's frame from the side opposite the one he left the bakery's by",
      where="Sam comes out with the bag"),
)
