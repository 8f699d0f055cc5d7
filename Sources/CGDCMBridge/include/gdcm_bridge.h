/* Plain C interface over GDCM for ImplantScan.
 *
 * No GDCM type and no C++ exception crosses this header: every function catches everything and
 * reports failure as a non-zero status with a message in the caller's `err` buffer.
 */
#ifndef IMPLANTSCAN_GDCM_BRIDGE_H
#define IMPLANTSCAN_GDCM_BRIDGE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes. */
enum {
    ISG_OK = 0,
    ISG_NOT_DICOM = 1,       /* the file cannot be parsed as DICOM */
    ISG_DECODE_FAILED = 2,   /* the header parsed, the pixel data did not decode */
    ISG_BAD_ARGUMENT = 3,    /* buffer size mismatch, frame out of range … */
    ISG_IO_ERROR = 4,        /* the file cannot be opened or written */
};

/* Header fields read as text (empty string when absent). */
typedef enum {
    ISG_STR_SERIES_UID,
    ISG_STR_SOP_INSTANCE_UID,
    ISG_STR_SOP_CLASS_UID,
    ISG_STR_MEDIA_SOP_CLASS_UID,
    ISG_STR_FRAME_OF_REFERENCE_UID,
    ISG_STR_TRANSFER_SYNTAX_UID,
    ISG_STR_TRANSFER_SYNTAX_NAME,
    ISG_STR_STUDY_DATE,
    ISG_STR_MODALITY,
    ISG_STR_SERIES_DESCRIPTION,
    ISG_STR_PHOTOMETRIC,
    ISG_STR_PATIENT_NAME,        /* (0010,0010): read for case records kept with --keep-identifiers only */
    ISG_STR_PATIENT_ID,          /* (0010,0020) */
    ISG_STR_PATIENT_BIRTH_DATE,  /* (0010,0030) */
    ISG_STR_COUNT
} isg_string_field;

/* Header fields read as whole numbers. */
typedef enum {
    ISG_INT_ROWS,
    ISG_INT_COLUMNS,
    ISG_INT_FRAMES,               /* NumberOfFrames, 1 when absent */
    ISG_INT_SAMPLES_PER_PIXEL,
    ISG_INT_BITS_ALLOCATED,
    ISG_INT_BITS_STORED,
    ISG_INT_HIGH_BIT,
    ISG_INT_PIXEL_REPRESENTATION,
    ISG_INT_INSTANCE_NUMBER,
    /* Where the pixel values start in the file and how many bytes the element declares, present only
     * for native little-endian pixel data (implicit or explicit VR, not deflated) of one sample of 8
     * or 16 bits with HighBit = BitsStored - 1, whose element header was checked at that place in the
     * file: such pixels can be read straight from the file, with no codec. */
    ISG_INT_PIXEL_DATA_OFFSET,
    ISG_INT_PIXEL_DATA_LENGTH,
    ISG_INT_COUNT
} isg_int_field;

/* Header fields read as decimals. */
typedef enum {
    ISG_DBL_SLICE_THICKNESS,
    ISG_DBL_SPACING_BETWEEN_SLICES,
    ISG_DBL_COUNT
} isg_double_field;

/* Per-frame geometry and rescale: from the top-level tags for single-frame files, from the
 * Per-frame, then Shared Functional Groups for enhanced multi-frame files. */
typedef struct {
    double position[3];     /* ImagePositionPatient (mm, LPS) */
    double orientation[6];  /* ImageOrientationPatient: row cosines then column cosines */
    double pixel_spacing[2];/* PixelSpacing: row spacing (between rows), column spacing (between columns) */
    double slope, intercept;/* RescaleSlope / RescaleIntercept (1 / 0 when absent) */
    int has_position, has_orientation, has_pixel_spacing, has_rescale;
} isg_frame;

typedef struct isg_header isg_header;

/* How isg_header_read_fd reads a header. */
enum {
    ISG_READER_ANY = 0,   /* directly from the file's bytes when the file is plain (see direct_header.h), else GDCM */
    ISG_READER_GDCM = 1,  /* always GDCM (to compare the two) */
};

/* Reads every element before the pixel data of the file open as `fd` (at `path`, which GDCM opens when
 * it reads the header, and which error texts name). On failure returns a status, *out is NULL and `err`
 * holds the reason. */
int isg_header_read_fd(int fd, const char *path, int reader, isg_header **out, char *err, size_t errlen);
/* Whether the header was read without GDCM. */
int isg_header_read_directly(const isg_header *h);
void isg_header_free(isg_header *h);

/* Whether the data set holds the field; the value goes to `out`. */
const char *isg_header_string(const isg_header *h, isg_string_field field); /* never NULL */
int isg_header_int(const isg_header *h, isg_int_field field, int64_t *out);
int isg_header_double(const isg_header *h, isg_double_field field, double *out);
/* Number of frames described (≥ 1) and one frame's geometry. */
int isg_header_frame_count(const isg_header *h);
int isg_header_frame(const isg_header *h, int index, isg_frame *out);

/* Layout of the pixels after decoding, which a codec may change from the header's claims. */
typedef struct {
    int bits_allocated, bits_stored, high_bit, pixel_representation, samples_per_pixel;
    int rows, columns, frames;
    char photometric[32];
} isg_pixel_layout;

/* Decodes all frames of a file into `dst` (exactly `dst_bytes` = rows*columns*frames*samples*bytes).
 * Values are in native byte order, as stored (no rescale, no masking). `layout` receives the
 * decoded layout. */
int isg_pixels_decode(const char *path, void *dst, size_t dst_bytes, isg_pixel_layout *layout,
                      char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif
