/*
 * png_bridge.c — libpng's classic API behind the plain functions of png_bridge.h.
 *
 * libpng reports a fatal error by calling the error callback, which must not return: ours copies
 * the message for the caller and longjmps back to the setjmp in the function that started the
 * libpng call. Every setjmp sits in a small "inner" function whose locals are not changed after
 * the setjmp; everything that changes while libpng runs (the output buffer, the open file) lives
 * in the frame of the "outer" public function, which the longjmp never leaves.
 */
#include "png_bridge.h"

#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where a libpng error message goes, and the status it should produce. */
typedef struct bridge_context {
    char *err;
    size_t errlen;
    int status;
    /* The latest warning: libpng explains a bad IHDR in a warning, then errors with "Invalid IHDR data". */
    char warning[128];
} bridge_context;

/* The in-memory PNG being written. */
typedef struct growable_buffer {
    uint8_t *data;
    size_t length;
    size_t capacity;
} growable_buffer;

/* First capacity of the output buffer; it doubles from there. */
static const size_t initial_output_capacity = 4096;

/* The PNG file signature is 8 bytes (PNG specification, section 5.2). */
enum { png_signature_length = 8 };

static void set_message(char *err, size_t errlen, const char *format, ...) {
    if (err == NULL || errlen == 0) return;
    va_list args;
    va_start(args, format);
    vsnprintf(err, errlen, format, args);
    va_end(args);
}

static void on_png_error(png_structp png, png_const_charp message) {
    bridge_context *context = (bridge_context *)png_get_error_ptr(png);
    if (context != NULL) {
        if (strstr(message, "IHDR") != NULL && strstr(context->warning, "IHDR") != NULL) {
            set_message(context->err, context->errlen, "%s: %s", message, context->warning);
        } else {
            set_message(context->err, context->errlen, "%s", message);
        }
    }
    png_longjmp(png, 1);
}

/* Warnings (e.g. a bad CRC in an ancillary chunk, which libpng then skips) do not stop a read; the
 * latest is kept to explain an IHDR error. */
static void on_png_warning(png_structp png, png_const_charp message) {
    bridge_context *context = (bridge_context *)png_get_error_ptr(png);
    if (context != NULL) set_message(context->warning, sizeof context->warning, "%s", message);
}

static int host_is_little_endian(void) {
    const uint16_t probe = 1;
    unsigned char first;
    memcpy(&first, &probe, 1);
    return first == 1;
}

const char *png_bridge_color_type_name(int color_type) {
    switch (color_type) {
    case PNG_BRIDGE_COLOR_GRAY: return "grayscale";
    case PNG_BRIDGE_COLOR_RGB: return "RGB";
    case PNG_BRIDGE_COLOR_PALETTE: return "palette";
    case PNG_BRIDGE_COLOR_GRAY_ALPHA: return "gray+alpha";
    case PNG_BRIDGE_COLOR_RGBA: return "RGBA";
    default: return "unknown";
    }
}

/* Reads from the FILE in the io pointer; a short read is a truncated file or a read error. */
static void read_from_file(png_structp png, png_bytep data, size_t length) {
    FILE *file = (FILE *)png_get_io_ptr(png);
    if (fread(data, 1, length, file) == length) return;
    if (ferror(file)) {
        char message[128];
        snprintf(message, sizeof message, "read failed: %s", strerror(errno));
        png_error(png, message);
    }
    png_error(png, "unexpected end of file (truncated)");
}

/* Opens `path` and checks the PNG signature. Returns NULL (with the message set) on failure. */
static FILE *open_png(const char *path, bridge_context *context) {
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        context->status = PNG_BRIDGE_ERROR_IO;
        set_message(context->err, context->errlen, "cannot open: %s", strerror(errno));
        return NULL;
    }
    unsigned char signature[png_signature_length];
    size_t got = fread(signature, 1, sizeof signature, file);
    if (got == sizeof signature && png_sig_cmp(signature, 0, sizeof signature) == 0) return file;
    if (ferror(file)) {
        context->status = PNG_BRIDGE_ERROR_IO;
        set_message(context->err, context->errlen, "read failed: %s", strerror(errno));
    } else if (got == 0) {
        context->status = PNG_BRIDGE_ERROR_INVALID;
        set_message(context->err, context->errlen, "the file is empty");
    } else if (got < sizeof signature && png_sig_cmp(signature, 0, got) == 0) {
        context->status = PNG_BRIDGE_ERROR_INVALID;
        set_message(context->err, context->errlen, "unexpected end of file (truncated) in the PNG signature");
    } else {
        context->status = PNG_BRIDGE_ERROR_INVALID;
        set_message(context->err, context->errlen, "no PNG signature");
    }
    fclose(file);
    return NULL;
}

/* A read struct and its info struct with our error callbacks. The caller sets its own setjmp:
 * the jump target must be a frame that is still active when libpng fails. */
static int create_reader(bridge_context *context, png_structp *png, png_infop *info) {
    *png = png_create_read_struct(PNG_LIBPNG_VER_STRING, context, on_png_error, on_png_warning);
    if (*png == NULL) {
        set_message(context->err, context->errlen, "out of memory");
        return PNG_BRIDGE_ERROR_MEMORY;
    }
    *info = png_create_info_struct(*png);
    if (*info == NULL) {
        png_destroy_read_struct(png, NULL, NULL);
        set_message(context->err, context->errlen, "out of memory");
        return PNG_BRIDGE_ERROR_MEMORY;
    }
    return PNG_BRIDGE_OK;
}

static int read_header_inner(FILE *file, png_bridge_header *header, bridge_context *context) {
    png_structp png = NULL;
    png_infop info = NULL;
    int status = create_reader(context, &png, &info);
    if (status != PNG_BRIDGE_OK) return status;
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        return PNG_BRIDGE_ERROR_INVALID;
    }
    png_set_read_fn(png, file, read_from_file);
    png_set_sig_bytes(png, png_signature_length);
    png_read_info(png, info);
    header->width = png_get_image_width(png, info);
    header->height = png_get_image_height(png, info);
    header->bit_depth = png_get_bit_depth(png, info);
    header->color_type = png_get_color_type(png, info);
    header->interlaced = png_get_interlace_type(png, info) == PNG_INTERLACE_ADAM7;
    png_destroy_read_struct(&png, &info, NULL);
    return PNG_BRIDGE_OK;
}

int png_bridge_read_header(const char *path, png_bridge_header *header, char *err, size_t errlen) {
    set_message(err, errlen, "%s", "");
    if (path == NULL || header == NULL) {
        set_message(err, errlen, "no path or header given");
        return PNG_BRIDGE_ERROR_ARGUMENT;
    }
    bridge_context context = { err, errlen, PNG_BRIDGE_OK, "" };
    FILE *file = open_png(path, &context);
    if (file == NULL) return context.status;
    int status = read_header_inner(file, header, &context);
    fclose(file);
    return status;
}

/* Decodes into `pixels`. 16-bit rows are decoded in place; 8-bit rows (and 1/2/4-bit rows scaled
 * to 8) are decoded into the upper half of the buffer's bytes and then widened front to back,
 * which never overwrites a byte before it is read (sample i is written to bytes 2i and 2i + 1,
 * below byte count + i, where it was read from). */
static int read_gray_inner(FILE *file, uint16_t *pixels, size_t count, bridge_context *context) {
    png_structp png = NULL;
    png_infop info = NULL;
    int status = create_reader(context, &png, &info);
    if (status != PNG_BRIDGE_OK) return status;
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        return PNG_BRIDGE_ERROR_INVALID;
    }
    png_set_read_fn(png, file, read_from_file);
    png_set_sig_bytes(png, png_signature_length);
    png_read_info(png, info);

    const png_uint_32 width = png_get_image_width(png, info);
    const png_uint_32 height = png_get_image_height(png, info);
    const int bit_depth = png_get_bit_depth(png, info);
    const int color_type = png_get_color_type(png, info);
    if (color_type != PNG_COLOR_TYPE_GRAY) {
        set_message(context->err, context->errlen, "color type %s, %d-bit; only grayscale images are supported",
                    png_bridge_color_type_name(color_type), bit_depth);
        png_destroy_read_struct(&png, &info, NULL);
        return PNG_BRIDGE_ERROR_UNSUPPORTED;
    }
    if (width > SIZE_MAX / sizeof(uint16_t) / height || (size_t)width * height != count) {
        set_message(context->err, context->errlen, "image is %lu x %lu pixels but the buffer holds %zu",
                    (unsigned long)width, (unsigned long)height, count);
        png_destroy_read_struct(&png, &info, NULL);
        return PNG_BRIDGE_ERROR_ARGUMENT;
    }

    if (bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (bit_depth == 16 && host_is_little_endian()) png_set_swap(png);
    const int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);

    const size_t sample_bytes = bit_depth == 16 ? 2 : 1;
    const size_t row_bytes = png_get_rowbytes(png, info);
    if (row_bytes != (size_t)width * sample_bytes) {
        png_error(png, "unexpected decoded row size");
    }
    unsigned char *const rows = sample_bytes == 2 ? (unsigned char *)pixels : (unsigned char *)pixels + count;
    for (int pass = 0; pass < passes; ++pass) {
        for (png_uint_32 y = 0; y < height; ++y) png_read_row(png, rows + (size_t)y * row_bytes, NULL);
    }
    png_read_end(png, NULL);
    png_destroy_read_struct(&png, &info, NULL);

    if (sample_bytes == 1) {
        for (size_t i = 0; i < count; ++i) pixels[i] = rows[i];
    }
    return PNG_BRIDGE_OK;
}

int png_bridge_read_gray(const char *path, uint16_t *pixels, size_t pixel_count, char *err, size_t errlen) {
    set_message(err, errlen, "%s", "");
    if (path == NULL || pixels == NULL) {
        set_message(err, errlen, "no path or pixel buffer given");
        return PNG_BRIDGE_ERROR_ARGUMENT;
    }
    bridge_context context = { err, errlen, PNG_BRIDGE_OK, "" };
    FILE *file = open_png(path, &context);
    if (file == NULL) return context.status;
    int status = read_gray_inner(file, pixels, pixel_count, &context);
    fclose(file);
    return status;
}

/* Appends to the growable buffer in the io pointer, doubling its capacity as needed. */
static void write_to_buffer(png_structp png, png_bytep data, size_t length) {
    growable_buffer *buffer = (growable_buffer *)png_get_io_ptr(png);
    if (length > SIZE_MAX - buffer->length) png_error(png, "encoded image too large");
    const size_t needed = buffer->length + length;
    if (needed > buffer->capacity) {
        size_t capacity = buffer->capacity > 0 ? buffer->capacity : initial_output_capacity;
        while (capacity < needed) capacity = capacity > SIZE_MAX / 2 ? needed : capacity * 2;
        uint8_t *grown = (uint8_t *)realloc(buffer->data, capacity);
        if (grown == NULL) {
            bridge_context *context = (bridge_context *)png_get_error_ptr(png);
            context->status = PNG_BRIDGE_ERROR_MEMORY;
            png_error(png, "out of memory");
        }
        buffer->data = grown;
        buffer->capacity = capacity;
    }
    memcpy(buffer->data + buffer->length, data, length);
    buffer->length = needed;
}

static void flush_buffer(png_structp png) {
    (void)png;
}

static int encode_inner(const void *pixels, uint32_t width, uint32_t height, int bit_depth,
                        growable_buffer *buffer, bridge_context *context) {
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, context, on_png_error, on_png_warning);
    if (png == NULL) {
        set_message(context->err, context->errlen, "out of memory");
        return PNG_BRIDGE_ERROR_MEMORY;
    }
    png_infop info = png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_write_struct(&png, NULL);
        set_message(context->err, context->errlen, "out of memory");
        return PNG_BRIDGE_ERROR_MEMORY;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return context->status != PNG_BRIDGE_OK ? context->status : PNG_BRIDGE_ERROR_ARGUMENT;
    }
    png_set_write_fn(png, buffer, write_to_buffer, flush_buffer);
    png_set_IHDR(png, info, width, height, bit_depth, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    if (bit_depth == 16 && host_is_little_endian()) png_set_swap(png);
    const size_t row_bytes = (size_t)width * (size_t)(bit_depth / 8);
    const unsigned char *const rows = (const unsigned char *)pixels;
    for (uint32_t y = 0; y < height; ++y) png_write_row(png, rows + (size_t)y * row_bytes);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    return PNG_BRIDGE_OK;
}

int png_bridge_encode_gray(const void *pixels, uint32_t width, uint32_t height, int bit_depth,
                           uint8_t **out, size_t *out_length, char *err, size_t errlen) {
    set_message(err, errlen, "%s", "");
    if (out != NULL) *out = NULL;
    if (out_length != NULL) *out_length = 0;
    if (pixels == NULL || out == NULL || out_length == NULL) {
        set_message(err, errlen, "no pixel buffer or output given");
        return PNG_BRIDGE_ERROR_ARGUMENT;
    }
    if (width == 0 || height == 0) {
        set_message(err, errlen, "image is %lu x %lu pixels; both must be at least 1",
                    (unsigned long)width, (unsigned long)height);
        return PNG_BRIDGE_ERROR_ARGUMENT;
    }
    if (bit_depth != 8 && bit_depth != 16) {
        set_message(err, errlen, "bit depth %d; only 8 and 16 are written", bit_depth);
        return PNG_BRIDGE_ERROR_ARGUMENT;
    }
    if (width > SIZE_MAX / sizeof(uint16_t) / height) {
        set_message(err, errlen, "image of %lu x %lu pixels is too large", (unsigned long)width,
                    (unsigned long)height);
        return PNG_BRIDGE_ERROR_ARGUMENT;
    }
    bridge_context context = { err, errlen, PNG_BRIDGE_OK, "" };
    growable_buffer buffer = { NULL, 0, 0 };
    int status = encode_inner(pixels, width, height, bit_depth, &buffer, &context);
    if (status != PNG_BRIDGE_OK) {
        free(buffer.data);
        return status;
    }
    *out = buffer.data;
    *out_length = buffer.length;
    return PNG_BRIDGE_OK;
}

void png_bridge_free(void *buffer) {
    free(buffer);
}
