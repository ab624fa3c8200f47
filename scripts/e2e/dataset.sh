#!/usr/bin/env bash
# End-to-end check of `ensemble dataset build` and `dataset info`, run as a user would, against the release build.
# The MIDI files come from `ensemble samples` (melodies alone: skipped), scripts/make-band-midi.py (multi-track
# bands in 4/4, 3/4, 6/8, some format 0) and a corrupt file; the .ensds file is read back by scripts/ensds.py, an
# independent Python reader of docs/dataset-format.md.
set -uo pipefail
cd "$(dirname "$0")/../.."
bin=${ENSEMBLE_BIN:-.build/release/ensemble}
[ -x "$bin" ] || { echo "dataset: $bin is missing (swift build -c release)"; exit 1; }
work=$(mktemp -d)
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
failures=0
fail() { echo "dataset: FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "dataset: ok: $*"; }

# A folder as a user might have it: nested, mixed case, a corrupt file, a text file, a symlink loop, a duplicate link.
data=$work/data
mkdir -p "$data/melodies" "$data/bands/more"
for name in ode-to-joy amazing-grace greensleeves; do
    "$bin" samples "$name" -o "$data/melodies/$name.mid" >/dev/null 2>&1 || fail "ensemble samples $name -o"
done
python3 scripts/make-band-midi.py "$data/bands" 6 --seed=3 || fail "make-band-midi.py"
python3 scripts/make-band-midi.py "$data/bands/more" 3 --seed=4 || fail "make-band-midi.py"
mv "$data/bands/more/band0001-3-4.mid" "$data/bands/more/LOUD.MIDI"
printf 'MThd\0\0\0\6\0\1\0\2\1\340MTrk\0\0\1\0garbage' >"$data/broken.mid"
echo "not music" >"$data/README.txt"
ln -s .. "$data/bands/more/loop"
ln -s ../band0000-4-4.mid "$data/bands/more/same-song.mid"
used=9; seen=13   # 9 bands; 3 melodies + the corrupt file skipped; the linked duplicate counted once

out=$work/band.ensds
if "$bin" dataset build "$data" -o "$out" --validation 0.2 --seed 5 >"$work/summary" 2>"$work/err"; then
    ok "build: $(tail -1 "$work/summary")"
else
    fail "build exited with status $?: $(cat "$work/err")"
fi
[ ! -s "$work/err" ] || fail "build wrote to stderr (not a terminal, so no progress bar expected): $(cat "$work/err")"
expect_summary() { grep -q -- "$1" "$work/summary" && ok "summary: $(grep -m1 -- "$1" "$work/summary" | sed 's/  */ /g')" || fail "summary lacks '$1':
$(cat "$work/summary")"; }
expect_summary "Files     $seen MIDI files: $used used, 4 skipped"
expect_summary "3 no accompaniment: melodies/amazing-grace.mid (only a melody track)"
expect_summary "1 not a readable MIDI file: broken.mid"
expect_summary "Pieces    7 train, 2 validation (split by file, seed 5)"
expect_summary "Windows   [0-9]* train, [0-9]* validation: 64 steps"
expect_summary "drums   100% of files"
expect_summary "Meters    .*3/4 3.*"
expect_summary "6/8 3"

# info (text and JSON) agrees with the build and with the independent Python reader.
"$bin" dataset info "$out" >"$work/info" 2>"$work/err" || fail "info exited with status $?: $(cat "$work/err")"
hash=$(sed -n 's/^Dataset .*(hash \([0-9a-f]*\)).*/\1/p' "$work/summary")
grep -q "hash $hash" "$work/info" && ok "info shows hash $hash" || fail "info: $(cat "$work/info")"
"$bin" dataset info "$out" --json >"$work/info.json" 2>"$work/err" || fail "info --json exited with status $?"
python3 - "$work/info.json" "$out" "$hash" <<'PY' || fail "info --json and scripts/ensds.py disagree"
import json, sys
sys.path.insert(0, "scripts")
import ensds
info = json.load(open(sys.argv[1]))
d = ensds.read(sys.argv[2])
assert info["contentHash"] == d["hash"] == sys.argv[3], (info["contentHash"], d["hash"], sys.argv[3])
s = info["summary"]
assert s["trainWindows"] == len(d["windows"]["train"]) and s["validationWindows"] == len(d["windows"]["validation"])
names = [p["name"] for p in d["pieces"]]
assert "bands/more/LOUD.MIDI" in names, names
assert not any("loop" in n for n in names), names
train = {i for i, _ in d["windows"]["train"]}; validation = {i for i, _ in d["windows"]["validation"]}
assert not train & validation and all(d["pieces"][i]["validation"] for i in validation)
for i, start in d["windows"]["train"] + d["windows"]["validation"]:
    assert start in d["pieces"][i]["bars"], (i, start)
print(f"dataset: ok: info --json matches the Python reader: {len(names)} pieces, {s['trainWindows']} train windows, hash {d['hash']}")
PY

# Same input, same bytes.
mkdir "$work/again"
"$bin" dataset build "$data" -o "$work/again/band.ensds" --validation 0.2 --seed 5 >/dev/null 2>&1
cmp -s "$out" "$work/again/band.ensds" && ok "a rebuild is byte-identical" || fail "a rebuild differs"

# Errors: one line on stderr, exit status 1, nothing written.
expect_error() {  # description pattern command...
    local description=$1 pattern=$2; shift 2
    "$@" >/dev/null 2>"$work/err"
    local status=$?
    if [ "$status" = 1 ] && [ "$(wc -l <"$work/err")" = 1 ] && grep -q -- "$pattern" "$work/err"; then ok "$description: $(cat "$work/err")"
    else fail "$description: status $status, stderr: $(cat "$work/err")"; fi
}
size=$(stat -c %s "$out")
head -c $((size - 100)) "$out" >"$work/truncated.ensds"
head -c 40 "$out" >"$work/stub.ensds"
cp "$out" "$work/flipped.ensds"
printf '\x55' | dd of="$work/flipped.ensds" bs=1 seek=$((size / 2)) conv=notrunc status=none
expect_error "truncated dataset" "truncated" "$bin" dataset info "$work/truncated.ensds"
expect_error "a 40-byte stub" "truncated" "$bin" dataset info "$work/stub.ensds"
expect_error "a flipped byte" "checksum" "$bin" dataset info "$work/flipped.ensds"
expect_error "a MIDI file as a dataset" "not an Ensemble dataset" "$bin" dataset info "$data/bands/band0000-4-4.mid"
expect_error "missing dataset" "no-such.ensds" "$bin" dataset info "$work/no-such.ensds"
expect_error "zero bars" "--bars must be 1...16 (got 0)" "$bin" dataset build "$data" -o "$work/x.ensds" --bars 0
expect_error "negative hop" "--hop must be 1...64" "$bin" dataset build "$data" -o "$work/x.ensds" --hop -2
expect_error "unknown meter" "unknown meter '5/3'" "$bin" dataset build "$data" -o "$work/x.ensds" --meters 4/4,5/3
expect_error "validation share" "--validation must be 0...0.5" "$bin" dataset build "$data" -o "$work/x.ensds" --validation 0.9
expect_error "not .ensds" "end in .ensds" "$bin" dataset build "$data" -o "$work/x.txt"
expect_error "missing folder" "No such file or directory" "$bin" dataset build "$work/nowhere" -o "$work/x.ensds"
expect_error "nothing usable" "no usable MIDI file among 4 (3 no accompaniment, 1 not a readable MIDI file)" \
    "$bin" dataset build "$data/melodies" "$data/broken.mid" -o "$work/x.ensds"
[ ! -e "$work/x.ensds" ] || fail "a failed build left a dataset file behind"
ls "$work" | grep -q '\.tmp-' && fail "a temporary file was left behind"

# An unreadable file is skipped with the reason (root reads everything, so only as a normal user).
if [ "$(id -u)" != 0 ]; then
    cp "$data/bands/band0000-4-4.mid" "$data/secret.mid"; chmod 000 "$data/secret.mid"
    "$bin" dataset build "$data" -o "$work/x.ensds" >"$work/summary" 2>&1
    grep -q "cannot be read: secret.mid" "$work/summary" && ok "unreadable file skipped" || fail "unreadable file: $(cat "$work/summary")"
    chmod 644 "$data/secret.mid"
fi

[ "$failures" = 0 ]
