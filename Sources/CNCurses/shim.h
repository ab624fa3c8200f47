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

// Terminal guard: restores the terminal from signal handlers (async-signal-safe: write and tcsetattr only),
// then exits with 128 + n, or for crashes hands the signal on to the handler that was there before (Swift's
// backtracer) so the crash is still reported.
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/// Hands a crash signal on to the handler that was installed before ours, or to the default action.
static inline void ens_chain_signal(struct sigaction *previous, int sig, siginfo_t *info, void *context) {
    if ((previous->sa_flags & SA_SIGINFO) && previous->sa_sigaction) { previous->sa_sigaction(sig, info, context); return; }
    if (!(previous->sa_flags & SA_SIGINFO) && previous->sa_handler != SIG_DFL && previous->sa_handler != SIG_IGN) {
        previous->sa_handler(sig);
        return;
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

/// Installs `handler` for the crash signals, keeping the handlers it replaces in `previous` (indexed by signal).
static inline void ens_install_crash_handler(void (*handler)(int, siginfo_t *, void *), struct sigaction *previous) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = handler;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    int crashes[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP };
    for (int i = 0; i < 6; i++) sigaction(crashes[i], &action, &previous[crashes[i]]);
}

// State lives in a function-local static: Swift emits the inline functions it uses, but not file-scope statics
// (so each Swift module that calls these has its own copy of the state).
struct ens_terminal_guard_state {
    struct termios saved;
    int savedValid;
    char restore[128];
    size_t restoreLength;
    struct sigaction previous[65];
    int deferFd;            // > 0: the first stop signal is written here for the event loop instead of exiting
    volatile sig_atomic_t deferred;
};
static inline struct ens_terminal_guard_state *ens_guard(void) {
    static struct ens_terminal_guard_state state;
    return &state;
}

static inline void ens_terminal_restore_now(void) {
    if (ens_guard()->restoreLength > 0) { ssize_t r = write(STDOUT_FILENO, ens_guard()->restore, ens_guard()->restoreLength); (void)r; }
    if (ens_guard()->savedValid) tcsetattr(STDIN_FILENO, TCSANOW, &ens_guard()->saved);
}

static inline void ens_terminal_exit_handler(int sig) {
    // The first stop signal goes to the event loop, which saves the work and shuts down cleanly; a second one
    // (or one before the loop listens) restores the terminal and exits at once.
    if (ens_guard()->deferFd > 0 && !ens_guard()->deferred) {
        ens_guard()->deferred = 1;
        unsigned char n = (unsigned char)sig;
        int saved = errno;
        ssize_t written = write(ens_guard()->deferFd, &n, 1);
        errno = saved;
        if (written == 1) return;
    }
    ens_terminal_restore_now();
    _exit(128 + sig);
}

/// From now on the first SIGINT, SIGTERM, SIGHUP or SIGQUIT writes its number (one byte) to `fd` (a pipe the
/// event loop polls); 0 turns that off.
static inline void ens_terminal_guard_defer(int fd) {
    ens_guard()->deferred = 0;
    ens_guard()->deferFd = fd;
}

static inline void ens_terminal_crash_handler(int sig, siginfo_t *info, void *context) {
    ens_terminal_restore_now();
    ens_chain_signal(&ens_guard()->previous[sig], sig, info, context);
}

/// Saves the terminal settings now (call before curses changes them) and installs the handlers; `restore` is
/// written to the terminal first (cursor on, keyboard protocol off, main screen).
static inline void ens_terminal_guard_install(const char *restore) {
    if (tcgetattr(STDIN_FILENO, &ens_guard()->saved) == 0) ens_guard()->savedValid = 1;
    size_t n = strlen(restore);
    if (n >= sizeof(ens_guard()->restore)) n = sizeof(ens_guard()->restore) - 1;
    memcpy(ens_guard()->restore, restore, n);
    ens_guard()->restoreLength = n;
    struct sigaction exitAction;
    memset(&exitAction, 0, sizeof exitAction);
    exitAction.sa_handler = ens_terminal_exit_handler;
    exitAction.sa_flags = SA_RESTART;  // the handler may return (deferred): other threads' calls carry on
    sigemptyset(&exitAction.sa_mask);
    int exits[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
    for (int i = 0; i < 4; i++) sigaction(exits[i], &exitAction, &ens_guard()->previous[exits[i]]);
    ens_install_crash_handler(ens_terminal_crash_handler, ens_guard()->previous);
}

/// Puts back the handlers that were there before (after a clean shutdown).
static inline void ens_terminal_guard_remove(void) {
    int all[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP };
    for (int i = 0; i < 10; i++) sigaction(all[i], &ens_guard()->previous[all[i]], NULL);
    ens_guard()->restoreLength = 0;
    ens_guard()->deferFd = 0;
}

// Crash notice, for every command: on a crash signal, one line on stderr saying where the report goes, then the
// handler that was there before (Swift's backtracer, which writes the report) runs. Async-signal-safe: write only.
struct ens_crash_notice_state {
    char message[512];
    size_t length;
    int fd;
    int installed;
    struct sigaction previous[65];
};
static inline struct ens_crash_notice_state *ens_crash_notice(void) {
    static struct ens_crash_notice_state state;
    return &state;
}

static inline void ens_crash_notice_handler(int sig, siginfo_t *info, void *context) {
    if (ens_crash_notice()->length > 0) { ssize_t r = write(ens_crash_notice()->fd, ens_crash_notice()->message, ens_crash_notice()->length); (void)r; }
    ens_chain_signal(&ens_crash_notice()->previous[sig], sig, info, context);
}

/// Sets the crash notice (`message` written as given, newline included, to `fd`); a module's first call installs
/// it in front of the current handlers, its later calls only change the message. (Another module's call installs
/// its own copy in front: both notices are written, the newest first.)
static inline void ens_crash_notice_install(const char *message, int fd) {
    size_t n = strlen(message);
    if (n >= sizeof(ens_crash_notice()->message)) n = sizeof(ens_crash_notice()->message) - 1;
    ens_crash_notice()->length = 0;
    memcpy(ens_crash_notice()->message, message, n);
    ens_crash_notice()->fd = fd;
    ens_crash_notice()->length = n;
    if (ens_crash_notice()->installed) return;
    ens_crash_notice()->installed = 1;
    ens_install_crash_handler(ens_crash_notice_handler, ens_crash_notice()->previous);
}

/// A SIGWINCH handler that does nothing but interrupt poll(), so a resize is seen at once.
static inline void ens_winch_handler(int sig) { (void)sig; }
static inline void ens_install_winch_wakeup(void) {
    struct sigaction a;
    memset(&a, 0, sizeof a);
    a.sa_handler = ens_winch_handler;
    sigemptyset(&a.sa_mask);
    sigaction(SIGWINCH, &a, NULL);
}
#include <wchar.h>
/// Draws `n` wide characters at (y, x) with the given attributes and colour pair.
static inline void ens_draw(WINDOW *w, int y, int x, const wchar_t *text, int n, attr_t attrs, short pair) {
    wattr_set(w, attrs, pair, NULL);
    mvwaddnwstr(w, y, x, text, n);
}
static inline int ens_color_pairs(void) { return COLOR_PAIRS; }
static inline int ens_colors(void) { return COLORS; }
#endif
