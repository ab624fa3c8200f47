#!/usr/bin/env bash
# End-to-end check of `ensemble render` and `ensemble play`, run as a user would, against the release build.
# The MIDI files are written here by Python (standard library only) and by `ensemble samples`; the WAVs are
# measured by Python's own wave module (and numpy for pitch, when the project venv has it), not by Ensemble.
set -uo pipefail
cd "$(dirname "$0")/../.."
bin=${ENSEMBLE_BIN:-.build/release/ensemble}
[ -x "$bin" ] || { echo "audio-render: $bin is missing (swift build -c release)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "audio-render: FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "audio-render: ok: $*"; }
python=python3
if [ -x .venv/bin/python ] && .venv/bin/python -c 'import numpy' 2>/dev/null; then python=.venv/bin/python; fi

# A four-track, four-bar song (flute melody, bass, piano chords, drums) at 100 bpm, and a one-note file.
PYTHONPATH=scripts/e2e "$python" - "$work" <<'PY'
import sys
from smf import notes, smf
out = sys.argv[1]
tempo = [(0, b"\xff\x51\x03" + (600000).to_bytes(3, "big")), (0, b"\xff\x58\x04\x04\x02\x18\x08")]
melody = [(0, b"\xc0\x49")] + notes(0, [(i * 240, 220, [72, 74, 76, 79, 81, 79, 76, 74][i % 8], 96) for i in range(32)])
bass = [(0, b"\xc1\x21")] + notes(1, [(i * 480, 460, [36, 41, 43, 36][i // 4 % 4], 100) for i in range(16)])
chords = [(0, b"\xc2\x00")] + notes(2, [(b * 1920, 1900, p, 70) for b in range(4) for p in ([60, 64, 67], [65, 69, 72], [67, 71, 74], [60, 64, 67])[b]])
drums = notes(9, [(i * 480, 120, 36 if i % 2 == 0 else 38, 110) for i in range(16)] + [(i * 240, 100, 42, 70) for i in range(32)])
open(f"{out}/band.mid", "wb").write(smf([tempo, melody, bass, chords, drums]))
# 4 bars at 100 bpm: the last note (bass) ends at tick 15*480+460 = 7660 -> 9.575 s
open(f"{out}/band.expect", "w").write("9.575")
one = [(0, b"\xc0\x00")] + notes(0, [(0, 960, 69, 100)])  # A4, one second at 120 bpm
open(f"{out}/a4.mid", "wb").write(smf([[(0, b"\xff\x51\x03" + (500000).to_bytes(3, "big"))], one]))
PY

# Measures a WAV: prints "seconds rate channels peak_dbfs rms clipped", and with numpy the main frequency of a window.
measure() {
    "$python" - "$@" <<'PY'
import math, sys, wave, array
path = sys.argv[1]
with wave.open(path) as w:
    rate, channels, width, frames = w.getframerate(), w.getnchannels(), w.getsampwidth(), w.getnframes()
    raw = w.readframes(frames)
assert width == 2, f"expected 16-bit, got {8 * width}"
samples = array.array("h"); samples.frombytes(raw)
peak = max(abs(s) for s in samples) / 32768
rms = math.sqrt(sum(s * s for s in samples) / max(1, len(samples))) / 32768
clipped = sum(1 for s in samples if s >= 32767 or s <= -32768)
result = f"{frames / rate:.3f} {rate} {channels} {20 * math.log10(peak) if peak else -999:.2f} {rms:.4f} {clipped}"
if len(sys.argv) > 2:
    try:
        import numpy as np
        mono = np.frombuffer(raw, dtype="<i2").reshape(-1, channels).mean(axis=1)
        start, length = int(0.1 * rate), int(0.8 * rate)
        x = mono[start:start + length] * np.hanning(length)
        spectrum = np.abs(np.fft.rfft(x, 1 << 18))
        k = int(np.argmax(spectrum[1:])) + 1
        a, b, c = np.log(spectrum[k - 1:k + 2] + 1e-12)
        result += f" {(k + 0.5 * (a - c) / (a - 2 * b + c)) * rate / (1 << 18):.2f}"
    except ImportError:
        result += " nan"
print(result)
PY
}

check_render() {  # name wav expected_seconds expected_rate
    read -r seconds rate channels peak rms clipped < <(measure "$2")
    local expected=$3
    "$python" -c "import sys; sys.exit(0 if abs($seconds - $expected) < 0.05 else 1)" || fail "$1: lasts $seconds s, expected $expected s"
    [ "$rate" = "$4" ] || fail "$1: sample rate $rate, expected $4"
    [ "$channels" = 2 ] || fail "$1: $channels channels, expected stereo"
    "$python" -c "import sys; sys.exit(0 if -1.3 < $peak <= -0.7 else 1)" || fail "$1: peak $peak dBFS, expected about -1"
    "$python" -c "import sys; sys.exit(0 if $rms > 0.01 else 1)" || fail "$1: silent (rms $rms)"
    [ "$clipped" = 0 ] || fail "$1: $clipped clipped samples"
    ok "$1: $seconds s, $rate Hz, peak $peak dBFS, rms $rms"
}

expect=$(cat "$work/band.expect")
# Default SoundFont look-up (a system GM SoundFont, or the project's own).
if "$bin" render "$work/band.mid" -o "$work/band.wav" 2>"$work/err" >"$work/out"; then
    grep -q '^soundfont: ' "$work/err" || fail "render did not say which SoundFont it used"
    check_render "render (default SoundFont: $(sed -n 's/^soundfont: //p' "$work/err"))" "$work/band.wav" "$("$python" -c "print($expect + 2)")" 44100
else
    fail "render exited with status $?: $(cat "$work/err")"
fi
# The project's own SoundFont, at 22.05 kHz with a 1 s tail.
if [ -f SoundFonts/Ensemble-GM.sf2 ]; then
    if "$bin" render "$work/band.mid" -o "$work/own.wav" --soundfont SoundFonts/Ensemble-GM.sf2 --rate 22050 --tail 1 2>"$work/err" >/dev/null; then
        check_render "render (Ensemble-GM.sf2, 22.05 kHz)" "$work/own.wav" "$("$python" -c "print($expect + 1)")" 22050
    else
        fail "render with Ensemble-GM.sf2 exited with status $?: $(cat "$work/err")"
    fi
fi
# FluidR3 when installed, and the pitch of a single A4.
for font in /usr/share/sounds/sf2/FluidR3_GM.sf2 SoundFonts/Ensemble-GM.sf2; do
    [ -f "$font" ] || continue
    if "$bin" render "$work/a4.mid" -o "$work/a4.wav" --soundfont "$font" 2>"$work/err" >/dev/null; then
        read -r seconds rate channels peak rms clipped hz < <(measure "$work/a4.wav" pitch)
        if [ "$hz" = nan ]; then ok "A4 via $font: $seconds s (no numpy: pitch not measured)"
        elif "$python" -c "import math, sys; sys.exit(0 if abs(1200 * math.log2($hz / 440)) < 10 else 1)"; then ok "A4 via $font sounds at $hz Hz"
        else fail "A4 via $font sounds at $hz Hz"; fi
    else
        fail "render with $font exited with status $?"
    fi
done
# A long render streams to disk: a 10-minute song at 96 kHz, 24-bit (345 MB of WAV) peaks under 100 MB of memory
# (the render's own; the project SoundFont is small), and the WAV's header and size say the same length.
"$python" - "$work/long.mid" <<'PY'
import sys
def vlq(n):
    b = [n & 0x7f]; n >>= 7
    while n: b.insert(0, (n & 0x7f) | 0x80); n >>= 7
    return bytes(b)
events = b"\x00\xff\x51\x03" + (500000).to_bytes(3, "big")
for i in range(1200):  # 1200 quarter notes at 120 bpm: 10 minutes
    events += vlq(0) + bytes([0x90, 60 + i % 12, 90]) + vlq(480) + bytes([0x80, 60 + i % 12, 0])
events += b"\x00\xff\x2f\x00"
open(sys.argv[1], "wb").write(b"MThd" + (6).to_bytes(4, "big") + bytes([0, 0, 0, 1, 1, 0xe0]) + b"MTrk"
                              + len(events).to_bytes(4, "big") + events)
PY
if result=$("$python" - "$bin" "$work/long.mid" "$work/long.wav" <<'PY'
import resource, subprocess, sys, wave, os
bin, song, out = sys.argv[1:4]
r = subprocess.run([bin, "render", song, "-o", out, "--rate", "96000", "--bits", "24", "--tail", "0",
                    "--soundfont", "SoundFonts/Ensemble-GM.sf2"], capture_output=True, text=True)
if r.returncode != 0: sys.exit(f"render failed: {r.stderr.strip()}")
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
with wave.open(out) as w: frames, rate, width = w.getnframes(), w.getframerate(), w.getsampwidth()
if abs(frames / rate - 600) > 1: sys.exit(f"{frames / rate:.1f} s written, expected 600")
if os.path.getsize(out) != 44 + frames * 2 * width: sys.exit("the file's size does not match its header")
if peak > 100: sys.exit(f"peak memory {peak:.0f} MB (over 100 MB)")
print(f"{frames / rate:.0f} s at {rate} Hz, {width * 8}-bit, {os.path.getsize(out) / 1e6:.0f} MB, peak memory {peak:.0f} MB")
PY
); then ok "long render: $result"; else fail "long render: $result"; fi
rm -f "$work/long.wav"

# A sample melody written by `ensemble samples`, when that command can write one.
if "$bin" samples ode-to-joy -o "$work/ode.mid" >/dev/null 2>&1; then
    "$bin" render "$work/ode.mid" -o "$work/ode.wav" 2>/dev/null >/dev/null && [ -s "$work/ode.wav" ] \
        && ok "render of 'ensemble samples ode-to-joy'" || fail "render of the ode-to-joy sample"
fi

# Errors: one line on stderr, exit status 1.
expect_error() {  # description pattern command...
    local description=$1 pattern=$2; shift 2
    "$@" >/dev/null 2>"$work/err"
    local status=$?
    local lines; lines=$(grep -vc '^soundfont: ' "$work/err")
    if [ "$status" = 1 ] && [ "$lines" = 1 ] && grep -q -- "$pattern" "$work/err"; then ok "$description: $(grep -v '^soundfont: ' "$work/err")"
    else fail "$description: status $status, stderr: $(cat "$work/err")"; fi
}
printf 'not a soundfont' >"$work/corrupt.sf2"
head -c 4000 /usr/share/sounds/sf2/TimGM6mb.sf2 >"$work/truncated.sf2" 2>/dev/null || printf 'RIFF\x10\0\0\0sfbkLIST' >"$work/truncated.sf2"
printf 'MThd' >"$work/bad.mid"
expect_error "missing SoundFont" "no such" "$bin" render "$work/band.mid" -o "$work/x.wav" --soundfont "$work/none.sf2"
expect_error "corrupt SoundFont" "not a SoundFont" "$bin" render "$work/band.mid" -o "$work/x.wav" --soundfont "$work/corrupt.sf2"
expect_error "truncated SoundFont" "damaged or truncated" "$bin" render "$work/band.mid" -o "$work/x.wav" --soundfont "$work/truncated.sf2"
expect_error "missing SoundFont in ENSEMBLE_SOUNDFONT" "ENSEMBLE_SOUNDFONT" env ENSEMBLE_SOUNDFONT="$work/none.sf2" "$bin" render "$work/band.mid" -o "$work/x.wav"
expect_error "corrupt MIDI file" "bad.mid" "$bin" render "$work/bad.mid" -o "$work/x.wav"
expect_error "missing MIDI file" "no such file" "$bin" render "$work/nothing.mid" -o "$work/x.wav"
expect_error "play with a corrupt SoundFont" "not a SoundFont" "$bin" play "$work/band.mid" --soundfont "$work/corrupt.sf2"
[ ! -e "$work/x.wav" ] || fail "a failed render left an output file behind"

# Playback runs to the end in real time (on the silent clock when there is no sound card) and exits 0.
start=$(date +%s.%N)
if timeout 30 "$bin" play "$work/a4.mid" >"$work/out" 2>"$work/err"; then
    elapsed=$("$python" -c "print(f'{$(date +%s.%N) - $start:.2f}')")
    grep -q "finished" "$work/out" || fail "play did not report the end: $(cat "$work/out")"
    # One second of music plus ~1.5 s of ring-out: played in real time, not rushed through (a slow machine
    # may take longer; the 30 s timeout above is what catches a hang).
    "$python" -c "import sys; sys.exit(0 if $elapsed > 2.0 else 1)" || fail "play took only $elapsed s for a 1 s song"
    ok "play ran to the end in $elapsed s ($(grep -v '^soundfont' "$work/err" | head -1))"
else
    fail "play exited with status $?: $(cat "$work/err")"
fi
# Ctrl-C stops cleanly: exit status 130 and a final line saying where it stopped. One signal, from kill (`timeout`
# signals twice, and a second signal means "stop now": the final line raced it).
ENSEMBLE_AUDIO_DRIVER=silent "$bin" play "$work/band.mid" >"$work/out" 2>"$work/err" &
pid=$!
sleep 2
kill -s INT "$pid"
wait "$pid"
status=$?
if [ "$status" = 130 ] && grep -q "stopped at bar 1:" "$work/out"; then ok "Ctrl-C: $(tail -1 "$work/out")"
else fail "Ctrl-C: status $status, output: $(cat "$work/out") $(cat "$work/err")"; fi
# SIGTERM, SIGHUP and Ctrl-\ (SIGQUIT) stop as cleanly, exiting 128 + n; SIGQUIT starts no crash backtracer.
for sig in TERM:143 HUP:129 QUIT:131; do
  # One signal to the process (`timeout` would signal it twice: directly and through its process group, and a
  # second signal means "stop now").
  ENSEMBLE_AUDIO_DRIVER=silent "$bin" play "$work/band.mid" >"$work/out" 2>"$work/err" &
  pid=$!
  sleep 2
  kill -s "${sig%:*}" "$pid"
  wait "$pid"
  status=$?
  if [ "$status" = "${sig#*:}" ] && grep -q "stopped at bar 1:" "$work/out" && ! grep -qi "crashed\|backtrace" "$work/err"; then
    ok "SIG${sig%:*}: exit $status, $(tail -1 "$work/out")"
  else fail "SIG${sig%:*}: status $status (expected ${sig#*:}), stdout: [$(cat "$work/out")] stderr: [$(cat "$work/err")]"; fi
done
# A crash (here a SIGSEGV sent from outside) says in one line that it is a bug, prints the backtrace and never
# waits for a key, even on a terminal (tmux).
if command -v tmux >/dev/null; then
  session="ensemble-crash-$$"
  tmux new-session -d -s "$session" -x 150 -y 50 "ENSEMBLE_AUDIO_DRIVER=silent '$bin' play '$work/band.mid' 2>'$work/crash.err'; echo EXIT=\$? >'$work/crash.status'; sleep 30"
  sleep 2
  kill -SEGV "$(pgrep -n -f "$bin play $work/band.mid")"
  for _ in $(seq 50); do [ -s "$work/crash.status" ] && break; sleep 0.2; done
  tmux kill-session -t "$session" 2>/dev/null
  if grep -q "EXIT=139" "$work/crash.status" 2>/dev/null && grep -q "ensemble: crashed: this is a bug" "$work/crash.err" \
      && grep -q "Program crashed" "$work/crash.err" && ! grep -q "Press space" "$work/crash.err"; then
    ok "a crash on a terminal: one line, the backtrace, no interactive wait (exit 139)"
  else fail "crash on a terminal: status [$(cat "$work/crash.status" 2>/dev/null)] stderr: [$(head -5 "$work/crash.err")]"; fi
fi

[ "$failures" = 0 ]
