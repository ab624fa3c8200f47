// alsa-lib for Swift. alsa-lib prints errors to stderr by default, which would ruin a curses screen:
// the handler it takes is variadic, which Swift cannot build, so it is defined here.
#ifndef ENSEMBLE_CALSA_SHIM_H
#define ENSEMBLE_CALSA_SHIM_H
#include <alsa/asoundlib.h>

static inline void ens_alsa_silent_handler(const char *file, int line, const char *function, int err,
                                           const char *fmt, ...) {
    (void)file; (void)line; (void)function; (void)err; (void)fmt;
}

/// Install the silent error handler; call before any other alsa-lib function.
static inline void ens_alsa_silence_errors(void) { snd_lib_error_set_handler(ens_alsa_silent_handler); }

// Sequencer helpers for MIDI input: capability and type bits are macros, and event data is a union.
static inline unsigned int ens_seq_cap_read_subs(void) { return SND_SEQ_PORT_CAP_READ | SND_SEQ_PORT_CAP_SUBS_READ; }
static inline unsigned int ens_seq_cap_no_export(void) { return SND_SEQ_PORT_CAP_NO_EXPORT; }
static inline unsigned int ens_seq_type_hardware(void) { return SND_SEQ_PORT_TYPE_HARDWARE | SND_SEQ_PORT_TYPE_PORT; }
static inline unsigned int ens_seq_type_midi_generic(void) { return SND_SEQ_PORT_TYPE_MIDI_GENERIC; }
static inline int ens_seq_open_input(snd_seq_t **seq) { return snd_seq_open(seq, "default", SND_SEQ_OPEN_INPUT, SND_SEQ_NONBLOCK); }
static inline int ens_seq_create_input_port(snd_seq_t *seq, const char *name) {
    return snd_seq_create_simple_port(seq, name, SND_SEQ_PORT_CAP_WRITE | SND_SEQ_PORT_CAP_SUBS_WRITE,
                                      SND_SEQ_PORT_TYPE_MIDI_GENERIC | SND_SEQ_PORT_TYPE_APPLICATION);
}
static inline int ens_seq_subscribe_announce(snd_seq_t *seq, int port) {
    return snd_seq_connect_from(seq, port, SND_SEQ_CLIENT_SYSTEM, SND_SEQ_PORT_SYSTEM_ANNOUNCE);
}
static inline int ens_seq_event_type(const snd_seq_event_t *ev) { return ev->type; }
static inline int ens_seq_event_note(const snd_seq_event_t *ev) { return ev->data.note.note; }
static inline int ens_seq_event_velocity(const snd_seq_event_t *ev) { return ev->data.note.velocity; }
static inline int ens_seq_event_addr_client(const snd_seq_event_t *ev) { return ev->data.addr.client; }
static inline int ens_seq_event_addr_port(const snd_seq_event_t *ev) { return ev->data.addr.port; }
static inline int ens_seq_event_source_client(const snd_seq_event_t *ev) { return ev->source.client; }
static inline int ens_seq_event_source_port(const snd_seq_event_t *ev) { return ev->source.port; }
static inline int ens_seq_ev_noteon(void) { return SND_SEQ_EVENT_NOTEON; }
static inline int ens_seq_ev_noteoff(void) { return SND_SEQ_EVENT_NOTEOFF; }
static inline int ens_seq_ev_port_start(void) { return SND_SEQ_EVENT_PORT_START; }
static inline int ens_seq_ev_port_exit(void) { return SND_SEQ_EVENT_PORT_EXIT; }
#endif
