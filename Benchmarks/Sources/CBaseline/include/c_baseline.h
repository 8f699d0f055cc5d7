#ifndef C_BASELINE_H
#define C_BASELINE_H
#include <stddef.h>
#include <stdint.h>

/* Plain C loops over a flat int16 buffer: the baselines the Swift kernels are compared with. */
void cb_min_max(const int16_t *v, size_t n, int16_t *min, int16_t *max);
void cb_histogram(const int16_t *v, size_t n, int64_t *bins /* 65536, indexed by value + 32768 */);
size_t cb_count_at_least(const int16_t *v, size_t n, int16_t threshold);
/* Reads every file (a path per entry) into a reused buffer, as `cat > /dev/null` does; returns the bytes. */
size_t cb_read_files(const char *const *paths, size_t count);

/* Maps `bytes` of fresh anonymous memory (huge pages advised, as a volume is), writes every byte once
 * and unmaps it: the cost of a new volume's first touch, which reading files into the page cache never pays. */
void cb_first_touch(size_t bytes);

#endif
