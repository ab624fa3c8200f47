#!/usr/bin/env python3
"""Measure a SoundFont through the real FluidSynth CLI: what SoundFontMaker's author "listens" with.

    python3 SoundFonts/listen.py pitch  SoundFonts/Ensemble-GM.sf2 [PROGRAMS] [KEYS]
    python3 SoundFonts/listen.py timbre SoundFonts/Ensemble-GM.sf2 [PROGRAMS] [KEY]
    python3 SoundFonts/listen.py drums  SoundFonts/Ensemble-GM.sf2
    python3 SoundFonts/listen.py chords SoundFonts/Ensemble-GM.sf2

Run the same command on another bank (/usr/share/sounds/sf2/TimGM6mb.sf2) to compare. Needs numpy, scipy and
the fluidsynth program. Renders at 44.1 kHz with FluidSynth's default gain (0.2), effects off except `chords`.
"""
import os, struct, subprocess, sys, tempfile
import numpy as np
from scipy.io import wavfile


def vlq(n):
    out = [n & 0x7F]
    n >>= 7
    while n:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    return bytes(reversed(out))


def smf(events, tpq=480):
    """A format-0 MIDI file from (tick, bytes) events; at the default 120 bpm one second is 960 ticks."""
    data, last = b'', 0
    for t, ev in sorted(events, key=lambda e: e[0]):
        data += vlq(t - last) + ev
        last = t
    data += vlq(0) + b'\xff\x2f\x00'
    return b'MThd' + struct.pack('>IHHH', 6, 0, 1, tpq) + b'MTrk' + struct.pack('>I', len(data)) + data


def notes(program, keys, vel=100, dur=1.0, gap=0.6, drums=False):
    """One note (or chord) after another; returns the file and each note's start in seconds."""
    ch = 9 if drums else 0
    ev, t, starts = [(0, bytes([0xC0 | ch, program]))], 0, []
    for k in keys:
        for kk in (k if isinstance(k, (list, tuple)) else [k]):
            ev += [(t, bytes([0x90 | ch, kk, vel])), (t + int(dur * 960), bytes([0x80 | ch, kk, 0]))]
        starts.append(t / 960)
        t += int((dur + gap) * 960)
    ev.append((t + 960, bytes([0xB0 | ch, 7, 100])))
    return smf(ev), starts


def render(sf2, mid, effects=False, stereo=False):
    with tempfile.TemporaryDirectory() as d:
        m, w = os.path.join(d, 'a.mid'), os.path.join(d, 'a.wav')
        open(m, 'wb').write(mid)
        cmd = ['fluidsynth', '-ni', '-q', '-r', '44100', '-F', w, '-T', 'wav']
        cmd += [] if effects else ['-R', '0', '-C', '0']
        subprocess.run(cmd + [sf2, m], capture_output=True, check=True)
        r, x = wavfile.read(w)
    x = x.astype(np.float64) / 32768
    return r, (x if stereo or x.ndim == 1 else x.mean(axis=1))


def hz(key):
    return 440 * 2 ** ((key - 69) / 12)


def db(v):
    return 20 * np.log10(v + 1e-12)


def rms(x):
    return np.sqrt(np.mean(x ** 2)) if len(x) else 0


def pitch_cents(x, r, expect):
    """The strongest peak within ±1.5 semitones of `expect`, refined by parabolic interpolation."""
    size = 1 << int(np.ceil(np.log2(len(x) * 8)))
    sp = np.abs(np.fft.rfft(x * np.hanning(len(x)), size))
    fr = np.fft.rfftfreq(size, 1 / r)
    band = (fr > expect * 2 ** (-1.5 / 12)) & (fr < expect * 2 ** (1.5 / 12))
    i = int(np.argmax(np.where(band, sp, 0)))
    a, b, c = np.log(sp[i - 1:i + 2] + 1e-12)
    f = fr[i] + 0.5 * (a - c) / (a - 2 * b + c + 1e-12) * (fr[1] - fr[0])
    return 1200 * np.log2(f / expect)


def centroid(x, r):
    sp = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    fr = np.fft.rfftfreq(len(x), 1 / r)
    return np.sum(sp * fr) / (np.sum(sp) + 1e-12)


def cmd_pitch(sf2, programs, keys):
    """Per program and key: pitch error of the fundamental (cents), RMS and peak of the first second."""
    for p in programs:
        mid, starts = notes(p, keys)
        r, x = render(sf2, mid)
        cells = []
        for k, s in zip(keys, starts):
            c = pitch_cents(x[int((s + .25) * r):int((s + .95) * r)], r, hz(k))
            whole = x[int(s * r):int((s + 1) * r)]
            cells.append(f'{k}:{c:+6.1f}c {db(rms(whole)):5.1f}dB')
        print(f'{p:3d} ' + ' | '.join(cells))


def cmd_timbre(sf2, programs, key):
    """Level over time (attack, body, sustain, after release) and spectral centroid early and late."""
    for p in programs:
        mid, _ = notes(p, [key], dur=1.5, gap=0.8)
        r, x = render(sf2, mid)
        lv = [db(rms(x[int(a * r):int(b * r)])) for a, b in [(0, .05), (.05, .2), (.3, .5), (1, 1.4), (1.6, 1.9)]]
        c1, c2 = centroid(x[int(.02 * r):int(.12 * r)], r), centroid(x[int(.9 * r):int(1.4 * r)], r)
        print(f'{p:3d} levels ' + ' '.join(f'{v:6.1f}' for v in lv) + f' | centroid {c1:6.0f} {c2:6.0f} Hz')


def cmd_drums(sf2):
    """Every kit key: peak, RMS of the first 300 ms, time to fall 40 dB, spectral centroid."""
    keys = list(range(27, 88))
    mid, starts = notes(0, keys, dur=0.1, gap=1.4, drums=True)
    r, x = render(sf2, mid)
    for k, s in zip(keys, starts):
        seg = x[int(s * r):int((s + 1.4) * r)]
        smooth = np.convolve(np.abs(seg), np.ones(int(.02 * r)) / int(.02 * r), 'same')
        above = np.where(smooth > smooth.max() * 0.01)[0]
        print(f'{k}: peak {db(np.abs(seg).max()):6.1f} rms {db(rms(seg[:int(.3 * r)])):6.1f} '
              f'-40dB at {above[-1] / r if len(above) else 0:4.2f}s centroid {centroid(seg[:int(.3 * r)], r):6.0f}Hz')


def cmd_chords(sf2):
    """Peak of a 7-note chord at velocity 127 for every program, effects on: where clipping would start."""
    peaks = []
    for p in range(128):
        mid, _ = notes(p, [[36, 48, 55, 60, 64, 67, 72]], vel=127, dur=2, gap=0)
        r, x = render(sf2, mid, effects=True, stereo=True)
        peaks.append((db(np.abs(x).max()), p))
    peaks.sort(reverse=True)
    print('loudest:', ', '.join(f'program {p}: {v:.1f} dBFS' for v, p in peaks[:8]))
    print(f'median peak {np.median([v for v, _ in peaks]):.1f} dBFS')


if __name__ == '__main__':
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    what, sf2 = sys.argv[1], sys.argv[2]
    programs = [int(a) for a in sys.argv[3].split(',')] if len(sys.argv) > 3 else list(range(128))
    if what == 'pitch':
        keys = [int(a) for a in sys.argv[4].split(',')] if len(sys.argv) > 4 else [36, 48, 60, 72, 84]
        cmd_pitch(sf2, programs, keys)
    elif what == 'timbre':
        cmd_timbre(sf2, programs, int(sys.argv[4]) if len(sys.argv) > 4 else 60)
    elif what == 'drums':
        cmd_drums(sf2)
    elif what == 'chords':
        cmd_chords(sf2)
    else:
        sys.exit(__doc__)
