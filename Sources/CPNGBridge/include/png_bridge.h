/*
 * png_bridge.h — read and write 8- and 16-bit grayscale PNG through libpng.
 *
 * Plain C with no libpng type: libpng reports errors with longjmp, and every setjmp lives inside
 * png_bridge.c, so no longjmp ever crosses into the caller. Each function returns a status
 * (PNG_BRIDGE_OK on success) and, on failure, writes a one-line, NUL-terminated message into the
 * caller's `err` buffer (truncated to `errlen` bytes; `err` may be NULL when `errlen` is 0).
 */
#ifndef PNG_BRIDGE_H
#define PNG_BRIDGE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes. */
enum {
    PNG_BRIDGE_OK = 0,
    /* The file cannot be opened or read from the file system. */
    PNG_BRIDGE_ERROR_IO = 1,
    /* The bytes are not a valid PNG (bad signature, CRC, truncated, corrupt data …). */
    PNG_BRIDGE_ERROR_INVALID = 2,
    /* A valid PNG whose pixels are not grayscale (RGB, palette, gray+alpha, RGBA). */
    PNG_BRIDGE_ERROR_UNSUPPORTED = 3,
    /* The caller's arguments do not fit the image (buffer size, dimensions, bit depth). */
    PNG_BRIDGE_ERROR_ARGUMENT = 4,
    /* Memory could not be allocated. */
    PNG_BRIDGE_ERROR_MEMORY = 5
};

/* PNG colour types, as the PNG specification numbers them (IHDR byte 9). */
enum {
    PNG_BRIDGE_COLOR_GRAY = 0,
    PNG_BRIDGE_COLOR_RGB = 2,
    PNG_BRIDGE_COLOR_PALETTE = 3,
    PNG_BRIDGE_COLOR_GRAY_ALPHA = 4,
    PNG_BRIDGE_COLOR_RGBA = 6
};

/* What the IHDR chunk says about an image. */
typedef struct png_bridge_header {
    uint32_t width;
    uint32_t height;
    /* Bits per sample as stored: 1, 2, 4, 8 or 16. */
    int bit_depth;
    /* One of PNG_BRIDGE_COLOR_*. */
    int color_type;
    /* 1 for Adam7, 0 for none. */
    int interlaced;
} png_bridge_header;

/* A short name for a colour type ("grayscale", "RGB", "palette", "gray+alpha", "RGBA"),
 * or "unknown". The string is static. */
const char *png_bridge_color_type_name(int color_type);

/* Reads the header of the PNG file at `path` (signature and chunks up to the first IDAT). */
int png_bridge_read_header(const char *path, png_bridge_header *header, char *err, size_t errlen);

/* Decodes the grayscale PNG at `path` into `pixels`, which holds `pixel_count` values and must
 * hold exactly width × height of them (row after row, x fastest).
 * 16-bit samples arrive in native byte order; 8-bit samples are widened (0…255); 1-, 2- and
 * 4-bit samples are first scaled to 8 bits (1-bit: 0 → 0, 1 → 255). Adam7-interlaced images are
 * de-interlaced. Any other colour type is refused with PNG_BRIDGE_ERROR_UNSUPPORTED.
 * The whole file is read to IEND, so a bad CRC or a truncation anywhere is an error. */
int png_bridge_read_gray(const char *path, uint16_t *pixels, size_t pixel_count, char *err, size_t errlen);

/* Encodes a grayscale image (not interlaced) into a new in-memory PNG.
 * `pixels` holds width × height samples, x fastest: `uint8_t` when `bit_depth` is 8, `uint16_t`
 * in native byte order when it is 16. On success `*out` points to `*out_length` bytes allocated
 * here, which the caller releases with png_bridge_free; on failure `*out` is NULL. */
int png_bridge_encode_gray(const void *pixels, uint32_t width, uint32_t height, int bit_depth,
                           uint8_t **out, size_t *out_length, char *err, size_t errlen);

/* Releases a buffer returned by png_bridge_encode_gray. NULL is allowed. */
void png_bridge_free(void *buffer);

#ifdef __cplusplus
}
#endif

#endif /* PNG_BRIDGE_H */
