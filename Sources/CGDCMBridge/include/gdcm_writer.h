/* Plain C interface for writing DICOM through GDCM (synthetic phantoms).
 *
 * One call encodes one complete DICOM file (Part 10: preamble, file meta group, data set) into a
 * buffer the caller frees with `isw_buffer_free`; the caller writes it to disk. Every identifier
 * comes from the caller and nothing depends on the clock or on random numbers, so equal input gives
 * equal bytes. No GDCM type and no C++ exception crosses this header: failures are a non-zero
 * status with a message in the caller's `err` buffer.
 */
#ifndef IMPLANTSCAN_GDCM_WRITER_H
#define IMPLANTSCAN_GDCM_WRITER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes. */
enum {
    ISW_OK = 0,
    ISW_BAD_ARGUMENT = 1,  /* a field is missing or malformed, or a value does not fit BitsStored */
    ISW_ENCODE_FAILED = 2, /* GDCM (or its codec) failed to encode or serialize the file */
};

/* The IOD written. */
typedef enum {
    ISW_CT_IMAGE = 0,          /* CT Image Storage: one frame, geometry in top-level tags */
    ISW_ENHANCED_CT_IMAGE = 1, /* Enhanced CT Image Storage: functional groups, one position per frame */
} isw_kind;

/* One file's content. Strings are NUL-terminated; empty strings are written as empty (Type 2)
 * elements. */
typedef struct {
    isw_kind kind;
    const char *transfer_syntax_uid; /* Explicit/Implicit VR LE, JPEG Lossless SV1, JPEG-LS lossless,
                                        JPEG 2000 lossless or RLE lossless */

    const char *study_uid, *series_uid, *frame_of_reference_uid, *sop_instance_uid;
    const char *dimension_organization_uid; /* Enhanced CT only */
    const char *patient_name, *patient_id, *study_date /* YYYYMMDD */, *series_description, *manufacturer;
    int instance_number;

    /* Pixels: frames × rows × columns 16-bit stored values, columns fastest, native byte order
     * (little endian). Each value must fit `bits_stored` bits (two's complement when signed). */
    int columns, rows, frames;
    int bits_stored;          /* 1 … 16; BitsAllocated is 16 and HighBit bits_stored - 1 */
    int pixel_representation; /* 0 unsigned, 1 signed */
    const void *pixels;
    size_t pixel_bytes;       /* = columns * rows * frames * 2 */

    /* Geometry (mm, LPS). */
    double row_direction[3];    /* ImageOrientationPatient, first three values */
    double column_direction[3]; /* ImageOrientationPatient, last three values */
    double pixel_spacing[2];    /* PixelSpacing: between rows, then between columns */
    double slice_thickness;
    const double *positions;    /* ImagePositionPatient of each frame: 3 × frames values */

    double rescale_slope, rescale_intercept; /* HU = stored × slope + intercept */
} isw_image;

/* Encodes `image` as one DICOM file. On success `*out` holds `*out_count` bytes (free them with
 * `isw_buffer_free`); on failure `*out` is NULL and `err` holds the reason. */
int isw_encode(const isw_image *image, uint8_t **out, size_t *out_count, char *err, size_t errlen);
void isw_buffer_free(uint8_t *bytes);

#ifdef __cplusplus
}
#endif

#endif
