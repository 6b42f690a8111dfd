// Compiled against one folder's target with one header named by the build: the folder's own and
// its inputs' headers must be found, a header against the data flow must not (tests/CMakeLists.txt).
#include PROBE_HEADER

int midiloop_layout_probe() { return 0; }
