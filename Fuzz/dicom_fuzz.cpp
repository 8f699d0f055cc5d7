// libFuzzer harness for the DICOM path through Sources/CGDCMBridge: the input is written to a file,
// its header read with isg_header_read_fd, and its pixels decoded with isg_pixels_decode into a buffer
// sized from that header (as ScanIO does), when that size is small enough to be worth decoding.
//
// Besides the sanitizers' findings, the harness aborts when the bridge breaks a promise the Swift
// side relies on: a failure without a message, a success without a header, a native pixel offset
// and length that point outside the file, a decoded layout that differs from the buffer's size, or a
// header read directly from the file's bytes (direct_header.h) that differs from GDCM's reading.
#include "gdcm_bridge.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <unistd.h>

namespace {

// Pixel buffers above this size are not decoded (the real loader refuses them with --max-voxels;
// here they would only make runs slow and trip libFuzzer's memory limit).
constexpr int64_t kMaxDecodeBytes = 16 << 20;

// One scratch file per process, rewritten for every input.
const std::string &scratch_path() {
    static const std::string path = [] {
        const char *dir = std::getenv("TMPDIR");
        std::string p = std::string(dir && *dir ? dir : "/tmp") + "/isg-fuzz-" + std::to_string(getpid()) + ".dcm";
        std::atexit([] { unlink(scratch_path().c_str()); });
        return p;
    }();
    return path;
}

bool write_input(const uint8_t *data, size_t size) {
    FILE *f = std::fopen(scratch_path().c_str(), "wb");
    if (f == nullptr) return false;
    bool ok = size == 0 || std::fwrite(data, 1, size, f) == size;
    return std::fclose(f) == 0 && ok;
}

[[noreturn]] void broken(const char *promise) {
    std::fprintf(stderr, "bridge broke a promise: %s\n", promise);
    std::abort();
}

void require_message(const char *err, size_t errlen) {
    if (std::memchr(err, '\0', errlen) == nullptr) broken("the error text is not NUL-terminated");
    if (err[0] == '\0') broken("a failure came without an error text");
}

// Whether two headers hold the same fields (doubles bit for bit, NaN included); the first difference
// is printed.
bool same_header(const isg_header *a, const isg_header *b) {
    for (int f = 0; f < ISG_STR_COUNT; f++) {
        const char *x = isg_header_string(a, static_cast<isg_string_field>(f));
        const char *y = isg_header_string(b, static_cast<isg_string_field>(f));
        if (std::strcmp(x, y) != 0) {
            std::fprintf(stderr, "string field %d: \"%s\" vs \"%s\"\n", f, x, y);
            return false;
        }
    }
    for (int f = 0; f < ISG_INT_COUNT; f++) {
        int64_t x = 0, y = 0;
        int hx = isg_header_int(a, static_cast<isg_int_field>(f), &x), hy = isg_header_int(b, static_cast<isg_int_field>(f), &y);
        if (hx != hy || (hx && x != y)) {
            std::fprintf(stderr, "int field %d: %d %lld vs %d %lld\n", f, hx, (long long)x, hy, (long long)y);
            return false;
        }
    }
    for (int f = 0; f < ISG_DBL_COUNT; f++) {
        double x = 0, y = 0;
        int hx = isg_header_double(a, static_cast<isg_double_field>(f), &x), hy = isg_header_double(b, static_cast<isg_double_field>(f), &y);
        if (hx != hy || (hx && std::memcmp(&x, &y, sizeof x) != 0)) {
            std::fprintf(stderr, "double field %d: %d %g vs %d %g\n", f, hx, x, hy, y);
            return false;
        }
    }
    if (isg_header_frame_count(a) != isg_header_frame_count(b)) {
        std::fprintf(stderr, "frames: %d vs %d\n", isg_header_frame_count(a), isg_header_frame_count(b));
        return false;
    }
    for (int i = 0; i < isg_header_frame_count(a); i++) {
        isg_frame x, y;
        std::memset(&x, 0, sizeof x);
        std::memset(&y, 0, sizeof y);
        if (isg_header_frame(a, i, &x) != isg_header_frame(b, i, &y) || std::memcmp(&x, &y, sizeof x) != 0) {
            std::fprintf(stderr, "frame %d: position %g %g %g (%d) vs %g %g %g (%d), spacing %g %g vs %g %g, "
                                 "rescale %g %g (%d) vs %g %g (%d)\n",
                         i, x.position[0], x.position[1], x.position[2], x.has_position, y.position[0], y.position[1],
                         y.position[2], y.has_position, x.pixel_spacing[0], x.pixel_spacing[1], y.pixel_spacing[0],
                         y.pixel_spacing[1], x.slope, x.intercept, x.has_rescale, y.slope, y.intercept, y.has_rescale);
            return false;
        }
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!write_input(data, size)) return 0;
    const char *path = scratch_path().c_str();

    isg_header *h = reinterpret_cast<isg_header *>(0x1);
    char err[512];
    std::memset(err, 'x', sizeof err);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    int status = isg_header_read_fd(fd, path, ISG_READER_ANY, &h, err, sizeof err);
    if (status != ISG_OK) {
        close(fd);
        if (h != nullptr) broken("a failed header read left a header");
        require_message(err, sizeof err);
        return 0;
    }
    if (h == nullptr) broken("a successful header read gave no header");
    if (isg_header_read_directly(h)) {
        isg_header *g = nullptr;
        if (isg_header_read_fd(fd, path, ISG_READER_GDCM, &g, err, sizeof err) != ISG_OK) {
            std::fprintf(stderr, "GDCM: %s\n", err);
            broken("GDCM refuses a header the direct reading accepted");
        }
        if (!same_header(h, g)) broken("the direct reading of a header differs from GDCM's");
        isg_header_free(g);
    }
    close(fd);

    // Every accessor, as DICOMFile.readHeader calls them.
    size_t text = 0;
    for (int f = 0; f < ISG_STR_COUNT; f++) text += std::strlen(isg_header_string(h, static_cast<isg_string_field>(f)));
    int64_t ints[ISG_INT_COUNT];
    bool has[ISG_INT_COUNT];
    for (int f = 0; f < ISG_INT_COUNT; f++) {
        ints[f] = 0;
        has[f] = isg_header_int(h, static_cast<isg_int_field>(f), &ints[f]) != 0;
    }
    for (int f = 0; f < ISG_DBL_COUNT; f++) {
        double v;
        (void)isg_header_double(h, static_cast<isg_double_field>(f), &v);
    }
    int frame_count = isg_header_frame_count(h);
    if (frame_count < 1) broken("a header without frames");
    for (int i = 0; i < frame_count; i++) {
        isg_frame frame;
        if (!isg_header_frame(h, i, &frame)) broken("a frame below the count is missing");
    }
    (void)text;

    if (has[ISG_INT_PIXEL_DATA_OFFSET] != has[ISG_INT_PIXEL_DATA_LENGTH]) broken("offset without length");
    if (has[ISG_INT_PIXEL_DATA_OFFSET]) {
        int64_t offset = ints[ISG_INT_PIXEL_DATA_OFFSET], length = ints[ISG_INT_PIXEL_DATA_LENGTH];
        if (offset < 0 || length < 0 || offset > static_cast<int64_t>(size) ||
            length > static_cast<int64_t>(size) - offset)
            broken("the native pixel data lies outside the file");
    }

    // The buffer ScanIO would give the decoder: rows × columns × frames × samples × bytes per sample.
    int64_t rows = has[ISG_INT_ROWS] ? ints[ISG_INT_ROWS] : 0;
    int64_t columns = has[ISG_INT_COLUMNS] ? ints[ISG_INT_COLUMNS] : 0;
    int64_t frames = has[ISG_INT_FRAMES] ? ints[ISG_INT_FRAMES] : 1;
    int64_t samples = has[ISG_INT_SAMPLES_PER_PIXEL] ? ints[ISG_INT_SAMPLES_PER_PIXEL] : 1;
    int64_t bits = has[ISG_INT_BITS_ALLOCATED] ? ints[ISG_INT_BITS_ALLOCATED] : 0;
    isg_header_free(h);

    int64_t bytes = 0;
    bool sized = rows > 0 && columns > 0 && frames > 0 && samples > 0 && bits > 0 && bits % 8 == 0 &&
                 rows <= 65535 && columns <= 65535 && frames <= (1 << 20) && samples <= 4 &&
                 !__builtin_mul_overflow(rows, columns, &bytes) && !__builtin_mul_overflow(bytes, frames, &bytes) &&
                 !__builtin_mul_overflow(bytes, samples * (bits / 8), &bytes) && bytes <= kMaxDecodeBytes;
    if (!sized) return 0;

    void *dst = std::malloc(static_cast<size_t>(bytes));
    if (dst == nullptr) return 0;
    isg_pixel_layout layout;
    std::memset(err, 'x', sizeof err);
    status = isg_pixels_decode(path, dst, static_cast<size_t>(bytes), &layout, err, sizeof err);
    if (status != ISG_OK) {
        require_message(err, sizeof err);
    } else {
        int64_t decoded = static_cast<int64_t>(layout.rows) * layout.columns * layout.frames *
                          layout.samples_per_pixel * (layout.bits_allocated / 8);
        if (decoded != bytes && layout.bits_allocated % 8 == 0) broken("the decoded layout does not fill the buffer");
        // Touch every decoded byte, so that a decoder that reported success without writing shows up
        // under MemorySanitizer-like tools and the optimizer keeps the work.
        volatile unsigned char sink = 0;
        const unsigned char *p = static_cast<const unsigned char *>(dst);
        for (int64_t i = 0; i < bytes; i += 4096) sink ^= p[i];
        (void)sink;
    }
    std::free(dst);
    return 0;
}
