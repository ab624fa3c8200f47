"""Standard MIDI files the way Ensemble's importer reads them: format 1, a conductor track with the meter,
tempo and key, then one named track per instrument on its own channel with its GM program (drums on 10)."""
from __future__ import annotations

import os

import mido

from extract import Note

TPQ = 480
MELODY = "Melody"  # the importer picks the track with this name as the melody first

# Major and minor key names by number of sharps (negative: flats), as MIDI key-signature events spell them.
MAJOR = {-7: "Cb", -6: "Gb", -5: "Db", -4: "Ab", -3: "Eb", -2: "Bb", -1: "F", 0: "C", 1: "G", 2: "D", 3: "A",
         4: "E", 5: "B", 6: "F#", 7: "C#"}
MINOR = {-7: "Abm", -6: "Ebm", -5: "Bbm", -4: "Fm", -3: "Cm", -2: "Gm", -1: "Dm", 0: "Am", 1: "Em", 2: "Bm",
         3: "F#m", 4: "C#m", 5: "G#m", 6: "D#m", 7: "A#m"}


def ticks(quarters: float) -> int:
    return int(round(quarters * TPQ))


def timed(events: list[tuple[int, mido.Message]]) -> mido.MidiTrack:
    """A track from (absolute tick, message) pairs: sorted (note-offs before note-ons at the same tick, so a
    repeated pitch is not cut), delta times, end of track."""
    def order(e):
        msg = e[1]
        off = msg.type == "note_off" or (msg.type == "note_on" and msg.velocity == 0)
        rank = 0 if msg.is_meta else 1 if msg.type not in ("note_on", "note_off") else 2 if off else 3
        return e[0], rank
    track = mido.MidiTrack()
    now = 0
    for tick, msg in sorted(events, key=order):
        track.append(msg.copy(time=tick - now))
        now = tick
    track.append(mido.MetaMessage("end_of_track", time=0))
    return track


def conductor(title: str, meters, tempos, key_sharps: int, key_mode: str) -> mido.MidiTrack:
    events = [(0, mido.MetaMessage("track_name", name=title[:120]))]
    for start, num, den in meters:
        events.append((ticks(start), mido.MetaMessage("time_signature", numerator=num, denominator=den,
                                                      clocks_per_click=24 * 4 // den * (3 if num % 3 == 0 and den == 8 else 1),
                                                      notated_32nd_notes_per_beat=8)))
    for start, bpm in tempos:
        events.append((ticks(start), mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(bpm))))
    sharps = max(-7, min(7, key_sharps))
    key = MINOR[sharps] if key_mode in ("minor", "aeolian") else MAJOR[sharps]
    events.append((0, mido.MetaMessage("key_signature", key=key)))
    return timed(events)


# Ensemble's role tag: a sequencer-specific meta event, 0x7D (non-commercial ID) + "ensemble:role=NAME".
ROLE_TAG = [0x7D] + list(b"ensemble:role=")


def note_track(name: str, program: int, channel: int, notes: list[Note], velocity: int,
               role: str | None = None) -> mido.MidiTrack:
    """`role` tags the track with an Ensemble role where its GM program says otherwise (a contrabass is a
    string, but in an orchestra it plays the bass line)."""
    events = [(0, mido.MetaMessage("track_name", name=name)),
              (0, mido.Message("program_change", channel=channel, program=program))]
    if role:
        events.append((0, mido.MetaMessage("sequencer_specific", data=ROLE_TAG + list(role.encode()))))
    for start, dur, pitch in notes:
        on, off = ticks(start), ticks(start + dur)
        if off <= on:
            continue
        events.append((on, mido.Message("note_on", channel=channel, note=pitch, velocity=velocity)))
        events.append((off, mido.Message("note_off", channel=channel, note=pitch, velocity=0)))
    return timed(events)


def save(path: str, tracks: list[mido.MidiTrack]) -> None:
    """Writes beside the target and renames, so an interrupted build never leaves half a file."""
    f = mido.MidiFile(type=1, ticks_per_beat=TPQ)
    f.tracks.extend(tracks)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    temporary = f"{path}.tmp-{os.getpid()}"
    f.save(temporary)
    os.replace(temporary, path)


def accompaniment(mma_file: str, scale: float, length: float) -> tuple[list[mido.MidiTrack], set[int]]:
    """The instrument tracks of an mma rendering, rescaled from mma's beats to ours (`scale` quarter notes per
    mma beat: 0.5 for an mma 6/8 groove counted in eighths), cut at `length` quarter notes. mma's own
    conductor track and text events are dropped: the conductor track we write is the one that counts.
    Also returns the channels used."""
    src = mido.MidiFile(mma_file)
    factor = scale * TPQ / src.ticks_per_beat
    end = ticks(length)
    tracks, channels = [], set()
    for track in src.tracks:
        now, events, name, sounding = 0, [], None, {}
        for msg in track:
            now += msg.time
            if msg.is_meta:
                if msg.type == "track_name":
                    name = msg.name
                continue
            if msg.type == "sysex":
                continue
            tick = int(round(now * factor))
            is_on = msg.type == "note_on" and msg.velocity > 0
            is_off = msg.type == "note_off" or (msg.type == "note_on" and msg.velocity == 0)
            if is_on:
                if tick >= end:
                    continue
                sounding[(msg.channel, msg.note)] = True
            elif is_off:
                if not sounding.pop((msg.channel, msg.note), False):
                    continue
                tick = min(tick, end)
            elif tick >= end:
                continue
            events.append((tick, msg))
        if not any(m.type == "note_on" for _, m in events):
            continue
        channels.update(m.channel for _, m in events)
        tracks.append(timed([(0, mido.MetaMessage("track_name", name=name or "Accompaniment"))] + events))
    return tracks, channels
