// The header fields of a plain DICOM file, read from the element walk's bytes without GDCM.
//
// A series of a few hundred uncompressed slices spent more time in GDCM's header parse (building a
// DataSet of every element, dictionary lookups, a StringFilter per value, its own open and a dozen
// seeks per file) than in reading the pixels. The element walk (gdcm_bridge.cpp) already reads every
// element header up to the pixel data to check the lengths; on the way it notes where the values of the
// few elements the loader needs are. When the file is plain, the fields are made from those bytes
// exactly as GDCM's StringFilter would make them, and GDCM is not called.
//
// Plain means: Part 10 (preamble and "DICM"), Explicit or Implicit VR Little Endian, a top-level data set
// whose tags increase, every explicit VR one of PS3.5's (reserved bytes zero), every sequence followed to
// its end, each wanted element in the VR the data dictionary gives it with a defined length (no
// sequence), no functional groups (enhanced multi-frame geometry lives in sequences), and the walk
// reached the pixel data element at the top level, with a valid VR. The walk (gdcm_bridge.cpp) clears
// `plain` wherever it meets anything else, and GDCM reads such a file, as before. The fuzz harness reads
// every input both ways and aborts when they disagree (or when GDCM refuses what the direct reading
// took); its findings are in Fuzz/crashes/dicom/direct-header-*.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace isg_direct {

constexpr uint32_t tag_of(uint16_t group, uint16_t element) { return (uint32_t(group) << 16) | element; }

// An element the loader reads, and its VR in the data dictionary (PS3.6).
struct wanted {
    uint32_t tag;
    char vr[3];
};

// Sorted by tag.
inline constexpr wanted kWanted[] = {
    {tag_of(0x0002, 0x0002), "UI"}, {tag_of(0x0002, 0x0010), "UI"}, {tag_of(0x0008, 0x0016), "UI"},
    {tag_of(0x0008, 0x0018), "UI"}, {tag_of(0x0008, 0x0020), "DA"}, {tag_of(0x0008, 0x0060), "CS"},
    {tag_of(0x0008, 0x103E), "LO"}, {tag_of(0x0010, 0x0010), "PN"}, {tag_of(0x0010, 0x0020), "LO"},
    {tag_of(0x0010, 0x0030), "DA"}, {tag_of(0x0018, 0x0050), "DS"}, {tag_of(0x0018, 0x0088), "DS"},
    {tag_of(0x0020, 0x000E), "UI"}, {tag_of(0x0020, 0x0013), "IS"}, {tag_of(0x0020, 0x0032), "DS"},
    {tag_of(0x0020, 0x0037), "DS"}, {tag_of(0x0020, 0x0052), "UI"}, {tag_of(0x0028, 0x0002), "US"},
    {tag_of(0x0028, 0x0004), "CS"}, {tag_of(0x0028, 0x0008), "IS"}, {tag_of(0x0028, 0x0010), "US"},
    {tag_of(0x0028, 0x0011), "US"}, {tag_of(0x0028, 0x0030), "DS"}, {tag_of(0x0028, 0x0100), "US"},
    {tag_of(0x0028, 0x0101), "US"}, {tag_of(0x0028, 0x0102), "US"}, {tag_of(0x0028, 0x0103), "US"},
    {tag_of(0x0028, 0x1052), "DS"}, {tag_of(0x0028, 0x1053), "DS"},
};

// The dictionary VR of a wanted tag, or nullptr.
inline const char *wanted_vr(uint32_t tag) {
    size_t lo = 0, hi = sizeof kWanted / sizeof kWanted[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (kWanted[mid].tag < tag) lo = mid + 1;
        else hi = mid;
    }
    return lo < sizeof kWanted / sizeof kWanted[0] && kWanted[lo].tag == tag ? kWanted[lo].vr : nullptr;
}

// The VRs of PS3.5 Table 6.2-1.
inline bool known_vr(const unsigned char *v) {
    static const char *const kinds[] = {"AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO",
                                        "LT", "OB", "OD", "OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ",
                                        "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV"};
    for (const char *k : kinds)
        if (v[0] == k[0] && v[1] == k[1]) return true;
    return false;
}

// Functional groups: enhanced multi-frame geometry and rescale are in these sequences.
constexpr uint32_t kSharedGroupsTag = tag_of(0x5200, 0x9229);
constexpr uint32_t kPerFrameGroupsTag = tag_of(0x5200, 0x9230);

// Where a wanted element's value lies in the file.
struct value {
    uint32_t tag;
    long long at;
    uint32_t length;
};

// What the walk learns for the direct reading.
struct findings {
    std::vector<value> values;
    long long pixels_at = -1;  // where the top-level pixel data element (its tag) starts
    uint32_t last_tag = 0;
    bool plain = true;

    // Notes a top-level element (of the file meta group or the data set). `vr` is nullptr in implicit VR.
    void note(uint16_t group, uint16_t element, const unsigned char *vr, long long value_at, uint32_t length,
              bool sequence) {
        uint32_t tag = tag_of(group, element);
        if (tag <= last_tag) plain = false;  // GDCM sorts and keeps the first of a repeated tag
        last_tag = tag;
        if (tag == kSharedGroupsTag || tag == kPerFrameGroupsTag) plain = false;
        const char *want = wanted_vr(tag);
        if (want == nullptr) return;
        if (sequence || length == 0xFFFFFFFFu) plain = false;
        if (vr != nullptr && (vr[0] != want[0] || vr[1] != want[1])) plain = false;
        if (want[0] == 'U' && want[1] == 'S' && length % 2 != 0) plain = false;
        values.push_back({tag, value_at, length});
    }

    const value *find(uint32_t tag) const {
        for (const value &v : values)
            if (v.tag == tag) return &v;
        return nullptr;
    }
};

// The text GDCM's StringFilter gives a wanted element's value `bytes`: US values in decimal, separated by
// backslashes; text VRs up to their first NUL, as a C string (the caller trims the padding).
inline std::string text(uint32_t tag, const unsigned char *bytes, uint32_t length) {
    const char *vr = wanted_vr(tag);
    if (vr == nullptr || length == 0) return "";
    if (vr[0] == 'U' && vr[1] == 'S') {
        std::string out;
        for (uint32_t i = 0; i + 1 < length; i += 2) {
            if (!out.empty()) out += '\\';
            out += std::to_string(bytes[i] | (bytes[i + 1] << 8));
        }
        return out;
    }
    return std::string(reinterpret_cast<const char *>(bytes), strnlen(reinterpret_cast<const char *>(bytes), length));
}

}  // namespace isg_direct
