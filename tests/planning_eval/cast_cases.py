"""Hand-written expectations of who is in frame, what the prompts say, and who is a character.

Every expectation was written from the script text, before the planner was run
on it, with the reason a reader of the script would give. ``where`` is a piece
of the line's text (an action paragraph or a speech); for scene-wide kinds it
is a piece of the scene heading. Names are written as the script writes them
(a cue, an alias, a full name).

Kinds:
- ``in_frame``: each name is in at least one shot covering the line.
- ``not_in_frame``: no shot covering the line shows the name.
- ``exactly``: the people in the shots covering the line are exactly these.
- ``never_in_scene``: no shot of the scene shows the name.
- ``never_together``: no shot of the scene shows all of the names at once.
- ``not_an_entry``: the name is not a character in the bible.
- ``voice_only``: the name is in the bible as a voice (a device, a disembodied source).
- ``prompt_has`` / ``prompt_lacks``: every prompt of the shots covering the line has / lacks
  these words (lighting, looks).
- ``scene_prompt_has`` / ``scene_prompt_lacks``: some prompt / no prompt of the scene has these words.
- ``time_of_day``: the scene's plan carries this time of day (the Day/Night column).
- ``look_lacks``: the character's look text lacks these words (``names[0]`` is the character).
- ``wears``: the character's greybox colour is this colour family (``names = (who, colour)``).
- ``leaves`` / ``stays``: after the line, each name is out of / still in the scene's cast (the cast
  model's presence, :func:`shots.cast_model.read_scene`).

``pronoun=True`` marks the cases that test a pronoun or role noun (benchmarks/planning.py
counts right / wrong / unresolved on them).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Expect:
    script: str
    kind: str
    where: str
    names: tuple[str, ...]
    reason: str
    pronoun: bool = False


E = Expect
CASES: tuple[Expect, ...] = (
    # ---- our own scripts, one per case kind -------------------------------------------------
    # pronoun after an introduction
    E("pronouns", "exactly", "She hangs the coat on a hook.", ("LUCY",),
      "she = Lucy: the only woman in the kitchen, introduced two paragraphs before; Tom spoke last", True),
    E("pronouns", "exactly", "He laughs.", ("TOM",),
      "he = Tom, the only man present; Lucy spoke last but is a woman", True),
    # "They both"
    E("pronouns", "exactly", "They both turn as the kettle whistles.", ("TOM", "LUCY"),
      "they both = the two people in the kitchen", True),
    E("pronouns", "prompt_has", "They both turn as the kettle whistles.", ("night",),
      "the kitchen scene is NIGHT"),
    # role noun bound by an introduction
    E("pronouns", "in_frame", "The doorman lifts the suitcase onto a trolley.", ("GUS",),
      "Gus is introduced as 'the doorman'", True),
    E("pronouns", "not_in_frame", "The doorman lifts the suitcase onto a trolley.", ("ANNA",),
      "only the doorman acts; nothing refers to Anna"),
    E("pronouns", "exactly", "She tips him.", ("ANNA", "GUS"),
      "she = Anna (the only woman), him = Gus (the only man)", True),
    E("pronouns", "prompt_has", "She tips him.", ("maroon uniform", "white trench coat"),
      "each person in frame carries the look of their introduction"),
    E("pronouns", "prompt_has", "Is this the Grand?", ("daylight",), "the hotel entrance is DAY"),
    E("pronouns", "look_lacks", "", ("GUS", "doorman"), "'the doorman' is his role, not his look"),
    E("pronouns", "wears", "", ("GUS", "red"), "his uniform is maroon (a dark red)"),
    E("pronouns", "wears", "", ("LUCY", "red"), "she comes in wearing a red coat"),
    E("pronouns", "wears", "", ("TOM", "green"), "he wears a green apron"),
    # joint cue
    E("joint-and-phone", "not_an_entry", "", ("RITA AND SAM",), "two people speaking together"),
    E("joint-and-phone", "not_an_entry", "", ("RITA & SAM",), "two people speaking together"),
    E("joint-and-phone", "in_frame", "One, two, three!", ("RITA", "SAM"), "both say it, both are seen"),
    E("joint-and-phone", "in_frame", "We did it!", ("RITA", "SAM"), "both say it, both are seen"),
    E("joint-and-phone", "wears", "", ("SAM", "blue"), "Sam's hoodie is blue"),
    E("joint-and-phone", "not_an_entry", "", ("BOTH",), "BOTH is the two people in the booth"),
    E("joint-and-phone", "exactly", "Happy anniversary.", ("JO", "ED"), "both of them say it, both are seen"),
    E("joint-and-phone", "never_in_scene", "INT. CAR", ("RADIO",), "a radio is heard, even through its pause"),
    # phone call
    E("joint-and-phone", "never_in_scene", "APARTMENT", ("FELIX",),
      "Felix is the other end of Nora's phone call: heard, not in her apartment"),
    E("joint-and-phone", "in_frame", "Somewhere safe.", ("NORA",), "we stay on Nora as she listens"),
    E("joint-and-phone", "voice_only", "", ("MESSAGE MACHINE",), "a device speaks; nobody to see"),
    E("joint-and-phone", "never_in_scene", "APARTMENT", ("MESSAGE MACHINE",), "a device is not a person in frame"),
    E("joint-and-phone", "exactly", "She sits down in the dark.", ("NORA",),
      "she = Nora, alone once she hung up", True),
    E("joint-and-phone", "scene_prompt_has", "APARTMENT", ("night",), "the apartment scene is NIGHT"),
    # exit
    E("exits-and-time", "in_frame", "We go north.", ("HAL",), "Hal speaks on screen"),
    E("exits-and-time", "in_frame", "Otto shrugs and walks out.", ("OTTO",), "Otto is the one who leaves"),
    E("exits-and-time", "not_in_frame", "Fine. South.", ("OTTO",), "Otto walked out before this line"),
    E("exits-and-time", "not_in_frame", "Thank you.", ("OTTO",), "Otto walked out before this line"),
    # continuity
    E("exits-and-time", "time_of_day", "INT. BARN - CONTINUOUS", ("NIGHT",),
      "CONTINUOUS after a NIGHT scene is still night"),
    E("exits-and-time", "scene_prompt_has", "INT. BARN - CONTINUOUS", ("night",),
      "the prompts of a continuous scene carry the night of the scene before"),
    E("exits-and-time", "exactly", "She hangs the lantern on a nail.", ("MAY",),
      "she = May, who walked from the yard into the barn (CONTINUOUS keeps her present)", True),
    E("exits-and-time", "time_of_day", "INT. BARN - LATER", ("NIGHT",), "LATER, same place, still lantern light"),
    E("exits-and-time", "time_of_day", "INT. OFFICE - DAY", ("DAY",), "the heading says DAY"),
    # looks per scene range
    E("exits-and-time", "prompt_has", "waits for the bus", ("8, freckled, red cap",), "Ben as a boy"),
    E("exits-and-time", "prompt_has", "signs a contract", ("40 with grey hair",), "Ben thirty years later"),
    E("exits-and-time", "prompt_lacks", "signs a contract", ("red cap", "freckled"),
      "the boy's look does not follow him into his forties"),

    # ---- the bundled example --------------------------------------------------------------------
    E("example", "exactly", "She raps on the taxi window.", ("MARA",),
      "she = Mara, introduced walking to the taxi; nobody else is on the road", True),
    E("example", "exactly", "He starts the engine anyway.", ("DEV",),
      "he = Dev, the driver, the only man in the cab", True),
    E("example", "time_of_day", "INT. TAXI - CONTINUOUS", ("NIGHT",), "continuous from the NIGHT harbour road"),
    E("example", "scene_prompt_has", "INT. TAXI - CONTINUOUS", ("night",), "night light inside the taxi too"),
    E("example", "in_frame", "The door swings open. Mara and Dev enter", ("MARA", "DEV"), "both enter"),
    E("example", "exactly", "Juno holds out her hand.", ("JUNO", "MARA"),
      "Juno holds out her hand, Mara places the key in it", True),
    E("example", "not_in_frame", "If this is a bomb", ("DEV",), "DEV (O.S.): heard off screen"),
    E("example", "look_lacks", "", ("MARA", "satchel"), "the satchel is a prop she carries (she opens it later)"),
    E("example", "wears", "", ("MARA", "yellow"), "yellow rain jacket"),
    E("example", "wears", "", ("DEV", "grey"), "grey cardigan"),

    # ---- the corpus -----------------------------------------------------------------------------
    # brick-and-steel
    E("brick-and-steel", "look_lacks", "", ("STEEL", "partner"),
      "'his former partner and fellow retiree' says who he is, not how he looks"),
    E("brick-and-steel", "exactly", "Steel sits.  They laugh at the dumb joke.", ("BRICK", "STEEL"),
      "they = the two retirees on the patio", True),
    E("brick-and-steel", "exactly", "They drink long and well from the beers.", ("BRICK", "STEEL"),
      "they = Brick and Steel", True),
    E("brick-and-steel", "exactly", "The men look at each other.", ("BRICK", "STEEL"),
      "the men = the two men present", True),
    E("brick-and-steel", "never_in_scene", "BRICK'S POOL", ("BRICK",),
      "Steel is alone on the phone; Brick is only in the heading's possessive"),
    E("brick-and-steel", "in_frame", "Steel SMACKS him.", ("STEEL", "COGNITO"),
      "him = Cognito, the man being roughed up", True),
    E("brick-and-steel", "in_frame", "As he rattles off the long list", ("COGNITO", "BRICK", "STEEL"),
      "he = Cognito, who was speaking; Brick and Steel share a look", True),
    E("brick-and-steel", "exactly", "They speed off.", ("BRICK", "STEEL"), "they = the two in the Porsche", True),
    E("brick-and-steel", "not_an_entry", "", ("THE BOY BAND",), "a gang's nickname, never speaks"),
    E("brick-and-steel", "never_in_scene", "OPENING TITLES", ("BRICK",), "title cards, no one on set"),
    # the-last-birthday-card
    E("the-last-birthday-card", "never_in_scene", "LATER THAT EVENING", ("THE BOSS",),
      "'The' is not The Boss: he is nowhere near Baxter's apartment"),
    E("the-last-birthday-card", "never_together", "SCOTT, IN BAXTER'S KITCHEN", ("SCOTT", "THE BOSS"),
      "a phone call, intercut: they are in different places"),
    E("the-last-birthday-card", "never_together", "INT. SCOTT'S APARTMENT", ("SCOTT", "BAXTER"),
      "the first phone call, intercut: Baxter is in his own apartment"),
    E("the-last-birthday-card", "voice_only", "", ("VOICE",), "'the voice on the line'"),
    E("the-last-birthday-card", "voice_only", "", ("MALE VOICE",), "a caller heard on the phone"),
    E("the-last-birthday-card", "in_frame", "Do you remember the last thing Jacob Billups", ("SCOTT",),
      "the threat is a voice on the phone; we see Scott hear it"),
    E("the-last-birthday-card", "not_in_frame", "Do you remember the last thing Jacob Billups", ("JACOB BILLUPS",),
      "Billups is named in a line of dialogue; he is dead"),
    E("the-last-birthday-card", "never_in_scene", "A FEW DAYS LATER", ("SOPHISTICATED WOMAN",),
      "the other end of a phone call"),
    E("the-last-birthday-card", "exactly", "She feels bad.", ("ART GIRL",), "she = Art Girl", True),
    E("the-last-birthday-card", "exactly", "Scott looks at him, confused.", ("SCOTT", "BAXTER"),
      "him = Baxter, who just spoke", True),
    E("the-last-birthday-card", "in_frame", "The woman behind it smiles at him.", ("NAK", "WOMAN"),
      "the woman = WOMAN, him = Nak", True),
    E("the-last-birthday-card", "exactly", "He hangs up.", ("BILLUPS",),
      "he = Billups, the man on the StarTAC", True),
    # my-living-memory
    E("my-living-memory", "voice_only", "", ("MESSAGE MACHINE",), "an answering machine plays messages"),
    E("my-living-memory", "in_frame", "Hello, this is Detective Burton", ("KATE",), "Kate listens to the machine"),
    E("my-living-memory", "not_in_frame", "Hello, this is Detective Burton", ("MESSAGE MACHINE",),
      "a device is not a person in frame"),
    E("my-living-memory", "not_in_frame", "You're husband's been in an accident.", ("BURTON",),
      "Burton is the other end of the call Kate dialled"),
    E("my-living-memory", "in_frame", "You're husband's been in an accident.", ("KATE",),
      "we stay on Kate as she hears it"),
    E("my-living-memory", "exactly", "She gives him a tender little push.", ("KATE", "MATTHEW"),
      "she = Kate, him = Matthew (Betty is a woman)", True),
    E("my-living-memory", "exactly", "He runs for his room.", ("MATTHEW",), "he = Matthew", True),
    E("my-living-memory", "not_in_frame", "How are you holding up?", ("MATTHEW",),
      "Matthew ran to his room before Betty asks"),
    E("my-living-memory", "never_in_scene", "INT. MAIN ROOM", ("MATTHEW",),
      "Matthew is napping in his bedroom; he is only talked about"),
    # Joe is alive and at home in the first two scenes, then dies in the tow truck: from the first
    # LIVING ROOM scene on he is only heard of, remembered, and seen in photographs.
    E("my-living-memory", "in_frame", "Joe walks up behind Kate and embraces her.", ("JOE",),
      "before work Joe is at home with Kate"),
    E("my-living-memory", "never_in_scene", "INT. LIVING ROOM", ("JOE",),
      "'You're husband's been in an accident': Joe is away at work and Kate hears of it by phone"),
    E("my-living-memory", "not_in_frame", "she picks up a picture of Joe and Kate", ("JOE", "MATTHEW"),
      "'a picture of Joe and Kate', 'Another of Joe, Kate, and Matthew at Disneyland': photos on the "
      "mantle; Joe is dead and Matthew ran to his room"),
    E("my-living-memory", "not_in_frame", "shows Joe standing directly behind him", ("JOE", "MATTHEW"),
      "'The top picture ... shows Joe': Joe is in the printed photo, Matthew is in his bedroom"),
    E("my-living-memory", "not_in_frame", "They all show Joe in the frame", ("JOE",),
      "'the frame' is the photos' frame: Kate looks through the pictures"),
    # printing-trouble
    E("printing-trouble", "voice_only", "", ("INTERCOM",), "the boss speaks through the intercom"),
    E("printing-trouble", "in_frame", "How ya doing Mike?", ("MIKE",), "we see Mike answer the intercom"),
    E("printing-trouble", "exactly", "He works the mouse--", ("MIKE",), "he = Mike, alone in the office", True),
    E("printing-trouble", "not_in_frame", "Mike? Hello?", ("MIKE",),
      "Mike headed for the copy room before Donna knocks"),
    E("printing-trouble", "exactly", "She reaches for it.", ("DONNA",), "she = Donna; Mike has left", True),
    # the-library-freak-out
    E("the-library-freak-out", "look_lacks", "", ("CHARYA", "Librarian lady"),
      "'a stereotype nice Librarian lady' is her role, not her look"),
    # big-fish
    E("big-fish", "not_an_entry", "", ("EDWARD AND WILL",), "father and son speaking in unison"),
    E("big-fish", "not_an_entry", "", ("WILL AND SANDRA",), "a camera direction naming two people"),
    E("big-fish", "in_frame", "We were part of the same equation.", ("EDWARD", "WILL"),
      "both say the line together"),
    E("big-fish", "not_in_frame", "various pulleys", ("VARIOUS TOWNFOLK",), "'various' is not a name"),
    E("big-fish", "in_frame", "various pulleys", ("YOUNG EDWARD",), "Young Edward lies in bed"),
    E("big-fish", "not_in_frame", "Will's side of the conversation", ("WILL'S DATE",),
      "'Will's side' is Will's, not his prom date's"),
    E("big-fish", "not_in_frame", "Old Woman's glass eye", ("WOMAN'S VOICE",), "'Old Woman's' is not a voice"),
    # "Josephine tries to hold him back, but he gets up and leaves. Edward doesn't even notice." then
    # Edward goes on with his toast: the "he" who leaves is Will, the subject of the main clause.
    E("big-fish", "leaves", "Josephine tries to hold him back", ("WILL",),
      "'Josephine tries to hold him back, but he gets up and leaves': he = Will, held back by his bride"),
    E("big-fish", "stays", "Josephine tries to hold him back", ("JOSEPHINE",),
      "Josephine only tries to hold Will back; she stays at her reception"),
    E("big-fish", "in_frame", "As he leaves, Will mutters", ("WILL", "EDWARD"),
      "Will mutters 'in perfect unison with his father'", True),
    E("big-fish", "leaves", "As he leaves, Will mutters", ("WILL",),
      "he = Will, who 'gets up and leaves' and next 'reaches the door'"),
    E("big-fish", "stays", "As he leaves, Will mutters", ("EDWARD",),
      "Edward 'doesn't even notice' and carries on his toast to the room"),
    E("big-fish", "exactly", "Will reaches the door, where his mother intercepts him.", ("WILL", "SANDRA"),
      "his mother = Sandra ('His mother SANDRA'), him = Will", True),
    E("big-fish", "scene_prompt_has", "BLOOM FRONT HALL", ("17 with braces",),
      "Will is 17 with braces in 1987"),
    E("big-fish", "scene_prompt_lacks", "TINY PARIS RESTAURANT", ("braces",),
      "at his wedding in 1998 Will is 28, braces long gone"),
)
