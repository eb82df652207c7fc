#ifndef SESSIONLINT_CZLIB_SHIM_H
#define SESSIONLINT_CZLIB_SHIM_H
#include <zlib.h>
#endif
