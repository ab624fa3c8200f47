// ncursesw for Swift. SwiftPM drops -D flags from pkg-config, so the wide-character API is enabled here.
#ifndef ENSEMBLE_CNCURSES_SHIM_H
#define ENSEMBLE_CNCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <ncurses.h>

// Attribute macros (NCURSES_BITS) are not imported into Swift.
static inline attr_t ens_A_BOLD(void) { return A_BOLD; }
static inline attr_t ens_A_REVERSE(void) { return A_REVERSE; }
static inline attr_t ens_A_DIM(void) { return A_DIM; }
static inline attr_t ens_A_UNDERLINE(void) { return A_UNDERLINE; }
static inline attr_t ens_COLOR_PAIR(int n) { return COLOR_PAIR(n); }
static inline int ens_getmaxy(WINDOW *w) { return getmaxy(w); }
static inline int ens_getmaxx(WINDOW *w) { return getmaxx(w); }
static inline mmask_t ens_ALL_MOUSE_EVENTS(void) { return ALL_MOUSE_EVENTS; }
static inline mmask_t ens_BUTTON1_PRESSED(void) { return BUTTON1_PRESSED; }
static inline mmask_t ens_BUTTON1_RELEASED(void) { return BUTTON1_RELEASED; }
static inline WINDOW *ens_stdscr(void) { return stdscr; }
#endif
