#!/usr/bin/env bash
# End-to-end check of `ensemble samples` and `ensemble info` on the release build: every sample written and
# described (text and JSON), corrupted files each refused with one line and exit status 1, and per-track note
# counts equal to mido's (when the project venv has mido). Exits non-zero on the first failure.
set -uo pipefail
cd "$(dirname "$0")/../.."
EXE=${ENSEMBLE:-.build/release/ensemble}
PY=.venv/bin/python
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "cli-midi: FAIL: $*" >&2; exit 1; }
[ -x "$EXE" ] || fail "$EXE not built (make release)"

# Samples: the list, then each one written and described.
list=$("$EXE" samples) || fail "samples exited $?"
ids=$(echo "$list" | awk 'NR>1 && NF>0 && $1 !~ /^Write/ {print $1}')
[ "$(echo "$ids" | wc -w)" -ge 8 ] || fail "expected at least 8 sample melodies, got: $ids"
for id in $ids; do
  "$EXE" samples "$id" -o "$TMP/$id.mid" > /dev/null || fail "samples $id -o exited $?"
  "$EXE" info "$TMP/$id.mid" > "$TMP/$id.txt" || fail "info $id exited $?"
  grep -q "^Format    1 (2 tracks)" "$TMP/$id.txt" || fail "info $id: unexpected text: $(head -3 "$TMP/$id.txt")"
  "$EXE" info --json "$TMP/$id.mid" | python3 -m json.tool > /dev/null || fail "info --json $id is not valid JSON"
done
"$EXE" samples "Ode To Joy" -o "$TMP/ode.mid" > /dev/null || fail "forgiving name 'Ode To Joy' not found"
cmp -s "$TMP/ode.mid" "$TMP/ode-to-joy.mid" || fail "'Ode To Joy' and ode-to-joy wrote different files"

# Corrupted inputs: each must exit 1 with exactly one line on stderr naming the file, nothing on stdout, quickly.
good="$TMP/ode-to-joy.mid"
python3 - "$good" "$TMP" <<'PY'
import sys, random
good = open(sys.argv[1], 'rb').read(); d = sys.argv[2]
def put(name, data): open(f"{d}/bad-{name}.mid", 'wb').write(bytes(data))
put('empty', b'')
put('text', b'This is not a MIDI file\n')
put('wav', b'RIFF\x24\x00\x00\x00WAVEfmt ' + bytes(20))
put('truncated-header', good[:9])
put('truncated-track', good[:len(good) - 7])
put('format2', good[:8] + b'\x00\x02' + good[10:])
put('smpte', good[:12] + b'\xe7\x28' + good[14:])
put('zero-tracks', good[:10] + b'\x00\x00' + good[12:])
put('huge-length', good[:18] + b'\xff\xff\xff\xff' + good[22:])
put('vlq-overlong', good[:14] + b'MTrk\x00\x00\x00\x08' + b'\x81\x80\x80\x80\x00\x90\x3c\x40')
put('running-status', good[:14] + b'MTrk\x00\x00\x00\x04' + b'\x00\x3c\x40\x00')
put('meta-past-end', good[:14] + b'MTrk\x00\x00\x00\x06' + b'\x00\xff\x03\x8f\xff\x7f')
rng = random.Random(1)
put('garbage', bytes(rng.randrange(256) for _ in range(4096)))
PY
mkdir "$TMP/bad-directory.mid"
for f in "$TMP"/bad-*.mid "$TMP/missing.mid"; do
  timeout 10 "$EXE" info "$f" > "$TMP/out" 2> "$TMP/err"; status=$?
  [ "$status" -eq 1 ] || fail "info $(basename "$f"): exit status $status, expected 1"
  [ ! -s "$TMP/out" ] || fail "info $(basename "$f"): wrote to stdout"
  [ "$(wc -l < "$TMP/err")" -eq 1 ] || fail "info $(basename "$f"): stderr is not one line: $(cat "$TMP/err")"
  grep -q "^ensemble: $f: " "$TMP/err" || fail "info $(basename "$f"): message does not name the file: $(cat "$TMP/err")"
done
timeout 10 "$EXE" samples no-such-tune > /dev/null 2>&1; [ $? -eq 1 ] || fail "unknown sample name should exit 1"

# Note counts per track equal mido's, on our files and on files mido wrote (format 0 with several channels,
# format 1), plus any real MIDI files installed on this machine.
if [ -x "$PY" ] && "$PY" -c "import mido" 2> /dev/null; then
  "$PY" - "$TMP" <<'PY'
import mido, sys
d = sys.argv[1]
for kind in (0, 1):
    mid = mido.MidiFile(type=kind, ticks_per_beat=96)
    tracks = [mido.MidiTrack() for _ in range(1 if kind == 0 else 3)]
    mid.tracks.extend(tracks)
    for i, (ch, prog, base) in enumerate([(0, 0, 60), (1, 33, 36), (9, 0, 36)]):
        t = tracks[0 if kind == 0 else i]
        t.append(mido.Message('program_change', channel=ch, program=prog, time=0))
    if kind == 0:
        t = tracks[0]
        for step in range(64):
            for ch, base in [(0, 60), (1, 36), (9, 36)]:
                t.append(mido.Message('note_on', channel=ch, note=base + step % 5, velocity=90, time=0))
            t.append(mido.Message('note_on', channel=0, note=60 + step % 5, velocity=0, time=48))
            t.append(mido.Message('note_off', channel=1, note=36 + step % 5, velocity=0, time=0))
            t.append(mido.Message('note_off', channel=9, note=36 + step % 5, velocity=0, time=0))
    else:
        for i, (ch, base) in enumerate([(0, 60), (1, 36), (9, 36)]):
            for step in range(64):
                tracks[i].append(mido.Message('note_on', channel=ch, note=base + step % 7, velocity=80, time=0))
                tracks[i].append(mido.Message('note_on', channel=ch, note=base + step % 7, velocity=0, time=24 * (1 + i)))
    mid.save(f"{d}/mido-format{kind}.mid")
PY
  files=("$TMP"/*.mid)
  for f in /usr/share/games/openttd/baseset/openmsx/*.mid; do [ -e "$f" ] && files+=("$f"); done
  "$PY" - "$EXE" "${files[@]}" <<'PY' || fail "note counts differ from mido's"
import json, subprocess, sys, mido
exe, bad, checked = sys.argv[1], 0, 0
for path in sys.argv[2:]:
    if '/bad-' in path:
        continue
    want = [sum(1 for m in t if m.type == 'note_on' and m.velocity > 0) for t in mido.MidiFile(path).tracks]
    got = [t['noteCount'] for t in json.loads(subprocess.check_output([exe, 'info', '--json', path]))['tracks']]
    checked += 1
    if got != want:
        bad += 1
        print(f"cli-midi: {path}: ensemble {got} mido {want}", file=sys.stderr)
print(f"cli-midi: note counts equal mido's on {checked - bad} of {checked} files")
sys.exit(1 if bad else 0)
PY
else
  echo "cli-midi: mido not in $PY: note counts not compared with mido"
fi
# Messages: unknown help topics are errors; negative numbers reach the range check; a directory, a missing file
# and a long name are told apart and kept to one short line; -o refuses a device and writes through a symlink.
out=$("$EXE" help bogus 2>&1); [ $? -ne 0 ] || fail "help bogus exited 0"
[[ $out == "ensemble: help: no command 'bogus'; one of: "* ]] || fail "help bogus: $out"
"$EXE" samples ode-to-joy -o "$TMP/ode.mid" > /dev/null || fail "samples -o"
out=$("$EXE" play "$TMP/ode.mid" --tempo -1 2>&1); [ $? -eq 64 ] || fail "--tempo -1 did not exit 64"
[ "$out" = "ensemble: --tempo must be between 0.1 and 8" ] || fail "--tempo -1: $out"
out=$("$EXE" info "$TMP/ode.mid" --bogus 2>&1); [ "$out" = "ensemble: Unknown option '--bogus'" ] || fail "an unknown option: $out"
out=$("$EXE" info "$TMP" 2>&1); [[ $out == "ensemble: $TMP: is a directory, not a MIDI file" ]] || fail "info DIR: $out"
out=$("$EXE" info "$TMP/none.mid" 2>&1); [[ $out == "ensemble: $TMP/none.mid: no such file" ]] || fail "info missing: $out"
out=$("$EXE" soundfont info "$TMP" 2>&1); [[ $out == "ensemble: $TMP: is a directory, not a SoundFont file" ]] || fail "soundfont info DIR: $out"
out=$("$EXE" render "$TMP/ode.mid" -o "$TMP/x.wav" --soundfont "$TMP" 2>&1)
[[ $out == *"ensemble: $TMP: is a directory, not a SoundFont file (from --soundfont)"* ]] || fail "render --soundfont DIR: $out"
long=$(printf 'x%.0s' $(seq 1 5000))
out=$("$EXE" info "$long.mid" 2>&1); [ ${#out} -lt 300 ] || fail "a 5000-character name is echoed whole (${#out} characters)"
out=$("$EXE" samples "$long" 2>&1); [ ${#out} -lt 600 ] || fail "a 5000-character sample name is echoed whole (${#out} characters)"
out=$("$EXE" dataset build "$TMP" -o "$TMP/x.ensds" --seed "$long" 2>&1); [ ${#out} -lt 400 ] || fail "a 5000-character --seed is echoed whole (${#out} characters)"
out=$("$EXE" info $'\e[2J\e[31mred.mid' 2>&1); [[ $out == *"?[2J?[31mred.mid"* && $out != *$'\e'* ]] || fail "control characters in a name reach the terminal: $out"
out=$("$EXE" samples ode-to-joy -o /dev/full 2>&1); [ $? -eq 1 ] || fail "-o /dev/full accepted"
[[ $out == *"is a device"* ]] || fail "-o /dev/full: $out"
[ -c /dev/full ] || fail "/dev/full is no longer a device"
ln -s ode.mid "$TMP/link.mid"
"$EXE" samples greensleeves -o "$TMP/link.mid" > /dev/null || fail "-o through a symlink"
[ -L "$TMP/link.mid" ] || fail "-o replaced the symlink"
"$EXE" info "$TMP/ode.mid" | grep -q "6/8" || fail "-o did not write the symlink's target"
# A SoundFont whose names hold escape sequences: soundfont info prints them as "?", never raw.
python3 - "$TMP/evil.sf2" <<'PY' || fail "could not craft a SoundFont"
import sys
d = bytearray(open("SoundFonts/Ensemble-GM.sf2", "rb").read())
i = d.find(b"phdr"); d[i + 8:i + 14] = b"\x1b[2J\x07X"
j = d.find(b"INAM"); d[j + 8:j + 12] = b"\x1b]0;"
open(sys.argv[1], "wb").write(d)
PY
"$EXE" soundfont info "$TMP/evil.sf2" > "$TMP/sf.txt" || fail "soundfont info on crafted names exited $?"
if grep -q $'\x1b\|\x07' "$TMP/sf.txt"; then fail "soundfont info printed control characters from the file"; fi
grep -q '?\[2J?X' "$TMP/sf.txt" || fail "the crafted preset name is not shown sanitised: $(sed -n 4p "$TMP/sf.txt")"
echo "cli-midi: ok"
