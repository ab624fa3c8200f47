"""Ensemble's training data in Python: `.ensds` dataset files and the window encoding the generators learn from.

    dataset = read_ensds("rock.ensds")                      # strict, as Ensemble's DatasetFile(decoding:)
    condition, tracks = encode_window(dataset.pieces[0], 0, 3, window)   # WindowEncoding, exactly
    windows = WindowDataset(dataset, window, split="train", seed=0)      # torch Dataset, random transposition
    loader, sampler = make_loader(windows, 64, rank, world_size, seed=0)

`window` is a model config's window, as in a manifest's `config.window`: {"steps": 64, "lowestPitch": 24,
"pitchCount": 84, "roles": [...], "conditionPlanes": [...], "trackPlanes": [...]}.

The file format is docs/dataset-format.md; the reader refuses what `DatasetFile(decoding:)`
(Sources/Generators/Dataset/DatasetFile.swift) refuses, with a one-line ValueError. The encoding follows
`WindowEncoding.writeCondition` / `writeTracks` (Sources/Generators/Representation/WindowEncoding.swift) cell for
cell; Tests/GeneratorsTests/EncodingParityTests.swift checks it against fixtures written by
`python -m ensemble_training.encoding_fixture`. Only numpy is needed here; torch only for WindowDataset and
make_loader."""
from __future__ import annotations

import json
import os
import re
import struct
from dataclasses import dataclass, field

import numpy as np

MAGIC = b"ENSDS\r\n\x1a"
VERSION = 1
#: Role codes of the body: the index in this tuple (never reordered; DatasetFile.roleCodes).
ROLE_CODES = ("melody", "drums", "bass", "chords", "guitar", "pad")
MAX_STEPS = 1 << 24
MAX_WINDOW_STEPS = 4096
MAX_HEADER_BYTES = 1 << 28
CONDITION_PLANES = ("melodySustain", "melodyOnset", "meter", "melodyChord")
TRACK_PLANES = ("sustain", "onset")
STEPS_PER_BEAT = 4  # StepGrid.stepsPerBeat

_FNV_OFFSET, _FNV_PRIME, _U64 = 0xCBF29CE484222325, 0x100000001B3, (1 << 64) - 1
_SKIP_REASONS = ("unreadable", "corrupt", "meter", "no-melody", "no-accompaniment", "too-short", "too-long")


def fnv1a64(data) -> int:
    """64-bit FNV-1a of `data` (bytes-like): the .ensds checksum (FNV1a.swift)."""
    h, prime, mask = _FNV_OFFSET, _FNV_PRIME, _U64
    for b in memoryview(data).cast("B"):
        h = ((h ^ b) * prime) & mask
    return h


# MARK: - The file


@dataclass
class Part:
    """An accompaniment part: role name, GM program, notes (int32 [n, 3]: start, end, pitch; sorted by start)."""
    role: str
    program: int
    notes: np.ndarray


@dataclass
class Piece:
    """A piece on the 16th-note step grid (StepPiece). Notes are int32 arrays [n, 3] of (start, end, pitch), the
    note sounding on steps start ..< end; bar and beat starts are int64 arrays; `parts` maps role name to Part in
    the file's order."""
    name: str
    validation: bool
    step_count: int
    bar_starts: np.ndarray
    beat_starts: np.ndarray
    melody: np.ndarray
    parts: dict = field(default_factory=dict)

    def part(self, role: str):
        """The part playing `role`, or None."""
        return self.parts.get(role)


@dataclass
class EnsdsFile:
    """A decoded `.ensds` file. `train_windows` / `validation_windows` are lists of (piece index, start step)."""
    name: str
    settings: dict
    pieces: list
    train_windows: list
    validation_windows: list
    content_hash: str
    header: dict
    path: str | None = None

    @property
    def options(self):
        return self.header.get("options")

    @property
    def summary(self):
        return self.header["summary"]

    @property
    def transposition(self) -> tuple[int, int]:
        """(low, high), inclusive, as `TrainingDataset.Settings.transposition`."""
        low = self.settings["transposeLow"]
        return low, max(low, self.settings["transposeHigh"])

    def programs(self) -> dict:
        """The most used GM program of each role over the training pieces, weighted by notes; ties to the lower
        program (`TrainingDataset.programs()`)."""
        counts: dict = {}
        for piece in self.pieces:
            if piece.validation:
                continue
            for part in piece.parts.values():
                per = counts.setdefault(part.role, {})
                per[part.program] = per.get(part.program, 0) + len(part.notes)
        return {role: max(per.items(), key=lambda kv: (kv[1], -kv[0]))[0] for role, per in counts.items()}


class _Reader:
    """Little-endian reads over untrusted bytes, every one checked against what is left (ByteReader)."""

    def __init__(self, data: bytes, offset: int, end: int):
        self.data, self.offset, self.end = data, offset, end

    @property
    def remaining(self) -> int:
        return self.end - self.offset

    def _need(self, size: int, what: str):
        if size < 0 or size > self.remaining:
            raise ValueError(f"truncated: {what} needs {size} bytes at offset {self.offset}, {max(0, self.remaining)} left")

    def _little(self, size: int, what: str) -> int:
        self._need(size, what)
        value = int.from_bytes(self.data[self.offset:self.offset + size], "little")
        self.offset += size
        return value

    def u8(self, what): return self._little(1, what)
    def u16(self, what): return self._little(2, what)
    def u32(self, what): return self._little(4, what)
    def u64(self, what): return self._little(8, what)

    def count(self, what: str, element_size: int) -> int:
        n = self.u32(what + " count")
        if n > self.remaining // max(1, element_size):
            raise ValueError(f"truncated or corrupt: {what} count {n} needs {n * element_size} bytes, {self.remaining} left")
        return n

    def u32_array(self, n: int, what: str) -> np.ndarray:
        self._need(4 * n, what)
        out = np.frombuffer(self.data, dtype="<u4", count=n, offset=self.offset).astype(np.int64)
        self.offset += 4 * n
        return out

    def u8_array(self, n: int, what: str) -> np.ndarray:
        self._need(n, what)
        out = np.frombuffer(self.data, dtype=np.uint8, count=n, offset=self.offset).astype(np.int64)
        self.offset += n
        return out


def read_ensds(path, verify_checksum: bool = True) -> EnsdsFile:
    """Reads a `.ensds` file completely, refusing anything `DatasetFile(decoding:)` refuses (ValueError, one line).

    `verify_checksum=False` skips recomputing the FNV-1a checksum (pure Python, about 10 MB/s), e.g. for a large
    file already checked once; `content_hash` is the stored checksum either way, as Swift's."""
    with open(path, "rb") as f:
        data = f.read()
    dataset = decode_ensds(data, verify_checksum=verify_checksum)
    dataset.path = os.fspath(path)
    return dataset


def content_hash(data: bytes) -> str:
    """The content hash of encoded bytes: the stored checksum as 16 lowercase hex digits
    (`DatasetFile.contentHash(ofEncoded:)`; 0 for a file shorter than 8 bytes)."""
    stored = int.from_bytes(data[-8:], "little") if len(data) >= 8 else 0
    return f"{stored:016x}"


def decode_ensds(data: bytes, verify_checksum: bool = True) -> EnsdsFile:
    """`read_ensds` over bytes already in memory."""
    data = bytes(data)
    minimum = len(MAGIC) + 4 + 4 + 8 + 8
    if data[:len(MAGIC)] != MAGIC or len(data) < len(MAGIC):
        if len(data) >= 5 and data[:5] == MAGIC[:5]:
            raise ValueError("damaged dataset file: the signature was altered (binary file copied as text?)")
        raise ValueError("not an Ensemble dataset (.ensds) file")
    if len(data) < minimum:
        raise ValueError(f"truncated dataset file ({len(data)} bytes)")
    r = _Reader(data, len(MAGIC), len(data))
    version = r.u32("version")
    if version != VERSION:
        if version > VERSION:
            raise ValueError(f"dataset format version {version} is newer than this program reads ({VERSION})")
        raise ValueError(f"unknown dataset format version {version}")
    header_length = r.u32("header length")
    if header_length > MAX_HEADER_BYTES or header_length > r.remaining - 16:
        raise ValueError(f"truncated or corrupt dataset file: header of {header_length} bytes, {r.remaining} left")
    header_start = r.offset
    r.offset += header_length
    body_length = r.u64("body length")
    left = r.remaining - 8
    if body_length != left:
        if body_length > max(0, left):
            raise ValueError(f"truncated dataset file: the body needs {body_length} bytes, {max(0, left)} left")
        raise ValueError(f"corrupt dataset file: body length {body_length} does not match the file size")
    checksum_offset = len(data) - 8
    stored = int.from_bytes(data[checksum_offset:], "little")
    if verify_checksum:
        actual = fnv1a64(memoryview(data)[:checksum_offset])
        if stored != actual:
            raise ValueError(f"corrupt dataset file: checksum mismatch (stored {stored:016x}, computed {actual:016x})")
    header = _decode_header(data[header_start:header_start + header_length])
    body = _Reader(data, r.offset, checksum_offset)
    pieces, train, validation = _decode_body(body, header)
    if body.remaining != 0:
        raise ValueError(f"corrupt dataset file: {body.remaining} unexpected bytes after the windows")
    _check_windows(train, False, pieces)
    _check_windows(validation, True, pieces)
    settings = {key: header["settings"][key] for key in ("roles", "windowSteps", "hopBars", "transposeLow", "transposeHigh")}
    return EnsdsFile(name=header["name"], settings=settings, pieces=pieces, train_windows=train,
                     validation_windows=validation, content_hash=f"{stored:016x}", header=header)


# MARK: Header


class _HeaderError(Exception):
    pass


def _reject_constant(name):
    raise _HeaderError(f"the JSON is not valid ({name} is not a number)")


def _decode_header(raw: bytes) -> dict:
    """The header JSON, checked the way Swift's Codable decoding of DatasetFile.Header checks it."""
    try:
        text = raw.decode("utf-8")
        header = json.loads(text, parse_constant=_reject_constant)
        _check_header(header)
    except UnicodeDecodeError:
        raise ValueError("corrupt dataset header (the header is not valid UTF-8)") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"corrupt dataset header (the JSON is not valid: {error.msg} at byte {error.pos})") from None
    except _HeaderError as error:
        raise ValueError(f"corrupt dataset header ({error})") from None
    if header["format"] != "ensds":
        raise ValueError(f"corrupt dataset header: format '{header['format']}'")
    s = header["settings"]
    roles = s["roles"]
    if not roles or "melody" in roles or len(set(roles)) != len(roles):
        raise ValueError(f"corrupt dataset header: roles {json.dumps(roles)}")
    if not (1 <= s["windowSteps"] <= MAX_WINDOW_STEPS and 1 <= s["hopBars"] <= 4096
            and s["transposeLow"] <= s["transposeHigh"] and s["transposeLow"] >= -24 and s["transposeHigh"] <= 24):
        raise ValueError("corrupt dataset header: settings out of range")
    return header


def _whole(value, low: int, high: int):
    """A JSON number Swift's JSONDecoder takes as an integer (1 and 1.0, not 1.5 or true), as int; else None."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high else None


def _expect(value, kind: str, path: str):
    """Checks one JSON value against a Codable type: int (Swift Int), u64, double, bool, string, role, meter,
    reason. Returns it (integers as int)."""
    if kind in ("int", "u64"):
        whole = _whole(value, -(1 << 63) if kind == "int" else 0, (1 << 63) - 1 if kind == "int" else _U64)
        if whole is None:
            raise _HeaderError(f"{path}: expected {kind}, found {json.dumps(value)[:40]}")
        return whole
    ok = {
        "double": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "bool": lambda v: isinstance(v, bool),
        "string": lambda v: isinstance(v, str),
        "role": lambda v: v in ROLE_CODES,
        "meter": lambda v: isinstance(v, str) and _meter_ok(v),
        "reason": lambda v: v in _SKIP_REASONS,
    }[kind]
    if not ok(value):
        raise _HeaderError(f"{path}: expected {kind}, found {json.dumps(value)[:40]}")
    return value


def _meter_ok(text: str) -> bool:
    """`Meter(parsing:)`: N/D, N in 1...32, D in 1, 2, 4, 8, 16, 32 (spaces allowed)."""
    parts = [p.replace(" ", "") for p in text.split("/")]
    if len(parts) != 2 or not all(re.fullmatch(r"[+-]?[0-9]+", p) for p in parts):
        return False
    n, d = (int(p) for p in parts)
    return 1 <= n <= 32 and d in (1, 2, 4, 8, 16, 32)


def _object(value, fields: dict, path: str, optional=()):
    if not isinstance(value, dict):
        raise _HeaderError(f"{path}: expected an object")
    for key, kind in fields.items():
        where = f"{path}.{key}" if path else key
        if key not in value or (value[key] is None and key in optional):
            if key in optional:
                continue
            raise _HeaderError(f"missing {key}")
        item = value[key]
        if isinstance(kind, tuple):  # ("list", element kind)
            if not isinstance(item, list):
                raise _HeaderError(f"{where}: expected an array")
            for i, element in enumerate(item):
                item[i] = _check_kind(element, kind[1], f"{where}.{i}")
        else:
            value[key] = _check_kind(item, kind, where)


def _check_kind(value, kind, path):
    if isinstance(kind, dict):
        _object(value, kind, path)
        return value
    return _expect(value, kind, path)


_SETTINGS = {"roles": ("list", "role"), "windowSteps": "int", "hopBars": "int", "transposeLow": "int",
             "transposeHigh": "int"}
_OPTIONS = {"windowBars": "int", "hopBars": "int", "transpose": "int", "minPartNotes": "int", "minMelodyNotes": "int",
            "meters": ("list", "meter"), "validationShare": "double", "seed": "u64", "roleShare": "double",
            "candidateRoles": ("list", "role")}
_PIECE = {"name": "string", "validation": "bool", "meters": ("list", "meter"), "bars": "int", "windows": "int"}
_SUMMARY = {"filesSeen": "int", "trainPieces": "int", "validationPieces": "int", "trainWindows": "int",
            "validationWindows": "int", "bars": "int", "melodyNotes": "int", "meterChangePieces": "int",
            "candidatePieces": "int",
            "skipped": ("list", {"path": "string", "reason": "reason", "detail": "string"}),
            "roles": ("list", {"role": "role", "pieces": "int", "kept": "bool", "notes": "int", "bars": "int"}),
            "meters": ("list", {"meter": "meter", "pieces": "int"})}
_HEADER = {"format": "string", "version": "int", "name": "string", "settings": _SETTINGS, "options": _OPTIONS,
           "pieces": ("list", _PIECE), "summary": _SUMMARY}


def _check_header(header):
    _object(header, _HEADER, "", optional=("options",))


# MARK: Body


def _decode_body(r: _Reader, header: dict):
    count = r.count("piece", 24)  # the smallest piece: step count, four empty counts, one bar start
    if count != len(header["pieces"]):
        raise ValueError(f"corrupt dataset file: {count} pieces in the body, {len(header['pieces'])} in the header")
    roles = header["settings"]["roles"]
    pieces = [_decode_piece(r, info, i, roles) for i, info in enumerate(header["pieces"])]
    windows = []
    for side in ("train", "validation"):
        n = r.count(f"{side} window", 8)
        flat = r.u32_array(2 * n, f"{side} windows")
        windows.append([(int(p), int(s)) for p, s in zip(flat[0::2], flat[1::2])])
    return pieces, windows[0], windows[1]


def _ascending(values: np.ndarray) -> bool:
    return bool(np.all(values[1:] > values[:-1]))


def _decode_piece(r: _Reader, info: dict, index: int, roles) -> Piece:
    name = info["name"]
    label = f"piece {index + 1} ({name})"
    steps = r.u32(f"{label} step count")
    if not 1 <= steps <= MAX_STEPS:
        raise ValueError(f"corrupt dataset file: {label} has {steps} steps")
    bars = r.u32_array(r.count(f"{label} bar", 4), f"{label} bars")
    if len(bars) == 0 or bars[0] != 0 or not _ascending(bars) or bars[-1] >= steps:
        raise ValueError(f"corrupt dataset file: {label} has bad bar starts")
    beats = r.u32_array(r.count(f"{label} beat", 4), f"{label} beats")
    if not _ascending(beats) or (len(beats) and beats[-1] >= steps):
        raise ValueError(f"corrupt dataset file: {label} has bad beat starts")
    melody = _decode_notes(r, f"{label} melody")
    parts = {}
    for _ in range(r.count(f"{label} part", 8)):
        code = r.u8(f"{label} role")
        program = r.u8(f"{label} program")
        r.u16(f"{label} reserved")
        if code >= len(ROLE_CODES) or ROLE_CODES[code] not in roles or ROLE_CODES[code] in parts or program >= 128:
            raise ValueError(f"corrupt dataset file: {label} has a bad part (role code {code}, program {program})")
        role = ROLE_CODES[code]
        parts[role] = Part(role=role, program=program, notes=_decode_notes(r, f"{label} {role} part"))
    return Piece(name=name, validation=bool(info["validation"]), step_count=steps, bar_starts=bars,
                 beat_starts=beats, melody=melody, parts=parts)


def _decode_notes(r: _Reader, label: str) -> np.ndarray:
    n = r.count(label + " note", 9)
    starts = r.u32_array(n, label + " note starts")
    ends = r.u32_array(n, label + " note ends")
    pitches = r.u8_array(n, label + " note pitches")
    previous = np.concatenate(([0], starts[:-1])) if n else starts
    bad = (starts >= ends) | (ends > MAX_STEPS) | (pitches >= 128) | (starts < previous)
    if bad.any():
        raise ValueError(f"corrupt dataset file: {label} note {int(np.argmax(bad)) + 1} is out of range or order")
    return np.stack([starts, ends, pitches], axis=1).astype(np.int32)  # steps < 2^24: int32 halves the memory


def _check_windows(windows, validation: bool, pieces):
    side = "validation" if validation else "train"
    for piece, start in windows:
        if not (piece < len(pieces) and pieces[piece].validation == validation
                and _contains(pieces[piece].bar_starts, start)):
            raise ValueError(f"corrupt dataset file: a {side} window (piece {piece + 1}, step {start}) is not on a "
                             f"bar line of a {side} piece")


def _contains(sorted_values: np.ndarray, value: int) -> bool:
    i = int(np.searchsorted(sorted_values, value))
    return i < len(sorted_values) and int(sorted_values[i]) == value


# MARK: - The window encoding


@dataclass(frozen=True)
class WindowSpec:
    """A model's window (WindowSpec.swift), from a manifest's `config.window` dict."""
    steps: int
    lowest_pitch: int
    pitch_count: int
    roles: tuple
    condition_planes: tuple
    track_planes: tuple

    @staticmethod
    def from_dict(window) -> "WindowSpec":
        if isinstance(window, WindowSpec):
            return window
        keys = ("steps", "lowestPitch", "pitchCount", "roles", "conditionPlanes", "trackPlanes")
        if not isinstance(window, dict) or any(key not in window for key in keys):
            raise ValueError(f"a window config needs the keys {', '.join(keys)}")
        if any(isinstance(window[k], bool) or not isinstance(window[k], int) for k in keys[:3]) \
                or any(not isinstance(window[k], list) for k in keys[3:]):
            raise ValueError("a window config has whole numbers for steps, lowestPitch, pitchCount and lists for the rest")
        spec = WindowSpec(steps=window["steps"], lowest_pitch=window["lowestPitch"], pitch_count=window["pitchCount"],
                          roles=tuple(window["roles"]), condition_planes=tuple(window["conditionPlanes"]),
                          track_planes=tuple(window["trackPlanes"]))
        problem = spec.problem
        if problem:
            raise ValueError(problem)
        return spec

    @property
    def highest_pitch(self) -> int:
        return self.lowest_pitch + self.pitch_count - 1

    @property
    def condition_shape(self):
        return (len(self.condition_planes), self.steps, self.pitch_count)

    @property
    def tracks_shape(self):
        return (len(self.roles) * len(self.track_planes), self.steps, self.pitch_count)

    def channel(self, role_index: int, plane: str):
        """The track channel of `plane` for role index `role_index`, or None if the spec has no such plane."""
        if plane not in self.track_planes:
            return None
        return role_index * len(self.track_planes) + self.track_planes.index(plane)

    @property
    def problem(self):
        """Why the window is unusable (WindowSpec.problem), plus unknown plane and role names; None when fine."""
        if not 1 <= self.steps <= 4096:
            return f"window steps must be 1...4096, got {self.steps}"
        if self.pitch_count < 12 or self.lowest_pitch < 0 or self.lowest_pitch + self.pitch_count > 128:
            return f"pitch window {self.lowest_pitch} + {self.pitch_count} must hold an octave within MIDI 0...127"
        if not self.roles:
            return "no accompaniment roles"
        if "melody" in self.roles:
            return "the melody is the condition, not an accompaniment role"
        if len(set(self.roles)) != len(self.roles):
            return "a role appears twice"
        if not self.condition_planes or not self.track_planes or "sustain" not in self.track_planes:
            return "needs condition planes and a sustain plane"
        unknown = ([r for r in self.roles if r not in ROLE_CODES]
                   + [p for p in self.condition_planes if p not in CONDITION_PLANES]
                   + [p for p in self.track_planes if p not in TRACK_PLANES])
        if unknown:
            return f"unknown window roles or planes: {unknown}"
        return None


def _rows(pitches: np.ndarray, spec: WindowSpec) -> np.ndarray:
    """`WindowEncoding.row`: each pitch's row, folded by octaves into the window; −1 where no octave fits."""
    lo, hi = spec.lowest_pitch, spec.highest_pitch
    p = pitches.copy()
    below = p < lo
    p[below] += (lo - p[below] + 11) // 12 * 12  # operands positive: // is Swift's truncating division
    above = p > hi
    p[above] -= (p[above] - hi + 11) // 12 * 12
    return np.where((p >= lo) & (p <= hi), p - lo, -1)


def _draw(notes: np.ndarray, start: int, transpose: int, drums: bool, spec: WindowSpec, sustain: int, onset,
          out: np.ndarray):
    """`WindowEncoding.draw`: notes sounding in [start, start + steps) into plane `sustain` (and their starts
    inside the window into `onset`). Drums (and the onset-only melody) are not transposed, and dropped, not
    folded, outside the pitch window."""
    if len(notes) == 0:
        return
    end = start + spec.steps
    s, e = notes[:, 0], notes[:, 1]
    inside = (e > start) & (s < end)
    s, e, p = (notes[inside, k].astype(np.int64) for k in range(3))
    if drums:
        rows = np.where((p >= spec.lowest_pitch) & (p <= spec.highest_pitch), p - spec.lowest_pitch, -1)
    else:
        rows = _rows(p + transpose, spec)
    kept = rows >= 0
    s, e, rows = s[kept], e[kept], rows[kept]
    first = np.maximum(s, start) - start
    last = np.minimum(e, end) - start
    lengths = last - first
    total = int(lengths.sum())
    offsets = np.repeat(np.cumsum(lengths) - lengths, lengths)
    t = np.repeat(first, lengths) + (np.arange(total) - offsets)
    out[sustain, t, np.repeat(rows, lengths)] = 1
    if onset is not None:
        struck = s >= start
        out[onset, first[struck], rows[struck]] = 1


def _extend(starts: np.ndarray, limit: int, fallback: int) -> list:
    """`StepPiece.extend`: starts below `limit`, continued past the piece's end with the last spacing."""
    values = [int(v) for v in starts]
    out = [v for v in values if v < limit]
    last = values[-1] if values else 0
    period = max(1, values[-1] - values[-2]) if len(values) >= 2 else fallback
    nxt = last + period if values else 0
    while nxt < limit:
        out.append(nxt)
        nxt += period
    return out


def write_condition(piece: Piece, start: int, transpose: int, spec: WindowSpec, out: np.ndarray):
    """`WindowEncoding.writeCondition` into `out` ([conditionPlanes, steps, pitchCount], filled with −1)."""
    planes = spec.condition_planes
    sustain = planes.index("melodySustain") if "melodySustain" in planes else None
    onset = planes.index("melodyOnset") if "melodyOnset" in planes else None
    if sustain is not None:
        _draw(piece.melody, start, transpose, False, spec, sustain, onset, out)
    elif onset is not None:
        # As Swift: with no sustain plane the melody is drawn whole into the onset plane, untransposed (drum mode).
        _draw(piece.melody, start, transpose, True, spec, onset, None, out)
    if "meter" in planes:
        meter = planes.index("meter")
        end = start + spec.steps
        bars = {b for b in _extend(piece.bar_starts, end, 4 * STEPS_PER_BEAT) if b >= start}
        beats = {b for b in _extend(piece.beat_starts, end, STEPS_PER_BEAT) if b >= start} | bars
        for beat in beats:
            out[meter, beat - start, :] = 1 if beat in bars else 0
    if "melodyChord" in planes:
        _write_chords(piece, start, transpose, spec, planes.index("melodyChord"), out)


#: `Chord.Quality` in its declaration order (an exact tie goes to the earlier), with its intervals.
_CHORD_QUALITIES = ((0, 4, 7), (0, 3, 7), (0, 4, 7, 10), (0, 3, 7, 10), (0, 4, 7, 11), (0, 5, 7), (0, 2, 7),
                    (0, 3, 6), (0, 4, 8), (0, 3, 6, 10), (0, 3, 6, 9))


def recognize_chord(chroma):
    """`ChordRecognizer.recognize(chroma:)` without a bass note: (root, intervals) of the template most like the
    12-entry chroma by cosine similarity, or None for a silent chroma. The same loop and tie rule as Swift's."""
    norm = 0.0
    for value in chroma:
        norm += value * value
    norm = norm ** 0.5
    if not norm > 0 or norm == float("inf"):
        return None
    best = None
    for q, intervals in enumerate(_CHORD_QUALITIES):
        size = float(len(intervals)) ** 0.5
        for root in range(12):
            dot = 0.0
            for interval in intervals:
                dot += chroma[(root + interval) % 12]
            score = dot / (norm * size)
            rank = (1, q, root)
            if best is None or score > best[0] + 1e-9 or (abs(score - best[0]) <= 1e-9 and rank < best[1]):
                best = (score, rank, root, intervals)
    return best[2], best[3]


def _bar_ranges(piece: Piece, start: int, steps: int) -> list:
    """`NoteThresholds.barRanges(NoteThresholds.bars(...))`: the window's bars as (first, end) steps, relative."""
    inner = [b - start for b in _extend(piece.bar_starts, start + steps, 4 * STEPS_PER_BEAT) if start < b < start + steps]
    return list(zip([0] + inner, inner + [steps]))


def _write_chords(piece: Piece, start: int, transpose: int, spec: WindowSpec, plane: int, out: np.ndarray):
    """`WindowEncoding.writeChords`: each bar's melody chord (`MelodyHarmony.barChords`) on its steps: +1 on the
    root's rows, 0 on the other tones', −1 elsewhere."""
    melody = piece.melody
    if len(melody):
        melody = melody[(melody[:, 1] > start) & (melody[:, 0] < start + spec.steps)]
    pitch_classes = (spec.lowest_pitch + np.arange(spec.pitch_count)) % 12
    for lower, upper in _bar_ranges(piece, start, spec.steps):
        chroma = [0.0] * 12
        for s, e, p in melody.tolist():
            if e > lower + start and s < upper + start:
                chroma[(p + transpose) % 12] += float(min(e, upper + start) - max(s, lower + start))
        chord = recognize_chord(chroma)
        if chord is None:
            continue
        root, intervals = chord
        tones = [(root + i) % 12 for i in intervals]
        row = np.where(pitch_classes == root, 1.0, np.where(np.isin(pitch_classes, tones), 0.0, -1.0))
        out[plane, lower:upper, :] = row


def write_tracks(piece: Piece, start: int, transpose: int, spec: WindowSpec, out: np.ndarray):
    """`WindowEncoding.writeTracks` into `out` ([roles × trackPlanes, steps, pitchCount], filled with −1). Roles
    the piece lacks stay silent; drums are never transposed and their onset plane is a copy of their sustain."""
    for k, role in enumerate(spec.roles):
        part = piece.part(role)
        sustain = spec.channel(k, "sustain")
        if part is None or sustain is None:
            continue
        onset = spec.channel(k, "onset")
        drums = role == "drums"
        _draw(part.notes, start, transpose, drums, spec, sustain, None if drums else onset, out)
        if drums and onset is not None:
            out[onset] = out[sustain]


def encode_window(piece: Piece, start: int, transpose: int, window):
    """Condition float32 [conditionPlanes, steps, pitchCount] and tracks float32 [roles × trackPlanes, steps,
    pitchCount] of the window of `piece` from step `start`, moved by `transpose` semitones: exactly
    `WindowEncoding.encode` (−1 off, +1 on; the meter plane +1 on bar lines, 0 on other beats; the chord plane +1
    on each bar's melody chord's root, 0 on its other tones). Steps past the
    piece's end are silent and keep the bar and beat spacing."""
    spec = WindowSpec.from_dict(window)
    condition = np.full(spec.condition_shape, -1, dtype=np.float32)
    tracks = np.full(spec.tracks_shape, -1, dtype=np.float32)
    write_condition(piece, int(start), int(transpose), spec, condition)
    write_tracks(piece, int(start), int(transpose), spec, tracks)
    return condition, tracks


# MARK: - PyTorch


def _mix(value: int) -> int:
    """SplitMix64's finaliser (`TrainingSeeds.mix`)."""
    z = (value + 0x9E3779B97F4A7C15) & _U64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _U64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _U64
    return z ^ (z >> 31)


_TRANSPOSITION_STREAM = 5  # TrainingSeeds.Stream.transposition


def transposition_for(seed: int, epoch: int, index: int, low: int, high: int) -> int:
    """The transposition of window `index` in epoch `epoch`: `WindowBatcher.transpose(epoch:index:)`'s formula,
    keyed by the window's index in the dataset (not by its position in the shuffled order, as Swift's is)."""
    stream = _mix((seed & _U64) ^ _mix(_TRANSPOSITION_STREAM))
    h = _mix(stream ^ _mix(epoch & _U64) ^ (index & _U64))
    return low + h % (high - low + 1)


try:  # numpy alone serves the reader and the encoding; torch only the Dataset and the loader
    from torch.utils.data import Dataset as _Dataset
except ImportError:  # pragma: no cover
    _Dataset = object


class WindowDataset(_Dataset):
    """The windows of one side of a dataset as (condition, tracks) float32 tensors, `[conditionPlanes, steps,
    pitches]` and `[roles × trackPlanes, steps, pitches]`.

    Training windows are moved by a transposition drawn uniformly from `settings.transposeLow...transposeHigh`,
    a function of (seed, epoch, index) so every process and data-loader worker agrees and a resumed run repeats
    it; call `set_epoch(epoch)` with the sampler's. Validation windows are not transposed."""

    def __init__(self, ensds, window, split: str = "train", seed: int = 0):
        if split not in ("train", "validation"):
            raise ValueError(f"split must be 'train' or 'validation', got {split!r}")
        self.ensds = ensds if isinstance(ensds, EnsdsFile) else read_ensds(ensds)
        self.spec = WindowSpec.from_dict(window)
        self.split, self.seed, self.epoch = split, int(seed), 0
        self.windows = self.ensds.train_windows if split == "train" else self.ensds.validation_windows
        self.transposition = self.ensds.transposition if split == "train" else (0, 0)

    def set_epoch(self, epoch: int):
        self.epoch = int(epoch)

    def __len__(self):
        return len(self.windows)

    def draw(self, index: int):
        """(piece index, start, transpose) of window `index` in the current epoch."""
        piece, start = self.windows[index]
        low, high = self.transposition
        transpose = transposition_for(self.seed, self.epoch, index, low, high) if high > low else low
        return piece, start, transpose

    def __getitem__(self, index):
        import torch
        if not 0 <= index < len(self.windows):
            raise IndexError(f"window {index} of {len(self.windows)}")
        piece, start, transpose = self.draw(index)
        condition, tracks = encode_window(self.ensds.pieces[piece], start, transpose, self.spec)
        return torch.from_numpy(condition), torch.from_numpy(tracks)


def make_loader(dataset, batch_size: int, rank: int, world_size: int, seed: int, num_workers: int = 0):
    """A DataLoader over `dataset` for process `rank` of `world_size` and its DistributedSampler (shuffled per
    epoch from `seed`, the tail dropped so every process gets the same count). Call `sampler.set_epoch(e)` and
    `dataset.set_epoch(e)` before each epoch. A process's last partial batch is dropped, unless it has fewer
    windows than `batch_size` (then its one smaller batch is kept, so a small dataset still trains)."""
    import torch
    from torch.utils.data import DataLoader
    from torch.utils.data.distributed import DistributedSampler
    if batch_size < 1:
        raise ValueError(f"batch size must be at least 1, got {batch_size}")
    if len(dataset) < world_size:
        raise ValueError(f"{len(dataset)} windows cannot be shared by {world_size} processes")
    sampler = DistributedSampler(dataset, num_replicas=world_size, rank=rank, shuffle=True, seed=seed, drop_last=True)
    loader = DataLoader(dataset, batch_size=batch_size, sampler=sampler, num_workers=num_workers,
                        drop_last=len(sampler) >= batch_size, pin_memory=torch.cuda.is_available(),
                        persistent_workers=False)
    return loader, sampler
