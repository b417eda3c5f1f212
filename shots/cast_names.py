"""Names as a reader takes them: joint cues, voices that are not people, words that are not names.

Why a module of its own: these are small vocabularies with one decision each
(is ``EDWARD AND WILL`` one character or two speaking together? is ``MESSAGE
MACHINE`` someone the camera can see? may ``THE`` stand for ``THE BOSS``?),
asked by the bible (:mod:`shots.cast_finder`, :mod:`shots.bible`) and by the
per-scene cast model (:mod:`shots.cast_model`). Pure text in, answer out.
"""
from __future__ import annotations

import re

# A cue spoken by several people at once.
_JOINT_SPLIT = re.compile(r"\s*(?:\bAND\b|&|\+|/)\s*")
JOINT_WORDS = frozenset({"BOTH", "ALL", "EVERYONE", "TOGETHER", "ALL TOGETHER", "EVERYBODY"})
# The last word of a cue that is a device or a disembodied source: heard, never in frame.
_DEVICE_WORDS = frozenset("""
MACHINE RADIO TV TELEVISION LOUDSPEAKER LOUDSPEAKERS PA P.A. INTERCOM PHONE TELEPHONE SPEAKERPHONE PRINTER
COMPUTER RECORDING TAPE VOICE VOICES WALKIE-TALKIE MEGAPHONE BULLHORN ANSWERPHONE VOICEMAIL TANNOY
""".split())
# Words that may begin a name but never stand for one on their own ("The" is not THE BOSS).
COMMON_WORDS = frozenset("""
THE A AN SOME ANY VARIOUS OLD YOUNG LITTLE BIG OLDER YOUNGER ADULT GROWN-UP MAN WOMAN MAN'S WOMAN'S BOY GIRL
KID KIDS MALE FEMALE DEEP PRETTY BEAUTIFUL HANDSOME EXTREMELY HOT-BLOODED HEAVYSET ASIAN FIRST SECOND THIRD
ONE TWO THREE FOUR FIVE OTHER ANOTHER MR. MRS. MS. DR. MR MRS MS DR MISS SIR LADY LORD DOCTOR OFFICER NURSE
SOPHISTICATED ART TELLER JUMP PIANO SECURITY MESSAGE LASER NEW HIS HER THEIR MY YOUR OUR
""".split())
# Role nouns a script uses for people (besides those an introduction gives).
ROLE_VOCAB = frozenset("""
doorman waiter waitress bartender librarian nurse doctor cop officer guard driver cabbie clerk cashier
mailman postman boss mayor sheriff deputy priest teacher student detective partner retiree mastermind
minion neighbor neighbour landlord landlady receptionist secretary janitor maid butler chef cook pilot
captain soldier sergeant agent stranger father mother son daughter husband wife brother sister uncle aunt
grandfather grandmother grandpa grandma dad mom mum bride groom girlfriend boyfriend friend patron
newscaster director manager owner kid boy girl man woman lady gentleman giant witch
""".split())
_PLURAL_LAST = frozenset("""
PEOPLE CROWD TOWNFOLK TOWNSFOLK MEN WOMEN KIDS CHILDREN GUIDES BAND PATRONS OTHERS GUESTS STUDENTS SOLDIERS
COPS GUARDS FAMILY TEAM CHORUS GROUP AUDIENCE EVERYONE ALL BOTH
""".split())


def joint_parts(cue: str) -> tuple[str, ...]:
    """The speakers of a joint cue (``EDWARD AND WILL`` -> EDWARD, WILL), ``("BOTH",)`` for BOTH/ALL,
    or ``()`` when the cue is one speaker."""
    name = re.sub(r"\s+", " ", cue).strip().upper()
    if name in JOINT_WORDS:
        return (name,)
    parts = [p.strip() for p in _JOINT_SPLIT.split(name) if p.strip()]
    return tuple(parts) if len(parts) >= 2 else ()


def is_voice_name(name: str) -> bool:
    """A device or disembodied source (MESSAGE MACHINE, RADIO, INTERCOM, A MAN'S VOICE): heard, never seen."""
    words = re.sub(r"\s+", " ", name).strip().upper().split()
    return bool(words) and words[-1] in _DEVICE_WORDS


def is_plural_name(name: str) -> bool:
    """A group (THE CROWD, VARIOUS TOWNFOLK, PATRONS THREE AND FOUR): referred to as "they"."""
    words = name.upper().split()
    return bool(words) and (words[-1] in _PLURAL_LAST or words[0] in _PLURAL_LAST or "AND" in words)


def first_name_usable(first: str, full: str) -> bool:
    """May the first word of ``full`` stand for the character on its own in action text?

    Not when it is a common word (THE, VARIOUS, OLD, WOMAN'S), a title, a possessive
    (WILL'S of WILL'S DATE), or too short to be a name.
    """
    word = first.upper()
    if len(word.rstrip(".")) <= 2 or word in COMMON_WORDS or re.search(r"['’]S$", word):
        return False
    if joint_parts(full) or is_plural_name(full):
        return False  # PATRONS of PATRONS THREE AND FOUR: a group's first word is anyone's
    return full.upper() != word


def is_role_noun(word: str) -> bool:
    """A noun that names what a person is (``doorman``, ``librarian``, ``mother``), not an adjective."""
    w = word.lower()
    return w in ROLE_VOCAB or bool(re.search(r"(?:er|or|ist|ian|ant|man|woman|ess|ee)$", w)) and len(w) > 3
