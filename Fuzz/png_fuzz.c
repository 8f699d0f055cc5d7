/* libFuzzer harness for the PNG path through Sources/CPNGBridge: the input is written to a file, its
 * header read with png_bridge_read_header, and, when the header succeeds and the image is small
 * enough, its pixels read with png_bridge_read_gray into a buffer of width × height (as ScanIO does;
 * for colour images too, which the bridge must refuse cleanly).
 *
 * Besides the sanitizers' findings, the harness aborts when the bridge breaks a promise the Swift side
 * relies on: a failure without a message, an out-of-range status or colour type, or a success on a
 * colour image. */
#include "png_bridge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Images above this many pixels are not decoded (they would only make runs slow). */
static const uint64_t max_decode_pixels = 1u << 22;

static char scratch[256];

static void remove_scratch(void) { unlink(scratch); }

static int write_input(const uint8_t *data, size_t size) {
    if (scratch[0] == '\0') {
        const char *dir = getenv("TMPDIR");
        snprintf(scratch, sizeof scratch, "%s/png-fuzz-%ld.png", dir && *dir ? dir : "/tmp", (long)getpid());
        atexit(remove_scratch);
    }
    FILE *f = fopen(scratch, "wb");
    if (f == NULL) return 0;
    int ok = size == 0 || fwrite(data, 1, size, f) == size;
    return fclose(f) == 0 && ok;
}

static void broken(const char *promise) {
    fprintf(stderr, "bridge broke a promise: %s\n", promise);
    abort();
}

static void require_message(int status, const char *err, size_t errlen) {
    if (status < PNG_BRIDGE_OK || status > PNG_BRIDGE_ERROR_MEMORY) broken("an unknown status");
    if (memchr(err, '\0', errlen) == NULL) broken("the error text is not NUL-terminated");
    if (err[0] == '\0') broken("a failure came without an error text");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!write_input(data, size)) return 0;
    png_bridge_header header;
    char err[256];
    memset(err, 'x', sizeof err);
    int status = png_bridge_read_header(scratch, &header, err, sizeof err);
    if (status != PNG_BRIDGE_OK) {
        require_message(status, err, sizeof err);
        return 0;
    }
    if (strcmp(png_bridge_color_type_name(header.color_type), "unknown") == 0) broken("an unknown colour type");
    if (header.width == 0 || header.height == 0) broken("a header with no pixels");
    uint64_t pixels = (uint64_t)header.width * header.height;
    if (pixels > max_decode_pixels) return 0;

    uint16_t *buffer = (uint16_t *)malloc((size_t)pixels * sizeof(uint16_t));
    if (buffer == NULL) return 0;
    memset(err, 'x', sizeof err);
    status = png_bridge_read_gray(scratch, buffer, (size_t)pixels, err, sizeof err);
    if (status != PNG_BRIDGE_OK) {
        require_message(status, err, sizeof err);
    } else {
        if (header.color_type != PNG_BRIDGE_COLOR_GRAY) broken("a colour image was read as grayscale");
        volatile uint16_t sink = 0;
        for (uint64_t i = 0; i < pixels; i += 1024) sink ^= buffer[i];
        (void)sink;
    }
    /* A buffer of the wrong size must be refused, never overrun. */
    if (pixels > 1) {
        memset(err, 'x', sizeof err);
        status = png_bridge_read_gray(scratch, buffer, (size_t)pixels - 1, err, sizeof err);
        if (status == PNG_BRIDGE_OK) broken("a buffer one pixel short was accepted");
        require_message(status, err, sizeof err);
    }
    free(buffer);
    return 0;
}
