// FluidSynth for Swift. Its log callback (fluid_log_function_t) is not variadic, so it is set from Swift
// (see Audio): FluidSynth must never write to the terminal on its own.
#ifndef ENSEMBLE_CFLUIDSYNTH_SHIM_H
#define ENSEMBLE_CFLUIDSYNTH_SHIM_H
#include <fluidsynth.h>
#endif
