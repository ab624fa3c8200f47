"""Which source pieces exist in the music21 corpus, and which of them a build uses.

Listing is cheap (paths and ABC headers only); parsing happens later, one piece per worker task.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

# Meters a folk tune may have to be used, mapped to the meter it is written in (cut time is 4/4 in length).
FOLK_METERS = {"4/4": (4, 4), "C": (4, 4), "2/2": (4, 4), "C|": (4, 4), "3/4": (3, 4), "6/8": (6, 8)}

# String quartets in the corpus (four parts: violin I, violin II, viola, cello), one file per movement.
QUARTET_DIRS = ["beethoven", "mozart", "haydn", "schumann_robert"]


@dataclass(frozen=True)
class Source:
    """One source piece: where it is and how to name it."""
    id: str            # unique and file-name safe, e.g. "chorale-bwv10.7", "oneills-0101"
    collection: str    # chorales, quartets, oneills, ryans
    path: str          # corpus-relative path for music21.corpus.parse
    number: int | None = None  # tune number inside a multi-tune ABC file
    meter: tuple[int, int] | None = None  # known before parsing (ABC header), else None
    title: str = ""


def corpus_root() -> Path:
    from music21 import corpus
    return Path(corpus.__file__).parent


def chorales(root: Path) -> list[Source]:
    """Bach chorales: every MusicXML/Humdrum score in bach/ (the .rntxt files are analyses, not scores). Where a
    chorale is there twice (bwv277, bwv281, bwv366 as .krn and .mxl), the MusicXML one, which names its voices."""
    chosen: dict[str, Path] = {}
    for p in sorted((root / "bach").iterdir()):
        preference = {".mxl": 0, ".xml": 1, ".krn": 2}.get(p.suffix)
        if preference is None:
            continue
        current = chosen.get(p.stem)
        if current is None or preference < {".mxl": 0, ".xml": 1, ".krn": 2}[current.suffix]:
            chosen[p.stem] = p
    return [Source(f"chorale-{stem}", "chorales", f"bach/{p.name}") for stem, p in sorted(chosen.items())]


def quartets(root: Path) -> list[Source]:
    """String-quartet movements; whether a score really has four string parts is checked when parsing."""
    out = []
    for d in QUARTET_DIRS:
        for p in sorted((root / d).rglob("*.mxl")):
            rel = p.relative_to(root)
            name = "-".join(rel.with_suffix("").parts)
            out.append(Source(f"quartet-{name}", "quartets", str(rel)))
    return out


def abc_tunes(text: str) -> list[dict]:
    """Header fields of each tune in an ABC file: X (number), T (first title), M (meter), and whether the
    meter changes inside the tune (inline M: fields), which the builder does not render."""
    tunes, current = [], None
    for line in text.splitlines():
        if line.startswith("X:"):
            current = {"X": line[2:].strip(), "T": "", "M": None, "changes": False, "body": False}
            tunes.append(current)
        elif current is None:
            continue
        elif re.match(r"^[A-Za-z]:", line):
            field, value = line[0], line[2:].strip()
            if field == "T" and not current["T"]:
                current["T"] = value
            elif field == "M":
                if current["body"] or current["M"] is not None:
                    current["changes"] = True
                current["M"] = value
            elif field == "K":
                current["body"] = True
        elif "[M:" in line:
            current["changes"] = True
    return tunes


def folk(root: Path) -> list[Source]:
    """O'Neill's Music of Ireland (1850) and Ryan's Mammoth Collection (1883): public-domain fiddle tunes in
    the meters the builder renders (4/4, cut time, 3/4, 6/8) without meter changes."""
    out = []
    for collection, folder in (("oneills", "oneills1850"), ("ryans", "ryansMammoth")):
        for p in sorted((root / folder).glob("*.abc")):
            tunes = abc_tunes(p.read_text(encoding="latin-1"))
            for tune in tunes:
                meter = FOLK_METERS.get((tune["M"] or "").replace(" ", ""))
                if meter is None or tune["changes"] or not tune["X"].isdigit():
                    continue
                number = int(tune["X"])
                ident = f"{number:04d}" if collection == "oneills" else p.stem
                if collection == "ryans" and len(tunes) > 1:
                    ident += f"-{number}"
                out.append(Source(f"{collection}-{ident}", collection, f"{folder}/{p.name}", number, meter, tune["T"]))
    # O'Neill's has a few tune numbers in two files (alternative transcriptions): keep the first.
    seen, unique = set(), []
    for s in out:
        if s.id not in seen:
            seen.add(s.id)
            unique.append(s)
    return unique


def pick(sources: list[Source], count: int | None, seed: int, salt: str) -> list[Source]:
    """`count` sources chosen by the seed, spread evenly over meters when they are known (so a small pick
    still has 4/4, 3/4 and 6/8 tunes), returned in a stable order; all of them when count is None."""
    if count is None or count >= len(sources):
        return list(sources)
    rng = random.Random(f"{seed}:{salt}")
    groups: dict = {}
    for s in sources:
        groups.setdefault(s.meter, []).append(s)
    for g in groups.values():
        rng.shuffle(g)
    keys = sorted(groups, key=str)
    chosen: list[Source] = []
    while len(chosen) < count:
        for k in keys:
            if groups[k] and len(chosen) < count:
                chosen.append(groups[k].pop())
    return sorted(chosen, key=lambda s: s.id)
