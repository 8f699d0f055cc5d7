// GDCM behind a plain C interface. Every entry point catches every exception.
#include "gdcm_bridge.h"
#include "bridge_guard.h"
#include "direct_header.h"
#include "frame_header.h"

#include <gdcmDataSet.h>
#include <gdcmExplicitDataElement.h>
#include <gdcmImplicitDataElement.h>
#include <gdcmFile.h>
#include <gdcmGlobal.h>
#include <gdcmImage.h>
#include <gdcmImageReader.h>
#include <gdcmReader.h>
#include <gdcmSequenceOfFragments.h>
#include <gdcmSequenceOfItems.h>
#include <gdcmStringFilter.h>
#include <gdcmTrace.h>
#include <gdcmTransferSyntax.h>
#include <gdcmUIDs.h>

#include <algorithm>
#include <cerrno>
#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>
#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>
#include <exception>
#include <memory>
#include <new>
#include <set>
#include <string>
#include <vector>

// The one definition of `__assert_fail` (see bridge_guard.h): inside a guarded bridge call it jumps
// back to that call, which reports the input as unreadable; anywhere else it reports and aborts
// exactly as glibc does.
extern "C" __attribute__((noreturn)) void __assert_fail(const char *assertion, const char *file, unsigned int line,
                                           const char *function) noexcept {
    if (isg_guard::current != nullptr) {
        const char *base = std::strrchr(file, '/');
        std::snprintf(isg_guard::message, sizeof isg_guard::message, "GDCM rejected the data (%s:%u: %s)",
                      base ? base + 1 : file, line, assertion);
        std::longjmp(*isg_guard::current, 1);
    }
    std::fprintf(stderr, "%s:%u: %s: Assertion `%s' failed.\n", file, line, function, assertion);
    std::abort();
}

// The process's replaceable allocation functions (one definition, here), so that a bridge call can cap
// the size of any single allocation GDCM makes while it runs (`isg_guard::allocation_limit`, set by
// `limited` below; 0 outside bridge reads, where nothing changes). GDCM sizes buffers from lengths read
// from the file before it reads the bytes, and on a damaged file it retries other readings whose lengths
// are any 4 bytes: Fuzz/run found files of 1-11 KB that made it allocate 2-4 GiB. Above the cap the
// allocation throws std::bad_alloc, which GDCM passes up (or gives up on) and the bridge reports.
void *operator new(std::size_t size) {
    if (isg_guard::allocation_limit != 0 && size > isg_guard::allocation_limit) throw std::bad_alloc();
    if (void *p = std::malloc(size != 0 ? size : 1)) return p;
    throw std::bad_alloc();
}
void *operator new[](std::size_t size) { return ::operator new(size); }
void *operator new(std::size_t size, const std::nothrow_t &) noexcept {
    try { return ::operator new(size); } catch (...) { return nullptr; }
}
void *operator new[](std::size_t size, const std::nothrow_t &) noexcept {
    try { return ::operator new(size); } catch (...) { return nullptr; }
}
void operator delete(void *p) noexcept { std::free(p); }
void operator delete[](void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }
void operator delete[](void *p, std::size_t) noexcept { std::free(p); }
void operator delete(void *p, const std::nothrow_t &) noexcept { std::free(p); }
void operator delete[](void *p, const std::nothrow_t &) noexcept { std::free(p); }

// GDCM's PVRG codec, which it tries on a JPEG it could not decode otherwise, writes the frame to a file
// named by tempnam() in the temporary directory and runs an external program on it through system()
// (Fuzz/run: a damaged 16-bit JPEG Extended file spent 18 s there and left the file behind). Inside a
// guarded bridge call tempnam() gives no name, so the codec gives up before it writes anything, and
// system() refuses; anywhere else both are glibc's.
extern "C" int system(const char *command) {
    if (isg_guard::current != nullptr) return -1;
    using system_fn = int (*)(const char *);
    static system_fn real = reinterpret_cast<system_fn>(dlsym(RTLD_NEXT, "system"));
    return real != nullptr ? real(command) : -1;
}

extern "C" char *tempnam(const char *dir, const char *prefix) {
    if (isg_guard::current != nullptr) return nullptr;
    using tempnam_fn = char *(*)(const char *, const char *);
    static tempnam_fn real = reinterpret_cast<tempnam_fn>(dlsym(RTLD_NEXT, "tempnam"));
    return real != nullptr ? real(dir, prefix) : nullptr;
}

namespace {

using isg_guard::guarded;
using isg_guard::set_error;

// GDCM prints warnings and errors to stderr; the bridge reports problems through its status and
// error text instead, so that each bad input yields exactly one line.
const bool kQuietGDCM = [] {
    gdcm::Trace::SetDebug(false);
    gdcm::Trace::SetWarning(false);
    gdcm::Trace::SetError(false);
    return true;
}();

// DICOM text values are padded with spaces or NULs.
std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
    size_t start = 0;
    while (start < s.size() && s[start] == ' ') start++;
    return s.substr(start);
}

// Parses backslash-separated decimals; false when fewer than `n` parse.
bool parse_decimals(const std::string &text, double *out, int n) {
    const char *p = text.c_str();
    for (int i = 0; i < n; i++) {
        while (*p == ' ' || *p == '\\') p++;
        if (*p == '\0') return false;
        char *end = nullptr;
        errno = 0;
        double v = std::strtod(p, &end);
        if (end == p || errno == ERANGE) return false;
        out[i] = v;
        p = end;
        while (*p == ' ') p++;
        if (i + 1 < n && *p != '\\') return false;
    }
    return true;
}

bool parse_integer(const std::string &text, int64_t *out) {
    std::string t = trimmed(text);
    if (t.empty()) return false;
    char *end = nullptr;
    errno = 0;
    long long v = std::strtoll(t.c_str(), &end, 10);
    if (errno == ERANGE) return false;
    while (end && *end == ' ') end++;
    if (end == t.c_str() || (end && *end != '\0' && *end != '\\')) return false;
    *out = v;
    return true;
}

const gdcm::Tag kPixelData(0x7fe0, 0x0010);
const gdcm::Tag kSharedGroups(0x5200, 0x9229);
const gdcm::Tag kPerFrameGroups(0x5200, 0x9230);
const gdcm::Tag kPlanePosition(0x0020, 0x9113);
const gdcm::Tag kPlaneOrientation(0x0020, 0x9116);
const gdcm::Tag kPixelMeasures(0x0028, 0x9110);
const gdcm::Tag kPixelValueTransformation(0x0028, 0x9145);

// Text of an element of `ds` (any VR, binary ones converted), or "" when absent.
std::string text_of(const gdcm::StringFilter &sf, const gdcm::DataSet &ds, uint32_t element) {
    const gdcm::Tag tag(static_cast<uint16_t>(element >> 16), static_cast<uint16_t>(element & 0xffff));
    if (!ds.FindDataElement(tag)) return "";
    const gdcm::DataElement &de = ds.GetDataElement(tag);
    if (de.IsEmpty()) return "";
    return trimmed(sf.ToString(de));
}

// The first item of sequence `tag` in `ds`, or nullptr.
const gdcm::DataSet *first_item(const gdcm::DataSet &ds, const gdcm::Tag &tag) {
    if (!ds.FindDataElement(tag)) return nullptr;
    gdcm::SmartPointer<gdcm::SequenceOfItems> sq = ds.GetDataElement(tag).GetValueAsSQ();
    if (!sq || sq->GetNumberOfItems() < 1) return nullptr;
    return &sq->GetItem(1).GetNestedDataSet();
}

}  // namespace

struct isg_header {
    std::string strings[ISG_STR_COUNT];
    int64_t ints[ISG_INT_COUNT] = {};
    bool has_int[ISG_INT_COUNT] = {};
    double doubles[ISG_DBL_COUNT] = {};
    bool has_double[ISG_DBL_COUNT] = {};
    std::vector<isg_frame> frames;
    bool direct = false;  // read from the element walk's bytes, without GDCM (direct_header.h)
};

namespace {

// Where the pixel data element (its tag) starts in the file: after the preamble and file meta group
// (GetFullLength counts the preamble and "DICM" when the file has them) and every element before it, at
// their encoded lengths. Meaningful for native, non-deflated transfer syntaxes.
long long pixel_element_offset(const gdcm::File &file) {
    bool implicit = file.GetHeader().GetDataSetTransferSyntax().IsImplicit();
    long long at = static_cast<long long>(file.GetHeader().GetFullLength());
    const gdcm::DataSet &ds = file.GetDataSet();
    for (gdcm::DataSet::ConstIterator it = ds.Begin(); it != ds.End() && it->GetTag() < kPixelData; ++it) {
        at += implicit ? static_cast<long long>(it->GetLength<gdcm::ImplicitDataElement>())
                       : static_cast<long long>(it->GetLength<gdcm::ExplicitDataElement>());
    }
    return at;
}

}  // namespace

namespace {

// GDCM allocates an element's declared length before it reads the value, so a damaged length field in a
// small file makes it allocate and zero gigabytes (found by Fuzz/run: files of 2-11 KB declaring 2.4-4 GB,
// at the top level, in a sequence item, and in bytes after the pixel data that GDCM re-reads as implicit
// VR). Before GDCM sees a file, its elements are walked here from their headers alone, into sequences,
// items and pixel data fragments, and a file in which any length, read as GDCM may read it, exceeds the
// bytes left in the file is refused. The walk only accepts where it cannot follow the encoding (a deflated
// data set, no transfer syntax, nesting deeper than kMaxDepth), so its checks never refuse a length that
// fits the file.
//
// The walk reads at explicit positions: the file's first `kHeadBytes` (the headers of a typical slice)
// from one read into memory, anything further with pread. Through stdio, each of a header's hundred-odd
// seeks was a system call (113 lseeks per file, 29,000 for a 256-slice series).
struct element_walk {
    int fd;
    long long size;
    bool big = false;
    std::string why;
    bool rle = false;  // RLE Lossless: each frame's fragment starts with a segment table (PS3.5 G.3.1)
    long long pos = 0;
    std::vector<unsigned char> head;
    isg_direct::findings found;  // for the direct reading of the header (direct_header.h)

    static constexpr size_t kHeadBytes = 16 * 1024;

    element_walk(int fd, long long size) : fd(fd), size(size) {
        head.resize(static_cast<size_t>(std::max(0LL, std::min<long long>(size, kHeadBytes))));
        ssize_t got = head.empty() ? 0 : ::pread(fd, head.data(), head.size(), 0);
        head.resize(got > 0 ? static_cast<size_t>(got) : 0);
    }
    long long tell() const { return pos; }
    // As fseek: any position at or after the start; reading past the end fails.
    int seek(long long to) {
        if (to < 0) return -1;
        pos = to;
        return 0;
    }
    bool read(unsigned char *dst, size_t n) {
        if (pos < 0 || static_cast<long long>(n) > size - pos) return false;
        if (static_cast<size_t>(pos) + n <= head.size()) {
            std::memcpy(dst, head.data() + pos, n);
        } else {
            size_t done = 0;
            while (done < n) {
                ssize_t got = ::pread(fd, dst + done, n - done, static_cast<off_t>(pos + done));
                if (got <= 0) return false;
                done += static_cast<size_t>(got);
            }
        }
        pos += static_cast<long long>(n);
        return true;
    }
};



constexpr int kMaxDepth = 32;

uint32_t u16(const unsigned char *b, bool big) { return big ? (b[0] << 8) | b[1] : b[0] | (b[1] << 8); }
uint32_t u32(const unsigned char *b, bool big) {
    return big ? (static_cast<uint32_t>(b[0]) << 24) | (b[1] << 16) | (b[2] << 8) | b[3]
               : b[0] | (b[1] << 8) | (b[2] << 16) | (static_cast<uint32_t>(b[3]) << 24);
}

bool is_vr(const unsigned char *v) { return v[0] >= 'A' && v[0] <= 'Z' && v[1] >= 'A' && v[1] <= 'Z'; }

// VRs with a 2-byte reserved field and a 4-byte length in explicit VR (PS3.5 7.1.2).
bool long_vr(const unsigned char *v) {
    static const char *const kinds[] = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"};
    for (const char *k : kinds)
        if (v[0] == k[0] && v[1] == k[1]) return true;
    return false;
}

// The RLE header of a frame: the segment count (1-15), then the segments' offsets, the first 64 (right
// after the header), each after the one before and inside the fragment. GDCM's RLE decoder trusts them:
// Fuzz/run found a segment count of 196611 that made it read far outside its buffer (SEGV).
bool rle_header_fits(element_walk &w, long long fragment_at, uint32_t fragment_length) {
    unsigned char b[64];
    long long back = w.tell();
    bool read = fragment_length >= 64 && w.read(b, 64);
    w.seek(back);
    const char *problem = nullptr;
    uint32_t segments = read ? u32(b, false) : 0;
    if (!read) {
        problem = "is shorter than its 64-byte header";
    } else if (segments < 1 || segments > 15) {
        problem = "declares a segment count outside 1-15";
    } else if (u32(b + 4, false) != 64) {
        problem = "does not start its first segment after the header";
    } else {
        for (uint32_t k = 1; k < segments && problem == nullptr; k++) {
            uint32_t offset = u32(b + 4 + 4 * k, false), before = u32(b + 4 * k, false);
            if (offset <= before || offset >= fragment_length) problem = "has segment offsets out of order or outside it";
        }
    }
    if (problem == nullptr) return true;
    char text[200];
    std::snprintf(text, sizeof text, "RLE frame at byte %lld %s (segments %u)", fragment_at, problem, segments);
    w.why = text;
    return false;
}

constexpr uint32_t kUndefined = 0xFFFFFFFFu;

// Refuses (false, with the reason) a length beyond the end of the file, from `at` (the start of the value).
bool fits(element_walk &w, uint32_t length, long long value_at, const char *what, uint16_t g, uint16_t e) {
    if (length == kUndefined || static_cast<long long>(length) <= w.size - value_at) return true;
    char text[200];
    std::snprintf(text, sizeof text, "%s (%04X,%04X) at byte %lld declares %u bytes but the file has %lld left", what, g,
                  e, value_at, length, std::max(0LL, w.size - value_at));
    w.why = text;
    return false;
}

enum class walk_end { limit, item_delimiter, sequence_delimiter, stop };

bool walk_sequence(element_walk &w, bool explicit_vr, long long end, int depth, uint16_t g, uint16_t e, bool &clean);

// Walks the elements of a data set from the current position up to `end` (or a delimiter). Returns false
// when a length does not fit; `ended` tells how the walk ended. `group` keeps it to one group (the file
// meta group) when not 0; the transfer syntax UID is stored in `ts` on the way.
bool walk_dataset(element_walk &w, bool explicit_vr, long long end, int depth, uint16_t group, std::string *ts,
                  bool stop_at_pixels, walk_end &ended) {
    ended = walk_end::stop;
    if (depth > kMaxDepth) return true;
    for (bool first = true;; first = false) {
        long long at = w.tell();
        unsigned char h[12];
        if (at < 0 || at >= end) { ended = walk_end::limit; return true; }
        if (at + 8 > w.size || !w.read(h, 8)) return true;  // the end of the file: GDCM judges
        uint16_t g = static_cast<uint16_t>(u16(h, w.big)), e = static_cast<uint16_t>(u16(h + 2, w.big));
        if (group != 0 && g != group) { w.seek(at); ended = walk_end::limit; return true; }
        if (g == 0xFFFE && e == 0xE00D) { ended = walk_end::item_delimiter; return true; }
        if (g == 0xFFFE && e == 0xE0DD) { ended = walk_end::sequence_delimiter; return true; }
        if (g == 0xFFFE) return true;  // an item outside a sequence: GDCM judges
        if (stop_at_pixels && depth == 0 && g == 0x7FE0 && e == 0x0010) {
            w.found.pixels_at = at;
            // GDCM reads the pixel element's VR even when it stops there, and asserts on a bad one or on
            // nonzero reserved bytes (Fuzz/run): such a file is GDCM's to judge.
            if (explicit_vr && (!isg_direct::known_vr(h + 4) || (long_vr(h + 4) && (h[6] != 0 || h[7] != 0))))
                w.found.plain = false;
            return true;
        }

        bool element_explicit = explicit_vr;
        if (explicit_vr && !is_vr(h + 4)) {
            if (first && depth == 0 && group == 0) {
                // A data set written in implicit VR under an explicit transfer syntax (some writers do it):
                // GDCM and pydicom notice it at the first element and read it all as implicit; so does the walk.
                w.seek(at);
                w.found.plain = false;
                return walk_dataset(w, false, end, depth, group, ts, stop_at_pixels, ended);
            }
            // No VR where one belongs: GDCM re-reads the element as implicit VR, with a 4-byte length it has
            // been seen to take as little endian even in a big-endian file. Both readings must fit.
            if (w.big && !fits(w, u32(h + 4, false), at + 8, "element without a VR", g, e)) return false;
            element_explicit = false;
            w.found.plain = false;
        }
        uint32_t length;
        long long header;
        bool sequence = false;
        if (element_explicit && !isg_direct::known_vr(h + 4)) w.found.plain = false;  // GDCM's to judge
        if (element_explicit) {
            if (long_vr(h + 4)) {
                if (at + 12 > w.size || !w.read(h + 8, 4)) return true;
                length = u32(h + 8, w.big);
                header = 12;
                // GDCM asserts that the two reserved bytes are zero (Fuzz/run): such a file is GDCM's to judge.
                if (h[6] != 0 || h[7] != 0) w.found.plain = false;
                sequence = h[4] == 'S' && h[5] == 'Q';
            } else {
                length = u16(h + 6, w.big);
                header = 8;
            }
        } else {
            length = u32(h + 4, w.big);
            header = 8;
        }
        long long value_at = at + header;
        if (!fits(w, length, value_at, "element", g, e)) return false;
        bool pixels = g == 0x7FE0 && e == 0x0010 && depth == 0;
        if (!sequence && length != kUndefined && !pixels && length >= 8) {
            // Implicit VR, or UN: a sequence shows by an item tag at the start of its value.
            unsigned char t[4];
            sequence = w.read(t, 4) && u16(t, w.big) == 0xFFFE && u16(t + 2, w.big) == 0xE000 &&
                       (!element_explicit || (h[4] == 'U' && h[5] == 'N'));
        }
        if (w.seek(value_at) != 0) return true;
        if (depth == 0) w.found.note(g, e, element_explicit ? h + 4 : nullptr, value_at, length, sequence);

        if (length == kUndefined || sequence) {
            // A sequence (also UN or pixel data of undefined length, whose fragments are items).
            // UN of undefined length holds implicit VR little endian (PS3.5 6.2.2).
            bool inner_explicit = element_explicit && !(h[4] == 'U' && h[5] == 'N');
            long long limit = length == kUndefined ? w.size : value_at + length;
            bool clean = false;
            if (!walk_sequence(w, pixels ? true : inner_explicit, limit, depth + 1, g, e, clean)) return false;
            // A defined length says where the next element starts; after an undefined one, only a sequence
            // delimiter does: without it the walk cannot know where it is, and stops (accepting).
            if (length != kUndefined) {
                if (w.seek(value_at + length) != 0) return true;
            } else if (!clean) {
                return true;
            }
            continue;
        }
        if (ts != nullptr && g == 0x0002 && e == 0x0010 && length < 128) {
            char uid[128];
            if (!w.read(reinterpret_cast<unsigned char *>(uid), length)) return true;
            *ts = trimmed(std::string(uid, length));
        }
        if (w.seek(value_at + length) != 0) return true;
    }
}

// Walks the items of a sequence (or the fragments of encapsulated pixel data) up to `end` or the
// sequence delimiter; each item's data set is walked in turn. `clean` tells whether it ended at the
// sequence delimiter, so that the file position is right after the sequence.
bool walk_sequence(element_walk &w, bool explicit_vr, long long end, int depth, uint16_t g, uint16_t e, bool &clean) {
    clean = false;
    // Wherever the walk cannot follow a sequence to its end, GDCM may fail on it: not a plain file.
    auto unfollowed = [&w] { w.found.plain = false; return true; };
    if (depth > kMaxDepth) return unfollowed();
    bool fragments = g == 0x7FE0 && e == 0x0010;
    for (int item = 0;; item++) {
        long long at = w.tell();
        unsigned char t[8];
        if (at < 0 || at >= end) return true;
        if (at + 8 > w.size || !w.read(t, 8)) return unfollowed();
        uint16_t ig = static_cast<uint16_t>(u16(t, w.big)), ie = static_cast<uint16_t>(u16(t + 2, w.big));
        uint32_t il = u32(t + 4, w.big);
        if (ig == 0xFFFE && ie == 0xE0DD) { clean = true; return true; }
        if (ig != 0xFFFE || ie != 0xE000) {
            // Not an item: GDCM would read on as it can; only a length matters here.
            w.found.plain = false;
            return fits(w, il, at + 8, "element", ig, ie);
        }
        if (!fits(w, il, at + 8, fragments ? "pixel data fragment" : "item", ig, ie)) return false;
        if (fragments) {
            // The first item is the basic offset table; each frame's data follows in its own fragment.
            if (w.rle && item > 0 && il != kUndefined && !rle_header_fits(w, at + 8, il)) return false;
            if (il == kUndefined || w.seek(at + 8 + il) != 0) return true;
            continue;
        }
        walk_end ended;
        long long item_end = il == kUndefined ? end : at + 8 + il;
        if (!walk_dataset(w, explicit_vr, item_end, depth + 1, 0, nullptr, false, ended)) return false;
        if (ended == walk_end::stop || ended == walk_end::sequence_delimiter) return unfollowed();
        if (il != kUndefined && w.seek(item_end) != 0) return unfollowed();
        if (il == kUndefined && ended != walk_end::item_delimiter) return unfollowed();
    }
}

// "" when every length the walk reaches fits in the file, else the reason; the data set's transfer syntax
// UID goes to `ts`. With `stop_at_pixels` (the header pass, which skips the pixel data) the walk ends at
// the pixel data element; the pixel pass checks it too, so that a file cut short in its pixels is
// reported as truncated.
std::string walk_file(element_walk &w, bool stop_at_pixels, std::string &ts) {
    unsigned char magic[4];
    bool part10 = w.size >= 132 && w.seek(128) == 0 && w.read(magic, 4) && std::memcmp(magic, "DICM", 4) == 0;
    walk_end ended;
    w.found.plain = part10;
    if (part10 && walk_dataset(w, true, w.size, 0, 0x0002, &ts, false, ended)) {
        // Deflated: the bytes on disk are not elements. No transfer syntax: GDCM guesses; so would we.
        if (ts != "1.2.840.10008.1.2.1.99" && !ts.empty()) {
            bool implicit = ts == "1.2.840.10008.1.2";
            w.big = ts == "1.2.840.10008.1.2.2";
            w.rle = ts == "1.2.840.10008.1.2.5";
            walk_dataset(w, !implicit, w.size, 0, 0, nullptr, stop_at_pixels, ended);
        }
    }
    return w.why;
}

long long size_of(int fd) {
    struct stat st;
    return ::fstat(fd, &st) == 0 ? static_cast<long long>(st.st_size) : -1;
}

// walk_file on the file at `path` ("" when it cannot be opened: GDCM then reports that).
std::string implausible_length(const char *path, bool stop_at_pixels) {
    int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return "";
    element_walk w(fd, size_of(fd));
    std::string ts;
    std::string why = walk_file(w, stop_at_pixels, ts);
    ::close(fd);
    return why;
}

// The file offset of the value of a native little-endian pixel data element, and its declared length,
// when the pixels can be read from the file as they are (see ISG_INT_PIXEL_DATA_OFFSET). The offset is
// counted from the encoded lengths of the elements before it, then checked against the element header
// found there, so a miscount only loses the fast path.
// `at` is where the pixel data element (its tag) should start; the file is read through the walk's.
// Whether the header's pixel layout is one the loader takes as stored: one sample of 8 or 16 bits,
// HighBit = BitsStored - 1, monochrome.
bool native_layout(const isg_header *h) {
    auto get = [&](isg_int_field f) { return h->has_int[f] ? h->ints[f] : -1; };
    int64_t allocated = get(ISG_INT_BITS_ALLOCATED), stored = get(ISG_INT_BITS_STORED);
    if (get(ISG_INT_SAMPLES_PER_PIXEL) != 1 || (allocated != 8 && allocated != 16)) return false;
    if (stored < 1 || stored > allocated || get(ISG_INT_HIGH_BIT) != stored - 1) return false;
    const std::string &pi = h->strings[ISG_STR_PHOTOMETRIC];
    return pi == "MONOCHROME1" || pi == "MONOCHROME2";
}

bool native_pixel_value(element_walk &w, long long at, bool implicit, const isg_header *h, int64_t *offset,
                        int64_t *length) {
    auto get = [&](isg_int_field f) { return h->has_int[f] ? h->ints[f] : -1; };
    int64_t allocated = get(ISG_INT_BITS_ALLOCATED);
    if (!native_layout(h)) return false;

    unsigned char e[12];
    size_t want = implicit ? 8 : 12;
    bool read = at >= 0 && w.seek(at) == 0 && w.read(e, want);
    long long size = w.size;
    if (!read || e[0] != 0xE0 || e[1] != 0x7F || e[2] != 0x10 || e[3] != 0x00) return false;
    uint32_t declared;
    if (implicit) {
        declared = e[4] | (e[5] << 8) | (e[6] << 16) | (static_cast<uint32_t>(e[7]) << 24);
    } else {
        bool ow_ob = (e[4] == 'O' && (e[5] == 'W' || e[5] == 'B'));
        if (!ow_ob || e[6] != 0 || e[7] != 0) return false;
        declared = e[8] | (e[9] << 8) | (e[10] << 16) | (static_cast<uint32_t>(e[11]) << 24);
    }
    if (declared == 0xFFFFFFFFu) return false;  // encapsulated
    // Rows and Columns are US (at most 65535) and NumberOfFrames was checked, but a damaged file may give
    // them as text of any size: multiply without overflow.
    int64_t needed = 0;
    if (__builtin_mul_overflow(get(ISG_INT_ROWS), get(ISG_INT_COLUMNS), &needed) ||
        __builtin_mul_overflow(needed, get(ISG_INT_FRAMES), &needed) ||
        __builtin_mul_overflow(needed, allocated / 8, &needed))
        return false;
    // The pixels and at most padding after them (less than one frame, see pixels_decode); anything else
    // goes through GDCM and pixels_decode, which refuses it.
    if (needed <= 0 || declared < needed || declared - needed >= needed / get(ISG_INT_FRAMES)) return false;
    // Only when the pixel data ends the file exactly: a file cut short, or with elements after the pixels,
    // goes through GDCM, which parses (and refuses) all of it.
    if (size != at + static_cast<long long>(want) + static_cast<long long>(declared)) return false;
    *offset = at + static_cast<long long>(want);
    *length = declared;
    return true;
}


// Fills the fields of `frame` that `text` (tag → trimmed text, "" when absent) gives: for a top-level data
// set or a functional-group item.
template <typename Text>
void read_frame_fields(Text text, isg_frame *frame) {
    using isg_direct::tag_of;
    std::string s = text(tag_of(0x0020, 0x0032));
    if (!s.empty() && parse_decimals(s, frame->position, 3)) frame->has_position = 1;
    s = text(tag_of(0x0020, 0x0037));
    if (!s.empty() && parse_decimals(s, frame->orientation, 6)) frame->has_orientation = 1;
    s = text(tag_of(0x0028, 0x0030));
    if (!s.empty() && parse_decimals(s, frame->pixel_spacing, 2)) frame->has_pixel_spacing = 1;
    std::string slope = text(tag_of(0x0028, 0x1053)), intercept = text(tag_of(0x0028, 0x1052));
    double v = 0;
    if (!slope.empty() && parse_decimals(slope, &v, 1)) { frame->slope = v; frame->has_rescale = 1; }
    if (!intercept.empty() && parse_decimals(intercept, &v, 1)) { frame->intercept = v; frame->has_rescale = 1; }
}

// The data set's fields that `text` gives (tag → trimmed text, "" when absent), into `h`, and the base
// frame (top-level geometry and rescale) into `base`. Both readers go through here.
template <typename Text>
void read_fields(Text text, isg_header *h, isg_frame *base) {
    using isg_direct::tag_of;
    const struct { isg_string_field field; uint32_t tag; } strings[] = {
        {ISG_STR_SERIES_UID, tag_of(0x0020, 0x000e)},      {ISG_STR_SOP_INSTANCE_UID, tag_of(0x0008, 0x0018)},
        {ISG_STR_SOP_CLASS_UID, tag_of(0x0008, 0x0016)},   {ISG_STR_FRAME_OF_REFERENCE_UID, tag_of(0x0020, 0x0052)},
        {ISG_STR_STUDY_DATE, tag_of(0x0008, 0x0020)},      {ISG_STR_MODALITY, tag_of(0x0008, 0x0060)},
        {ISG_STR_SERIES_DESCRIPTION, tag_of(0x0008, 0x103e)}, {ISG_STR_PHOTOMETRIC, tag_of(0x0028, 0x0004)},
        {ISG_STR_PATIENT_NAME, tag_of(0x0010, 0x0010)},    {ISG_STR_PATIENT_ID, tag_of(0x0010, 0x0020)},
        {ISG_STR_PATIENT_BIRTH_DATE, tag_of(0x0010, 0x0030)},
    };
    for (const auto &f : strings) h->strings[f.field] = text(f.tag);
    const struct { isg_int_field field; uint32_t tag; } ints[] = {
        {ISG_INT_ROWS, tag_of(0x0028, 0x0010)},
        {ISG_INT_COLUMNS, tag_of(0x0028, 0x0011)},
        {ISG_INT_FRAMES, tag_of(0x0028, 0x0008)},
        {ISG_INT_SAMPLES_PER_PIXEL, tag_of(0x0028, 0x0002)},
        {ISG_INT_BITS_ALLOCATED, tag_of(0x0028, 0x0100)},
        {ISG_INT_BITS_STORED, tag_of(0x0028, 0x0101)},
        {ISG_INT_HIGH_BIT, tag_of(0x0028, 0x0102)},
        {ISG_INT_PIXEL_REPRESENTATION, tag_of(0x0028, 0x0103)},
        {ISG_INT_INSTANCE_NUMBER, tag_of(0x0020, 0x0013)},
    };
    for (const auto &f : ints) {
        std::string s = text(f.tag);
        if (!s.empty() && parse_integer(s, &h->ints[f.field])) h->has_int[f.field] = true;
    }
    const struct { isg_double_field field; uint32_t tag; } doubles[] = {
        {ISG_DBL_SLICE_THICKNESS, tag_of(0x0018, 0x0050)},
        {ISG_DBL_SPACING_BETWEEN_SLICES, tag_of(0x0018, 0x0088)},
    };
    for (const auto &f : doubles) {
        std::string s = text(f.tag);
        if (!s.empty() && parse_decimals(s, &h->doubles[f.field], 1)) h->has_double[f.field] = true;
    }
    read_frame_fields(text, base);
}

// A frame with no geometry and the identity rescale, before any field is read.
isg_frame no_frame() {
    isg_frame frame;
    std::memset(&frame, 0, sizeof frame);
    frame.slope = 1;
    return frame;
}

const char *const kImplicitLittle = "1.2.840.10008.1.2";
const char *const kExplicitLittle = "1.2.840.10008.1.2.1";

// Whether the walk's findings describe a plain file (direct_header.h) the direct reading can take.
bool direct_readable(const element_walk &w, const std::string &ts) {
    return w.found.plain && w.found.pixels_at >= 0 && (ts == kImplicitLittle || ts == kExplicitLittle);
}

// The header from the walk's findings alone; false when a value cannot be read.
bool read_direct(element_walk &w, const std::string &ts, isg_header *h, isg_frame *base) {
    bool ok = true;
    std::vector<unsigned char> bytes;
    auto text = [&](uint32_t tag) -> std::string {
        const isg_direct::value *v = w.found.find(tag);
        if (v == nullptr || v->length == 0) return "";
        bytes.resize(v->length);
        if (w.seek(v->at) != 0 || !w.read(bytes.data(), v->length)) { ok = false; return ""; }
        return trimmed(isg_direct::text(tag, bytes.data(), v->length));
    };
    h->strings[ISG_STR_MEDIA_SOP_CLASS_UID] = text(isg_direct::tag_of(0x0002, 0x0002));
    h->strings[ISG_STR_TRANSFER_SYNTAX_UID] = ts;
    read_fields(text, h, base);
    return ok;
}

// NumberOfFrames above this is refused before any per-frame storage is made.
constexpr int64_t kMaxFrames = int64_t(1) << 20;

// The header through GDCM; false (with the reason) when GDCM cannot parse the file. The functional groups
// go into `base` (shared) and `frames` (one per frame, left empty when the frame count is out of range).
bool read_with_gdcm(const char *path, element_walk &w, isg_header *h, isg_frame *base,
                    std::vector<isg_frame> &frames, std::string &why) {
    gdcm::Reader reader;
    reader.SetFileName(path);
    // The pixel data element is skipped, not read: the header needs none of it, and GDCM would
    // allocate whatever length it declares (a fuzzed file declared 4 GiB).
    const std::set<gdcm::Tag> skip{kPixelData};
    if (!reader.ReadUpToTag(kPixelData, skip)) {
        why = "GDCM cannot parse the file as DICOM";
        return false;
    }
    const gdcm::File &file = reader.GetFile();
    const gdcm::DataSet &ds = file.GetDataSet();
    const gdcm::FileMetaInformation &meta = file.GetHeader();
    gdcm::StringFilter sf;
    sf.SetFile(file);
    auto text = [&](uint32_t tag) { return text_of(sf, ds, tag); };

    if (meta.FindDataElement(gdcm::Tag(0x0002, 0x0002))) {
        const gdcm::ByteValue *bv = meta.GetDataElement(gdcm::Tag(0x0002, 0x0002)).GetByteValue();
        if (bv) h->strings[ISG_STR_MEDIA_SOP_CLASS_UID] = trimmed(std::string(bv->GetPointer(), bv->GetLength()));
    }
    const gdcm::TransferSyntax &syntax = meta.GetDataSetTransferSyntax();
    const char *tsuid = gdcm::TransferSyntax::GetTSString(syntax);
    h->strings[ISG_STR_TRANSFER_SYNTAX_UID] = tsuid ? tsuid : "";
    read_fields(text, h, base);

    // Functional groups: shared ones apply to every frame, then each frame's own.
    auto apply_groups = [&](const gdcm::DataSet &groups, isg_frame *frame) {
        const gdcm::Tag macros[] = {kPlanePosition, kPlaneOrientation, kPixelMeasures, kPixelValueTransformation};
        for (const gdcm::Tag &macro : macros) {
            if (const gdcm::DataSet *item = first_item(groups, macro))
                read_frame_fields([&](uint32_t tag) { return text_of(sf, *item, tag); }, frame);
        }
    };
    if (const gdcm::DataSet *shared = first_item(ds, kSharedGroups)) apply_groups(*shared, base);
    int64_t count = h->has_int[ISG_INT_FRAMES] ? h->ints[ISG_INT_FRAMES] : 1;
    if (count >= 1 && count <= kMaxFrames) {
        frames.assign(static_cast<size_t>(count), *base);
        gdcm::SmartPointer<gdcm::SequenceOfItems> sq;
        if (ds.FindDataElement(kPerFrameGroups)) sq = ds.GetDataElement(kPerFrameGroups).GetValueAsSQ();
        for (size_t i = 0; sq && i < sq->GetNumberOfItems() && i < frames.size(); i++) {
            apply_groups(sq->GetItem(i + 1).GetNestedDataSet(), &frames[i]);
        }
    }
    // Where the pixel data element starts, by GDCM's count, for a layout read as stored only: the count
    // takes every element's length, and GDCM asserts on odd ones inside sequences (pydicom's
    // nested_priv_SQ.dcm), which a file without such pixels must not be refused for.
    bool native = syntax == gdcm::TransferSyntax::ImplicitVRLittleEndian || syntax == gdcm::TransferSyntax::ExplicitVRLittleEndian;
    w.found.pixels_at = native && native_layout(h) ? pixel_element_offset(file) : -1;
    return true;
}

}  // namespace

// The largest single allocation a read of a file of `file` bytes may need: an element is never longer
// than the file (deflate aside, whose inflated data set is bounded by the pixels), and a codec's buffers
// are a few times the decoded pixels (OpenJPEG holds 32 bits per sample). With a floor for GDCM's own tables.
static size_t read_allocation_limit(long long file_bytes, size_t decoded_bytes) {
    constexpr size_t kFloor = size_t(64) << 20;
    size_t file = file_bytes > 0 ? static_cast<size_t>(file_bytes) : 0;
    size_t limit = kFloor;
    if (file <= SIZE_MAX / 4) limit = std::max(limit, 2 * file + (size_t(1) << 20));
    if (decoded_bytes <= SIZE_MAX / 8) limit = std::max(limit, 4 * decoded_bytes + (size_t(1) << 20));
    return limit;
}

static int header_read(element_walk &w, const char *path, int reader, isg_header **out, char *err, size_t errlen) {
    try {
        std::string ts;
        std::string implausible = walk_file(w, true, ts);
        if (!implausible.empty()) {
            set_error(err, errlen, implausible);
            return ISG_NOT_DICOM;
        }
        std::unique_ptr<isg_header> h(new isg_header());
        isg_frame base = no_frame();
        std::vector<isg_frame> per_frame;

        h->direct = reader != ISG_READER_GDCM && direct_readable(w, ts) && read_direct(w, ts, h.get(), &base);
        if (!h->direct) {
            h.reset(new isg_header());
            base = no_frame();
            std::string why;
            if (!read_with_gdcm(path, w, h.get(), &base, per_frame, why)) {
                set_error(err, errlen, why);
                return ISG_NOT_DICOM;
            }
        }
        const std::string &tsuid = h->strings[ISG_STR_TRANSFER_SYNTAX_UID];
        gdcm::UIDs uid;
        if (!tsuid.empty() && uid.SetFromUID(tsuid.c_str()) && uid.GetName()) h->strings[ISG_STR_TRANSFER_SYNTAX_NAME] = uid.GetName();

        // Frames: top-level tags, overridden by shared then per-frame functional groups.
        int64_t frames = h->has_int[ISG_INT_FRAMES] ? h->ints[ISG_INT_FRAMES] : 1;
        if (!h->has_int[ISG_INT_FRAMES]) { h->ints[ISG_INT_FRAMES] = 1; h->has_int[ISG_INT_FRAMES] = true; }
        if (frames < 1 || frames > kMaxFrames) {
            set_error(err, errlen, "NumberOfFrames " + std::to_string(frames) + " is out of range");
            return ISG_NOT_DICOM;
        }
        if (per_frame.empty()) per_frame.assign(static_cast<size_t>(frames), base);
        h->frames = std::move(per_frame);

        int64_t offset = 0, length = 0;
        bool implicit = tsuid == kImplicitLittle;
        if ((implicit || tsuid == kExplicitLittle) &&
            native_pixel_value(w, w.found.pixels_at, implicit, h.get(), &offset, &length)) {
            h->ints[ISG_INT_PIXEL_DATA_OFFSET] = offset;
            h->ints[ISG_INT_PIXEL_DATA_LENGTH] = length;
            h->has_int[ISG_INT_PIXEL_DATA_OFFSET] = h->has_int[ISG_INT_PIXEL_DATA_LENGTH] = true;
        }
        *out = h.release();
        return ISG_OK;
    } catch (const std::bad_alloc &) {
        set_error(err, errlen, "a length in the file asks for more memory than the file can need (damaged file)");
        return ISG_NOT_DICOM;
    } catch (const std::exception &e) {
        set_error(err, errlen, std::string("GDCM failed: ") + e.what());
        return ISG_NOT_DICOM;
    } catch (...) {
        set_error(err, errlen, "GDCM failed with an unknown exception");
        return ISG_NOT_DICOM;
    }
}

extern "C" int isg_header_read_fd(int fd, const char *path, int reader, isg_header **out, char *err, size_t errlen) {
    if (out) *out = nullptr;
    if (path == nullptr || out == nullptr || fd < 0) {
        set_error(err, errlen, "no file");
        return ISG_BAD_ARGUMENT;
    }
    element_walk w(fd, size_of(fd));
    // The header pass skips the pixel data: no single element it reads is larger than the file.
    isg_guard::limited cap(read_allocation_limit(w.size, 0));
    return guarded(err, errlen, ISG_NOT_DICOM, [&] { return header_read(w, path, reader, out, err, errlen); });
}

extern "C" int isg_header_read_directly(const isg_header *h) { return h != nullptr && h->direct ? 1 : 0; }

extern "C" void isg_header_free(isg_header *h) { delete h; }

extern "C" const char *isg_header_string(const isg_header *h, isg_string_field field) {
    if (h == nullptr || field < 0 || field >= ISG_STR_COUNT) return "";
    return h->strings[field].c_str();
}

extern "C" int isg_header_int(const isg_header *h, isg_int_field field, int64_t *out) {
    if (h == nullptr || field < 0 || field >= ISG_INT_COUNT || !h->has_int[field]) return 0;
    if (out) *out = h->ints[field];
    return 1;
}

extern "C" int isg_header_double(const isg_header *h, isg_double_field field, double *out) {
    if (h == nullptr || field < 0 || field >= ISG_DBL_COUNT || !h->has_double[field]) return 0;
    if (out) *out = h->doubles[field];
    return 1;
}

extern "C" int isg_header_frame_count(const isg_header *h) {
    return h ? static_cast<int>(h->frames.size()) : 0;
}

extern "C" int isg_header_frame(const isg_header *h, int index, isg_frame *out) {
    if (h == nullptr || out == nullptr || index < 0 || static_cast<size_t>(index) >= h->frames.size()) return 0;
    *out = h->frames[static_cast<size_t>(index)];
    return 1;
}

namespace {

// Bytes of native pixel data the file lacks (≤ 0 when it holds all of them), from where the pixel
// element's value starts (pixel_element_offset) and the file's size.
long long missing_pixel_bytes(const char *path, const gdcm::File &file, size_t needed) {
    const gdcm::TransferSyntax &ts = file.GetHeader().GetDataSetTransferSyntax();
    if (ts == gdcm::TransferSyntax::DeflatedExplicitVRLittleEndian || ts.IsEncapsulated()) return 0;
    struct stat st;
    if (stat(path, &st) != 0) return 0;
    // The pixel element's own tag, VR and length: 8 bytes (implicit VR) or 12 (explicit VR, OB/OW).
    long long offset = pixel_element_offset(file) + (ts.IsImplicit() ? 8 : 12);
    return offset + static_cast<long long>(needed) - static_cast<long long>(st.st_size);
}

void fill_layout(const gdcm::Image &image, isg_pixel_layout *layout) {
    if (layout == nullptr) return;
    const gdcm::PixelFormat &pf = image.GetPixelFormat();
    layout->bits_allocated = pf.GetBitsAllocated();
    layout->bits_stored = pf.GetBitsStored();
    layout->high_bit = pf.GetHighBit();
    layout->pixel_representation = pf.GetPixelRepresentation();
    layout->samples_per_pixel = pf.GetSamplesPerPixel();
    layout->columns = static_cast<int>(image.GetDimension(0));
    layout->rows = static_cast<int>(image.GetDimension(1));
    layout->frames = image.GetNumberOfDimensions() > 2 ? static_cast<int>(image.GetDimension(2)) : 1;
    const char *pi = gdcm::PhotometricInterpretation::GetPIString(image.GetPhotometricInterpretation());
    std::snprintf(layout->photometric, sizeof layout->photometric, "%s", pi ? pi : "");
}

// "" when every compressed frame's own header describes the image of the tags (frame_header.h), else the
// reason. Transfer syntaxes whose frames GDCM sizes safely (RLE is checked by the walk) pass.
std::string compressed_frames_mismatch(const gdcm::Image &image, const gdcm::SequenceOfFragments &fragments) {
    using namespace isg_frame_header;
    using TS = gdcm::TransferSyntax;
    codec kind;
    switch (static_cast<TS::TSType>(image.GetTransferSyntax())) {
    case TS::JPEGBaselineProcess1: case TS::JPEGExtendedProcess2_4: case TS::JPEGExtendedProcess3_5:
    case TS::JPEGSpectralSelectionProcess6_8: case TS::JPEGFullProgressionProcess10_12:
    case TS::JPEGLosslessProcess14: case TS::JPEGLosslessProcess14_1:
        kind = codec::jpeg; break;
    case TS::JPEGLSLossless: case TS::JPEGLSNearLossless:
        kind = codec::jpeg_ls; break;
    case TS::JPEG2000Lossless: case TS::JPEG2000: case TS::JPEG2000Part2Lossless: case TS::JPEG2000Part2:
        kind = codec::jpeg2000; break;
    default:
        return "";
    }
    const gdcm::PixelFormat &pf = image.GetPixelFormat();
    const expected_image want{image.GetDimension(0), image.GetDimension(1), pf.GetSamplesPerPixel(),
                              pf.GetBitsAllocated()};
    size_t frame = 0;
    for (size_t i = 0; i < fragments.GetNumberOfFragments(); i++) {
        const gdcm::ByteValue *bv = fragments.GetFragment(i).GetByteValue();
        const auto *bytes = bv ? reinterpret_cast<const unsigned char *>(bv->GetPointer()) : nullptr;
        size_t n = bv ? static_cast<size_t>(bv->GetLength()) : 0;
        // The first fragment starts a frame; a later one either starts the next frame or continues one.
        if (frame > 0 && !starts_frame(bytes, n, kind)) continue;
        std::string problem = check(bytes, n, ++frame, kind, want);
        if (!problem.empty()) return problem;
    }
    return "";
}

}  // namespace

static int pixels_decode(const char *path, void *dst, size_t dst_bytes, isg_pixel_layout *layout, char *err,
                         size_t errlen) {
    try {
        std::string implausible = implausible_length(path, false);
        if (!implausible.empty()) {
            set_error(err, errlen, (implausible.rfind("element (7FE0,0010)", 0) == 0 || implausible.rfind("pixel data fragment", 0) == 0 ? "truncated: " : "") + implausible);
            return ISG_DECODE_FAILED;
        }
        gdcm::ImageReader reader;
        reader.SetFileName(path);
        if (!reader.Read()) {
            set_error(err, errlen, "GDCM cannot read the image (truncated file, no pixel data, or an unsupported encoding)");
            return ISG_DECODE_FAILED;
        }
        const gdcm::Image &image = reader.GetImage();
        fill_layout(image, layout);
        unsigned long needed = image.GetBufferLength();
        if (needed != dst_bytes) {
            set_error(err, errlen, "decoded size " + std::to_string(needed) + " bytes, expected " +
                                       std::to_string(dst_bytes) + " from the header");
            return ISG_BAD_ARGUMENT;
        }
        const gdcm::DataSet &ds = reader.GetFile().GetDataSet();
        if (!ds.FindDataElement(kPixelData) || ds.GetDataElement(kPixelData).IsEmpty()) {
            set_error(err, errlen, "no pixel data");
            return ISG_DECODE_FAILED;
        }
        const gdcm::DataElement &pixels = ds.GetDataElement(kPixelData);
        if (const gdcm::SequenceOfFragments *fragments = pixels.GetSequenceOfFragments()) {
            std::string mismatch = compressed_frames_mismatch(image, *fragments);
            if (!mismatch.empty()) {
                set_error(err, errlen, mismatch);
                return ISG_DECODE_FAILED;
            }
        }
        if (const gdcm::ByteValue *bv = pixels.GetByteValue()) {
            // Native pixel data must hold Rows × Columns × frames × samples × bytes: fewer is a truncated
            // file. Bytes after them are padding (some writers add it; the values are the first `needed`
            // bytes, as pydicom reads them) while they are less than one frame; a whole frame more or beyond
            // means the size tags do not describe the data, and the pixels read would be the wrong ones.
            size_t frames = image.GetNumberOfDimensions() > 2 && image.GetDimension(2) > 0 ? image.GetDimension(2) : 1;
            size_t frame_bytes = needed / frames;
            if (bv->GetLength() < needed || bv->GetLength() - needed >= frame_bytes) {
                set_error(err, errlen, "pixel data holds " + std::to_string(bv->GetLength()) + " bytes, expected " +
                                           std::to_string(needed) + " (Rows x Columns x frames x bytes per pixel)");
                return ISG_DECODE_FAILED;
            }
            // GDCM fills a native pixel element cut short by the end of the file with zeros and only warns:
            // check that the file really holds the element (not for deflate, whose bytes on disk differ).
            long long missing = missing_pixel_bytes(path, reader.GetFile(), needed);
            if (missing > 0) {
                set_error(err, errlen, "truncated: the pixel data lacks " + std::to_string(missing) + " bytes");
                return ISG_DECODE_FAILED;
            }
        }
        if (!image.GetBuffer(static_cast<char *>(dst))) {
            set_error(err, errlen, "the codec failed on the pixel data");
            return ISG_DECODE_FAILED;
        }
        return ISG_OK;
    } catch (const std::bad_alloc &) {
        set_error(err, errlen, "a length in the file asks for more memory than the file can need (damaged file)");
        return ISG_DECODE_FAILED;
    } catch (const std::exception &e) {
        set_error(err, errlen, std::string("GDCM failed: ") + e.what());
        return ISG_DECODE_FAILED;
    } catch (...) {
        set_error(err, errlen, "GDCM failed with an unknown exception");
        return ISG_DECODE_FAILED;
    }
}

extern "C" int isg_pixels_decode(const char *path, void *dst, size_t dst_bytes, isg_pixel_layout *layout,
                                 char *err, size_t errlen) {
    struct stat st;
    isg_guard::limited cap(read_allocation_limit(stat(path, &st) == 0 ? static_cast<long long>(st.st_size) : 0, dst_bytes));
    return guarded(err, errlen, ISG_DECODE_FAILED,
                   [&] { return pixels_decode(path, dst, dst_bytes, layout, err, errlen); });
}
