// oneDNN (libdnnl-dev 2.6) C API for Swift.
#ifndef ENSEMBLE_CDNNL_SHIM_H
#define ENSEMBLE_CDNNL_SHIM_H
#include <dnnl.h>
#endif
