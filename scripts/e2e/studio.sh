#!/usr/bin/env bash
# End-to-end check of the studio in tmux on the silent audio clock: open, record a melody from the keys with
# the count-in, generate (with no model it must say so plainly; with one — `ensemble models` lists it — a take
# must appear), switch genre, export MIDI through the prompt's default, quit; then the exported file is read back
# with `ensemble info` and the terminal must be restored. Also: kill -9 mid-recording leaves an autosave that the
# next start offers to restore; SIGTERM mid-recording saves the notes and exits 143, SIGHUP 129, the terminal restored.
set -uo pipefail
cd "$(dirname "$0")/../.."
EXE=$(realpath "${ENSEMBLE:-.build/release/ensemble}")
TMP=$(mktemp -d)
SESSION="ensemble-e2e-$$"
trap 'tmux kill-session -t "$SESSION" 2>/dev/null; rm -rf "$TMP"' EXIT
fail() { echo "studio: FAIL: $*" >&2; echo "--- screen ---" >&2; tmux capture-pane -p -t "$SESSION" >&2 2>/dev/null; exit 1; }
[ -x "$EXE" ] || fail "$EXE not built (make release)"
command -v tmux > /dev/null || fail "tmux is not installed"
export XDG_STATE_HOME="$TMP/state" ENSEMBLE_AUDIO_DRIVER=silent

screen() { tmux capture-pane -p -t "$SESSION"; }
# wait_for TEXT [SECONDS]: until the screen shows TEXT.
wait_for() {
  local deadline=$((SECONDS + ${2:-10}))
  until screen | grep -qF -- "$1"; do [ $SECONDS -lt $deadline ] || fail "never showed: $1"; sleep 0.2; done
}
start() { # start WIDTH HEIGHT [ARGS]
  tmux kill-session -t "$SESSION" 2>/dev/null
  tmux new-session -d -s "$SESSION" -x "$1" -y "$2" \
    "cd '$TMP' && stty sane; '$EXE' ${3:-}; echo \"EXIT=\$?\"; stty -a | tr -s ' ;' '\n' | grep -E '^-?(icanon|echo)\$' | tr '\n' ' '; echo; sleep 60"
  wait_for "ENSEMBLE"
}

# 1. Open at 80x24, record a melody from the keys.
start 80 24
screen | grep -q "MIDI" || fail "no MIDI status in the header"
tmux send-keys -t "$SESSION" C-r
wait_for "RECORDING" 6
for k in z x c v b n m ,; do tmux send-keys -t "$SESSION" "$k"; sleep 0.2; done
sleep 0.6
tmux send-keys -t "$SESSION" C-r
wait_for "recorded 8 notes"
screen | grep -q "#==" || fail "recorded notes not drawn in the piano roll"

# 2. Generate: a take when a model exists (the shipped ones in Models/), else the plain message.
TAKE=0
if "$EXE" models 2>/dev/null | grep -qi "rock"; then
  tmux send-keys -t "$SESSION" C-g
  wait_for "take 1" 120
  TAKE=1
else
  tmux send-keys -t "$SESSION" C-g
  wait_for "no model for rock (MuseGAN) yet"
fi

# 3. Switch genre: with a model the band is regenerated in the new genre (take 2); wait for it, so its status
#    line does not replace the export's.
tmux send-keys -t "$SESSION" Tab
wait_for "pop"
[ "$TAKE" = 1 ] && wait_for "take 2: pop" 120

# 4. Export MIDI: Enter accepts the default name in the current directory.
tmux send-keys -t "$SESSION" C-e
wait_for "Export to"
tmux send-keys -t "$SESSION" Enter
wait_for "exported untitled.mid"

# 5. Help opens and closes; quit restores the terminal.
tmux send-keys -t "$SESSION" F1
wait_for "Ensemble keys"
tmux send-keys -t "$SESSION" Escape
sleep 0.3
tmux send-keys -t "$SESSION" C-q
wait_for "EXIT=0"
screen | grep -q "icanon echo" || fail "terminal not restored (expected icanon and echo back on)"
"$EXE" info "$TMP/untitled.mid" > "$TMP/info.txt" || fail "ensemble info could not read the export"
grep -q "^Format    1" "$TMP/info.txt" || fail "export is not a type-1 MIDI file: $(head -3 "$TMP/info.txt")"
if [ "$TAKE" = 1 ]; then
  # The recorded melody (8 notes) and the band's tracks beside it.
  "$EXE" info --json "$TMP/untitled.mid" | python3 -c '
import json, sys
tracks = [t for t in json.load(sys.stdin)["tracks"] if t["noteCount"] > 0]
sys.exit(0 if tracks and tracks[0]["noteCount"] == 8 and len(tracks) >= 2 else 1)' \
    || fail "export lacks the melody of 8 notes with the band: $(cat "$TMP/info.txt")"
else
  grep -q ", 8 notes" "$TMP/info.txt" || fail "export lacks the 8 recorded notes: $(cat "$TMP/info.txt")"
fi

# 6. The session quit with unsaved work is offered back; decline it. Then kill -9 mid-recording and reopen:
#    the autosave is offered and holds the notes.
start 200 60
wait_for "Restore the session autosaved"
tmux send-keys -t "$SESSION" n
wait_for "started a new session"
tmux send-keys -t "$SESSION" C-r
wait_for "RECORDING" 6
for k in q w e r; do tmux send-keys -t "$SESSION" "$k"; sleep 0.3; done
sleep 3.5 # longer than the autosave interval
pid=$(pgrep -n -f "^$EXE\$") || fail "studio process not found"
kill -9 "$pid"
wait_for "EXIT=137"
start 200 60
wait_for "Restore the session autosaved"
before=$(screen | grep -oE '[0-9]+ notes' | head -1 | grep -oE '[0-9]+')
tmux send-keys -t "$SESSION" y
wait_for "restored the autosaved session"
screen | grep -q "#" || fail "restored session shows no recorded notes"

# 7. SIGTERM mid-recording, sooner than the autosave interval: the notes just played are saved on the way out,
#    exit 143, terminal restored; the next start offers them back. SIGHUP (the terminal closed) exits 129.
tmux send-keys -t "$SESSION" C-r
wait_for "RECORDING" 6
for k in z x c; do tmux send-keys -t "$SESSION" "$k"; sleep 0.2; done
pid=$(pgrep -n -f "^$EXE\$") || fail "studio process not found"
kill -TERM "$pid"
wait_for "EXIT=143"
screen | grep -q "icanon echo" || fail "terminal not restored after SIGTERM"
start 200 60
wait_for "Restore the session autosaved"
after=$(screen | grep -oE '[0-9]+ notes' | head -1 | grep -oE '[0-9]+')
[ -n "$before" ] && [ -n "$after" ] && [ "$after" -ge $((before + 3)) ] || fail "the notes recorded before SIGTERM were not saved ($before → $after notes)"
pid=$(pgrep -n -f "^$EXE\$") || fail "studio process not found"
kill -HUP "$pid"
wait_for "EXIT=129"
screen | grep -q "icanon echo" || fail "terminal not restored after SIGHUP"

# 8. A crash (SIGSEGV from outside): the terminal is restored, one line says where the report is, and the
#    backtrace is in the studio log (no interactive backtracer holding the terminal).
start 100 30
pid=$(pgrep -n -f "^$EXE\$") || fail "studio process not found"
kill -SEGV "$pid"
wait_for "EXIT=139"
screen | grep -q "icanon echo" || fail "terminal not restored after a crash"
screen | grep -q "crashed: this is a bug; the report is in" || fail "no crash notice on the terminal"
grep -q "Program crashed" "$XDG_STATE_HOME/ensemble/studio.log" || fail "no backtrace in the studio log"
echo "studio: ok"
