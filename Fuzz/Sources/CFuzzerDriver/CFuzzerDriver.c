// Declarations only (the header); libFuzzer itself is linked by -sanitize=fuzzer.
#include "CFuzzerDriver.h"
