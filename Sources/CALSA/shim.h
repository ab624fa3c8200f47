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
#endif
