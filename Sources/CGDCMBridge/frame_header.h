// The image a compressed frame's own header declares, checked against the image the DICOM tags declare
// before GDCM decodes the frame.
//
// GDCM's codecs size their output from one and fill it from the other. Its JPEG 2000 codec allocates
// Columns x Rows x samples from the tags, then copies every sample OpenJPEG decoded, whose count comes
// from the codestream's SIZ marker: Fuzz/run found a 1.5 KB file whose SIZ declared 256 x 262144 pixels
// under tags of 256 x 1024, and GDCM wrote 64 MB past its buffer (SEGV). Its JPEG-LS codec sizes its
// output from the codestream and GDCM then copies the tags' length out of it. So a frame whose header
// does not describe the image of the tags is refused here, with both sizes named.
//
// Pure functions of the frame's bytes (no GDCM), so the check reads only what the header needs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

namespace isg_frame_header {

// What the DICOM tags (as GDCM reads them) say one frame holds.
struct expected_image {
    uint32_t columns;
    uint32_t rows;
    uint32_t samples;         // SamplesPerPixel
    uint32_t bits_allocated;  // 8, 16 or 32
};

enum class codec { jpeg, jpeg_ls, jpeg2000 };

inline const char *name_of(codec kind) {
    return kind == codec::jpeg2000 ? "JPEG 2000" : kind == codec::jpeg_ls ? "JPEG-LS" : "JPEG";
}

inline uint32_t be16(const unsigned char *b) { return (uint32_t(b[0]) << 8) | b[1]; }
inline uint32_t be32(const unsigned char *b) {
    return (uint32_t(b[0]) << 24) | (uint32_t(b[1]) << 16) | (uint32_t(b[2]) << 8) | b[3];
}

// The allocation GDCM gives a sample of `precision` bits: JPEG and JPEG-LS write whole bytes; OpenJPEG's
// samples are copied as 8, 16 or 32 bits.
inline uint32_t allocation_for(uint32_t precision, codec kind) {
    if (precision <= 8) return 8;
    if (precision <= 16) return 16;
    return kind == codec::jpeg2000 && precision <= 32 ? 32 : 0;
}

inline std::string describe(codec kind, size_t frame, uint32_t columns, uint32_t rows, uint32_t samples,
                            uint32_t precision, const expected_image &want) {
    char text[320];
    std::snprintf(text, sizeof text,
                  "%s frame %zu declares %u x %u pixels, %u sample(s) of %u bits, but the header says %u x %u "
                  "(Columns x Rows), %u sample(s) in %u bits allocated",
                  name_of(kind), frame, columns, rows, samples, precision, want.columns, want.rows, want.samples,
                  want.bits_allocated);
    return text;
}

// Does this fragment start a frame (rather than continue one)? A JPEG frame starts with SOI (FFD8), a
// JPEG 2000 frame with SOC (FF4F) or the JP2 signature box. Continuation bytes cannot start with these
// markers: entropy-coded data never holds FF followed by D8 or by a byte above 8F.
inline bool starts_frame(const unsigned char *b, size_t n, codec kind) {
    static const unsigned char jp2[12] = {0, 0, 0, 0x0C, 'j', 'P', ' ', ' ', 0x0D, 0x0A, 0x87, 0x0A};
    if (kind == codec::jpeg2000)
        return (n >= 2 && b[0] == 0xFF && b[1] == 0x4F) || (n >= 12 && std::equal(jp2, jp2 + 12, b));
    return n >= 2 && b[0] == 0xFF && b[1] == 0xD8;
}

// JPEG and JPEG-LS: the first frame header (SOFn, or SOF55 for JPEG-LS) after SOI, found by walking the
// marker segments. Its fields are P (precision), Y (rows), X (columns), Nf (components).
inline std::string check_jpeg(const unsigned char *b, size_t n, size_t frame, codec kind, const expected_image &want) {
    size_t at = 2;  // after SOI
    while (at + 4 <= n) {
        if (b[at] != 0xFF) break;
        uint32_t marker = b[at + 1];
        if (marker == 0xFF) { at++; continue; }  // fill byte
        uint32_t length = be16(b + at + 2);
        bool sof = (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) ||
                   marker == 0xF7;
        if (sof) {
            if (length < 8 || at + 2 + 8 > n) break;
            const unsigned char *f = b + at + 4;
            uint32_t precision = f[0], rows = be16(f + 1), columns = be16(f + 3), samples = f[5];
            if (columns != want.columns || rows != want.rows || samples != want.samples ||
                allocation_for(precision, kind) != want.bits_allocated)
                return describe(kind, frame, columns, rows, samples, precision, want);
            return "";
        }
        if (marker == 0xDA || marker == 0xD9 || length < 2) break;  // scan or end before any frame header
        at += 2 + length;
    }
    char text[160];
    std::snprintf(text, sizeof text, "%s frame %zu has no frame header (SOF) before its data", name_of(kind), frame);
    return text;
}

// JPEG 2000: the SIZ marker segment right after SOC (ISO 15444-1 A.5.1), inside the jp2c box for JP2.
inline std::string check_jpeg2000(const unsigned char *b, size_t n, size_t frame, const expected_image &want) {
    size_t at = 0;
    if (!(n >= 2 && b[0] == 0xFF && b[1] == 0x4F)) {
        // A JP2 file: walk its boxes (length, type; length 1 = 64-bit length follows; 0 = to the end) to jp2c.
        at = n;
        for (size_t box = 0; box + 8 <= n;) {
            uint64_t length = be32(b + box);
            size_t header = 8;
            if (length == 1) {
                if (box + 16 > n) break;
                length = (uint64_t(be32(b + box + 8)) << 32) | be32(b + box + 12);
                header = 16;
            } else if (length == 0) {
                length = n - box;
            }
            if (std::equal(b + box + 4, b + box + 8, "jp2c")) { at = box + header; break; }
            if (length < header || length > n - box) break;
            box += static_cast<size_t>(length);
        }
    }
    // SOC, then SIZ: marker, Lsiz, Rsiz, Xsiz, Ysiz, XOsiz, YOsiz, XTsiz, YTsiz, XTOsiz, YTOsiz, Csiz,
    // then Ssiz, XRsiz, YRsiz per component.
    const size_t fixed = 2 + 2 + 2 + 2 + 8 * 4 + 2;
    if (at + fixed > n || b[at] != 0xFF || b[at + 1] != 0x4F || b[at + 2] != 0xFF || b[at + 3] != 0x51) {
        char text[160];
        std::snprintf(text, sizeof text, "JPEG 2000 frame %zu does not start with a codestream header (SOC, SIZ)",
                      frame);
        return text;
    }
    const unsigned char *s = b + at + 4;  // Lsiz; Csiz at 36, the components from 38
    uint32_t xsiz = be32(s + 4), ysiz = be32(s + 8), xosiz = be32(s + 12), yosiz = be32(s + 16);
    uint32_t samples = be16(s + 36);
    uint32_t columns = xsiz > xosiz ? xsiz - xosiz : 0, rows = ysiz > yosiz ? ysiz - yosiz : 0;
    bool fits = at + fixed + 3 * size_t(samples) <= n;
    uint32_t precision = fits && samples > 0 ? (s[38] & 0x7F) + 1u : 0;
    bool same = fits && columns == want.columns && rows == want.rows && samples == want.samples;
    for (uint32_t c = 0; same && c < samples; c++) {
        const unsigned char *comp = s + 38 + 3 * c;
        // Every component whole (no subsampling) and of one precision, as GDCM's copy assumes.
        same = (comp[0] & 0x7F) + 1u == precision && comp[1] == 1 && comp[2] == 1;
    }
    if (!same || allocation_for(precision, codec::jpeg2000) != want.bits_allocated)
        return describe(codec::jpeg2000, frame, columns, rows, samples, precision, want);
    return "";
}

// "" when the frame that starts with these bytes declares the image the tags describe, else the reason.
// `frame` counts from 1, for the message.
inline std::string check(const unsigned char *b, size_t n, size_t frame, codec kind, const expected_image &want) {
    if (!starts_frame(b, n, kind)) {
        char text[160];
        std::snprintf(text, sizeof text, "%s frame %zu does not start with a %s", name_of(kind), frame,
                      kind == codec::jpeg2000 ? "codestream (SOC) or JP2 signature" : "start-of-image marker (SOI)");
        return text;
    }
    return kind == codec::jpeg2000 ? check_jpeg2000(b, n, frame, want) : check_jpeg(b, n, frame, kind, want);
}

}  // namespace isg_frame_header
