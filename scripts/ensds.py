#!/usr/bin/env python3
"""Reference reader for Ensemble's .ensds dataset files (docs/dataset-format.md), standard library only.

    python3 scripts/ensds.py FILE.ensds        prints a JSON summary (pieces, notes, windows, hash)

As a module: `read(path)` returns a dict with the header, the pieces (bars, beats, melody, parts as lists of
(start, end, pitch)) and the train/validation windows; it raises ValueError on a corrupt or truncated file."""
import json, struct, sys

MAGIC = b"ENSDS\r\n\x1a"
ROLES = ["melody", "drums", "bass", "chords", "guitar", "pad"]
FNV_OFFSET, FNV_PRIME = 0xCBF29CE484222325, 0x100000001B3

def fnv1a64(data):
    h = FNV_OFFSET
    for b in data:
        h = ((h ^ b) * FNV_PRIME) & 0xFFFFFFFFFFFFFFFF
    return h

class Reader:
    def __init__(self, data, offset, end):
        self.data, self.offset, self.end = data, offset, end
    def take(self, n):
        if n < 0 or self.offset + n > self.end:
            raise ValueError(f"truncated at offset {self.offset}")
        out = self.data[self.offset:self.offset + n]; self.offset += n
        return out
    def u8(self): return self.take(1)[0]
    def u16(self): return struct.unpack("<H", self.take(2))[0]
    def u32(self): return struct.unpack("<I", self.take(4))[0]
    def u32s(self, n): return list(struct.unpack(f"<{n}I", self.take(4 * n)))
    def notes(self):
        n = self.u32()
        starts, ends, pitches = self.u32s(n), self.u32s(n), list(self.take(n))
        return list(zip(starts, ends, pitches))

def read(path):
    data = open(path, "rb").read()
    if data[:8] != MAGIC:
        raise ValueError("not an .ensds file")
    version, header_length = struct.unpack_from("<II", data, 8)
    if version != 1:
        raise ValueError(f"unsupported version {version}")
    header_end = 16 + header_length
    if header_end + 16 > len(data):
        raise ValueError("truncated header")
    (body_length,) = struct.unpack_from("<Q", data, header_end)
    body_start = header_end + 8
    if body_start + body_length + 8 != len(data):
        raise ValueError("body length does not match the file size")
    (checksum,) = struct.unpack_from("<Q", data, len(data) - 8)
    if fnv1a64(data[:-8]) != checksum:
        raise ValueError("checksum mismatch")
    header = json.loads(data[16:header_end].decode("utf-8"))
    r = Reader(data, body_start, body_start + body_length)
    pieces = []
    if r.u32() != len(header["pieces"]):
        raise ValueError("the body and the header disagree on the number of pieces")
    for info in header["pieces"]:
        steps = r.u32()
        bars = r.u32s(r.u32())
        beats = r.u32s(r.u32())
        melody = r.notes()
        parts = {}
        for _ in range(r.u32()):
            role, program, _reserved = r.u8(), r.u8(), r.u16()
            parts[ROLES[role]] = {"program": program, "notes": r.notes()}
        pieces.append({"name": info["name"], "validation": info["validation"], "steps": steps, "bars": bars,
                       "beats": beats, "melody": melody, "parts": parts})
    windows = {}
    for side in ("train", "validation"):
        flat = r.u32s(2 * r.u32())
        windows[side] = list(zip(flat[0::2], flat[1::2]))
    if r.offset != r.end:
        raise ValueError("unexpected bytes after the windows")
    return {"header": header, "pieces": pieces, "windows": windows, "hash": f"{checksum:016x}"}

if __name__ == "__main__":
    d = read(sys.argv[1])
    print(json.dumps({
        "name": d["header"]["name"], "hash": d["hash"], "roles": d["header"]["settings"]["roles"],
        "pieces": len(d["pieces"]), "validationPieces": sum(p["validation"] for p in d["pieces"]),
        "melodyNotes": sum(len(p["melody"]) for p in d["pieces"]),
        "partNotes": {role: sum(len(p["parts"][role]["notes"]) for p in d["pieces"] if role in p["parts"])
                      for role in ROLES},
        "trainWindows": len(d["windows"]["train"]), "validationWindows": len(d["windows"]["validation"]),
    }, sort_keys=True))
