"""Standard MIDI Files for the end-to-end scripts, written with the standard library only (not by Ensemble).

Events are (absolute tick, message bytes); note-offs sort before note-ons at the same tick.
"""
import struct


def vlq(n):
    b = [n & 0x7F]; n >>= 7
    while n: b.insert(0, (n & 0x7F) | 0x80); n >>= 7
    return bytes(b)


def chunk(events):
    data, last = b"", 0
    for tick, message in sorted(events, key=lambda e: (e[0], e[1][0] & 0xF0 != 0x80)):
        data += vlq(tick - last) + message; last = tick
    data += b"\x00\xff\x2f\x00"
    return b"MTrk" + struct.pack(">I", len(data)) + data


def notes(channel, items):
    """items: (start, length, pitch, velocity) → note-on and note-off events on `channel`."""
    ev = []
    for start, length, pitch, vel in items:
        ev += [(start, bytes([0x90 | channel, pitch, vel])), (start + length, bytes([0x80 | channel, pitch, 0]))]
    return ev


def smf(tracks, tpq=480):
    """A format-1 file of `tracks` (lists of events)."""
    return b"MThd" + struct.pack(">IHHH", 6, 1, len(tracks), tpq) + b"".join(chunk(t) for t in tracks)
