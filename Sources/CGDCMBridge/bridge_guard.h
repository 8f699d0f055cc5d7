// Shared by the bridge's .cpp files (not part of the public header): the error-text helper and the
// guard that turns a failed assertion inside GDCM (or CharLS, OpenJPEG) into an error status.
#ifndef IMPLANTSCAN_BRIDGE_GUARD_H
#define IMPLANTSCAN_BRIDGE_GUARD_H

#include <csetjmp>
#include <cstddef>
#include <cstdio>
#include <string>

namespace isg_guard {

// Debian builds GDCM (and CharLS and OpenJPEG) with assertions on, and some of them fire on damaged
// input (a truncated file reaches `assert(0 && "Should not happen")`), which would abort the whole
// process. gdcm_bridge.cpp holds the one definition of `__assert_fail`, which interposes glibc's for
// the shared libraries: inside a guarded bridge call it jumps back to that call (through `current`,
// with the assertion in `message`); anywhere else it reports and aborts exactly as glibc does. The
// jump skips the destructors of the abandoned GDCM frames (their memory leaks): acceptable on an
// error path that ends the call.
inline thread_local std::jmp_buf *current = nullptr;
inline thread_local char message[256];

// The largest single allocation allowed on this thread (0: no limit); see operator new in gdcm_bridge.cpp.
inline thread_local std::size_t allocation_limit = 0;

// Caps single allocations on this thread while it lives (restoring the outer cap after).
struct limited {
    std::size_t outer;
    explicit limited(std::size_t limit) : outer(allocation_limit) { allocation_limit = limit; }
    ~limited() { allocation_limit = outer; }
    limited(const limited &) = delete;
    limited &operator=(const limited &) = delete;
};

inline void set_error(char *err, size_t errlen, const std::string &text) {
    if (err == nullptr || errlen == 0) return;
    std::snprintf(err, errlen, "%s", text.c_str());
}

// Runs `body` (which catches its own exceptions) so that a failed assertion inside GDCM returns
// `failure` with the assertion as the error instead of aborting.
template <typename Body>
int guarded(char *err, size_t errlen, int failure, Body body) {
    std::jmp_buf buffer;
    std::jmp_buf *outer = current;
    if (setjmp(buffer) != 0) {
        current = outer;
        set_error(err, errlen, message);
        return failure;
    }
    current = &buffer;
    int status = body();
    current = outer;
    return status;
}

}  // namespace isg_guard

#endif
