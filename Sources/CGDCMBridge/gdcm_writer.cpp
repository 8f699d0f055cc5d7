// Writing DICOM through GDCM behind a plain C interface. Every entry point catches every exception
// and runs under the assertion guard of bridge_guard.h.
//
// The data set is built element by element here (not by gdcm::ImageWriter, whose PixmapWriter fills
// in missing UIDs from a generator and rewrites image tags on its own), GDCM's codecs compress the
// pixel data (gdcm::ImageChangeTransferSyntax), and gdcm::Writer serializes the file into memory.
// Every value comes from the caller or is a constant below: no clock, no UID generator.
#include "gdcm_writer.h"
#include "bridge_guard.h"

#include <gdcmDataElement.h>
#include <gdcmDataSet.h>
#include <gdcmFile.h>
#include <gdcmFileMetaInformation.h>
#include <gdcmImage.h>
#include <gdcmImageChangeTransferSyntax.h>
#include <gdcmItem.h>
#include <gdcmPhotometricInterpretation.h>
#include <gdcmPixelFormat.h>
#include <gdcmSequenceOfFragments.h>
#include <gdcmSequenceOfItems.h>
#include <gdcmTag.h>
#include <gdcmTransferSyntax.h>
#include <gdcmVR.h>
#include <gdcmWriter.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <sstream>
#include <string>
#include <vector>

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "pixels are passed through as little-endian DICOM values");

namespace {

using isg_guard::guarded;
using isg_guard::set_error;

// SOP classes (PS3.4 Annex B.5).
const char *const kCTImageStorage = "1.2.840.10008.5.1.4.1.1.2";
const char *const kEnhancedCTImageStorage = "1.2.840.10008.5.1.4.1.1.2.1";

// Phantoms have no acquisition time: Study Time and Content Time are midnight.
const char *const kMidnight = "000000";

// Longest values of the VRs written (PS3.5 Table 6.2-1).
const size_t kMaxUI = 64, kMaxLO = 64, kMaxPNGroup = 64, kMaxDS = 16;

struct Failure {
    int status;
    std::string message;
};

[[noreturn]] void fail(int status, const std::string &message) { throw Failure{status, message}; }

// --- Element helpers -------------------------------------------------------------------------------

// A text element, padded to even length (UI with NUL, everything else with a space, PS3.5 §6.2).
gdcm::DataElement text_element(uint16_t group, uint16_t element, gdcm::VR vr, std::string value) {
    if (value.size() % 2 == 1) value.push_back(vr == gdcm::VR::UI ? '\0' : ' ');
    gdcm::DataElement de(gdcm::Tag(group, element));
    de.SetVR(vr);
    de.SetByteValue(value.data(), static_cast<uint32_t>(value.size()));
    return de;
}

void put_text(gdcm::DataSet &ds, uint16_t group, uint16_t element, gdcm::VR vr, const std::string &value) {
    ds.Replace(text_element(group, element, vr, value));
}

// Binary values in little-endian order (the only byte order written).
template <typename T>
void put_binary(gdcm::DataSet &ds, uint16_t group, uint16_t element, gdcm::VR vr, const std::vector<T> &values) {
    gdcm::DataElement de(gdcm::Tag(group, element));
    de.SetVR(vr);
    de.SetByteValue(reinterpret_cast<const char *>(values.data()), static_cast<uint32_t>(values.size() * sizeof(T)));
    ds.Replace(de);
}

void put_us(gdcm::DataSet &ds, uint16_t group, uint16_t element, int value) {
    put_binary<uint16_t>(ds, group, element, gdcm::VR::US, {static_cast<uint16_t>(value)});
}

void put_ul(gdcm::DataSet &ds, uint16_t group, uint16_t element, uint32_t value) {
    put_binary<uint32_t>(ds, group, element, gdcm::VR::UL, {value});
}

// An AT value: the tag's group then its element.
void put_at(gdcm::DataSet &ds, uint16_t group, uint16_t element, const gdcm::Tag &value) {
    put_binary<uint16_t>(ds, group, element, gdcm::VR::AT, {value.GetGroup(), value.GetElement()});
}

// A sequence of the given items, with undefined lengths (GDCM computes nothing it could get wrong).
void put_sequence(gdcm::DataSet &ds, uint16_t group, uint16_t element, const std::vector<gdcm::DataSet> &items) {
    gdcm::SmartPointer<gdcm::SequenceOfItems> sq = new gdcm::SequenceOfItems;
    sq->SetLengthToUndefined();
    for (const gdcm::DataSet &nested : items) {
        gdcm::Item item;
        item.SetVLToUndefined();
        item.SetNestedDataSet(nested);
        sq->AddItem(item);
    }
    gdcm::DataElement de(gdcm::Tag(group, element));
    de.SetVR(gdcm::VR::SQ);
    de.SetValue(*sq);
    de.SetVLToUndefined();
    ds.Replace(de);
}

// A decimal string of at most 16 characters with as many significant digits as fit (14 or more for
// any value in millimetres, far below the 1e-6 mm geometry tolerance).
std::string decimal(double v, const char *what) {
    if (!std::isfinite(v)) fail(ISW_BAD_ARGUMENT, std::string(what) + " is not a finite number");
    if (v == 0) return "0";  // also turns -0 into 0
    char buffer[64];
    for (int precision = 17; precision >= 1; precision--) {
        std::snprintf(buffer, sizeof buffer, "%.*g", precision, v);
        if (std::strlen(buffer) <= kMaxDS) return buffer;
    }
    fail(ISW_BAD_ARGUMENT, std::string(what) + " cannot be written as a decimal string");
}

std::string decimals(const double *values, int count, const char *what) {
    std::string s;
    for (int i = 0; i < count; i++) {
        if (i > 0) s += '\\';
        s += decimal(values[i], what);
    }
    return s;
}

// --- Validation ----------------------------------------------------------------------------------

std::string field(const char *value, const char *what, bool required) {
    if (value == nullptr) fail(ISW_BAD_ARGUMENT, std::string("no ") + what);
    std::string s(value);
    if (required && s.empty()) fail(ISW_BAD_ARGUMENT, std::string(what) + " is empty");
    return s;
}

// A UID: components of digits separated by dots, no leading zero in a component, at most 64 characters
// (PS3.5 §9.1).
std::string uid(const char *value, const char *what) {
    std::string s = field(value, what, true);
    if (s.size() > kMaxUI) fail(ISW_BAD_ARGUMENT, std::string(what) + " is longer than 64 characters");
    bool ok = s.front() != '.' && s.back() != '.';
    for (size_t i = 0; ok && i < s.size(); i++) {
        char c = s[i];
        bool componentStart = i == 0 || s[i - 1] == '.';
        if (c == '.') ok = !componentStart;
        else if (c < '0' || c > '9') ok = false;
        else if (c == '0' && componentStart && i + 1 < s.size() && s[i + 1] != '.') ok = false;
    }
    if (!ok) fail(ISW_BAD_ARGUMENT, std::string(what) + " \"" + s + "\" is not a valid UID");
    return s;
}

// Text for an LO or PN element: no backslash (the value separator) or control character, within length.
std::string text(const char *value, const char *what, size_t max) {
    std::string s = field(value, what, false);
    if (s.size() > max) fail(ISW_BAD_ARGUMENT, std::string(what) + " is longer than " + std::to_string(max) + " bytes");
    for (unsigned char c : s) {
        if (c == '\\' || c < 0x20 || c == 0x7f) fail(ISW_BAD_ARGUMENT, std::string(what) + " holds a backslash or control character");
    }
    return s;
}

bool is_ascii(const std::string &s) {
    for (unsigned char c : s) if (c >= 0x80) return false;
    return true;
}

std::string date(const char *value) {
    std::string s = field(value, "StudyDate", true);
    bool ok = s.size() == 8;
    for (char c : s) ok = ok && c >= '0' && c <= '9';
    if (!ok) fail(ISW_BAD_ARGUMENT, "StudyDate \"" + s + "\" is not YYYYMMDD");
    return s;
}

// Every stored value must fit BitsStored: a codec encodes only those bits, so a value outside would
// not survive compression (and is not a valid DICOM value uncompressed either).
void check_values(const isw_image &im, size_t count) {
    if (im.bits_stored == 16) return;
    const auto *values = static_cast<const uint16_t *>(im.pixels);
    long lo = im.pixel_representation ? -(1L << (im.bits_stored - 1)) : 0;
    long hi = im.pixel_representation ? (1L << (im.bits_stored - 1)) - 1 : (1L << im.bits_stored) - 1;
    for (size_t i = 0; i < count; i++) {
        long v = im.pixel_representation ? static_cast<long>(static_cast<int16_t>(values[i])) : static_cast<long>(values[i]);
        if (v < lo || v > hi) {
            size_t slice = static_cast<size_t>(im.columns) * static_cast<size_t>(im.rows);
            fail(ISW_BAD_ARGUMENT, "stored value " + std::to_string(v) + " at pixel " + std::to_string(i % slice) +
                                       " of frame " + std::to_string(i / slice) + " does not fit BitsStored " +
                                       std::to_string(im.bits_stored));
        }
    }
}

// The transfer syntaxes the writer supports (lossless only: the phantom's values are its ground truth).
gdcm::TransferSyntax transfer_syntax(const char *value) {
    std::string s = field(value, "transfer syntax UID", true);
    gdcm::TransferSyntax::TSType type = gdcm::TransferSyntax::GetTSType(s.c_str());
    switch (type) {
    case gdcm::TransferSyntax::ImplicitVRLittleEndian:
    case gdcm::TransferSyntax::ExplicitVRLittleEndian:
    case gdcm::TransferSyntax::JPEGLosslessProcess14_1:
    case gdcm::TransferSyntax::JPEGLSLossless:
    case gdcm::TransferSyntax::JPEG2000Lossless:
    case gdcm::TransferSyntax::RLELossless:
        return gdcm::TransferSyntax(type);
    default:
        fail(ISW_BAD_ARGUMENT, "transfer syntax " + s + " is not one the writer supports");
    }
}

// --- Pixel data ----------------------------------------------------------------------------------

// The Pixel Data element: native (OW) or compressed by GDCM's codec into one fragment per frame (OB).
gdcm::DataElement pixel_data(const isw_image &im, const gdcm::TransferSyntax &ts) {
    gdcm::DataElement native(gdcm::Tag(0x7fe0, 0x0010));
    native.SetVR(gdcm::VR::OW);
    native.SetByteValue(static_cast<const char *>(im.pixels), static_cast<uint32_t>(im.pixel_bytes));
    if (!ts.IsEncapsulated()) return native;

    gdcm::SmartPointer<gdcm::Image> image = new gdcm::Image;
    image->SetNumberOfDimensions(3);
    image->SetDimension(0, static_cast<unsigned int>(im.columns));
    image->SetDimension(1, static_cast<unsigned int>(im.rows));
    image->SetDimension(2, static_cast<unsigned int>(im.frames));
    const gdcm::PixelFormat format(1, 16, static_cast<unsigned short>(im.bits_stored),
                                   static_cast<unsigned short>(im.bits_stored - 1),
                                   static_cast<unsigned short>(im.pixel_representation));
    image->SetPixelFormat(format);
    image->SetPhotometricInterpretation(gdcm::PhotometricInterpretation::MONOCHROME2);
    image->SetTransferSyntax(gdcm::TransferSyntax::ExplicitVRLittleEndian);
    image->SetDataElement(native);

    gdcm::ImageChangeTransferSyntax change;
    change.SetTransferSyntax(ts);
    change.SetInput(*image);
    if (!change.Change()) fail(ISW_ENCODE_FAILED, std::string("GDCM could not encode the pixels as ") + ts.GetString());
    const gdcm::Pixmap &output = change.GetOutput();
    // The codecs must not have changed the pixel format or photometric interpretation they were given:
    // the tags written below describe the input.
    if (!(output.GetPixelFormat() == format) ||
        output.GetPhotometricInterpretation() != gdcm::PhotometricInterpretation::MONOCHROME2) {
        fail(ISW_ENCODE_FAILED, "GDCM's codec changed the pixel format");
    }
    const gdcm::DataElement &encoded = output.GetDataElement();
    const gdcm::SequenceOfFragments *fragments = encoded.GetSequenceOfFragments();
    if (fragments == nullptr || fragments->GetNumberOfFragments() != static_cast<size_t>(im.frames)) {
        fail(ISW_ENCODE_FAILED, "GDCM's codec did not produce one fragment per frame");
    }
    gdcm::DataElement de(gdcm::Tag(0x7fe0, 0x0010));
    de.SetVR(gdcm::VR::OB);
    de.SetValue(encoded.GetValue());
    // Encapsulated pixel data has an undefined length (SetVLToUndefined asserts on an OB element).
    gdcm::VL undefined;
    undefined.SetToUndefined();
    de.SetVL(undefined);
    return de;
}

// --- Data set ------------------------------------------------------------------------------------

const gdcm::Tag kImagePositionPatient(0x0020, 0x0032);
const gdcm::Tag kPlanePositionSequence(0x0020, 0x9113);

// The PlanePositionSequence item of frame `k`.
gdcm::DataSet plane_position(const isw_image &im, int k) {
    gdcm::DataSet item;
    put_text(item, 0x0020, 0x0032, gdcm::VR::DS, decimals(im.positions + 3 * k, 3, "ImagePositionPatient"));
    return item;
}

void build(const isw_image &im, const gdcm::TransferSyntax &ts, gdcm::DataSet &ds) {
    const bool enhanced = im.kind == ISW_ENHANCED_CT_IMAGE;
    const std::string study = uid(im.study_uid, "StudyInstanceUID");
    const std::string series = uid(im.series_uid, "SeriesInstanceUID");
    const std::string frame_of_reference = uid(im.frame_of_reference_uid, "FrameOfReferenceUID");
    const std::string sop = uid(im.sop_instance_uid, "SOPInstanceUID");
    const std::string dimension_organization =
        enhanced ? uid(im.dimension_organization_uid, "DimensionOrganizationUID") : std::string();
    const std::string patient_name = text(im.patient_name, "PatientName", kMaxPNGroup);
    const std::string patient_id = text(im.patient_id, "PatientID", kMaxLO);
    const std::string series_description = text(im.series_description, "SeriesDescription", kMaxLO);
    const std::string manufacturer = text(im.manufacturer, "Manufacturer", kMaxLO);
    const std::string study_date = date(im.study_date);

    const std::string orientation = decimals(im.row_direction, 3, "ImageOrientationPatient") + "\\" +
                                    decimals(im.column_direction, 3, "ImageOrientationPatient");
    const std::string spacing = decimals(im.pixel_spacing, 2, "PixelSpacing");
    const std::string thickness = decimal(im.slice_thickness, "SliceThickness");
    const std::string slope = decimal(im.rescale_slope, "RescaleSlope");
    const std::string intercept = decimal(im.rescale_intercept, "RescaleIntercept");

    // Patient, study, series, equipment, frame of reference.
    if (!is_ascii(patient_name + patient_id + series_description + manufacturer)) {
        put_text(ds, 0x0008, 0x0005, gdcm::VR::CS, "ISO_IR 192");  // UTF-8
    }
    put_text(ds, 0x0008, 0x0008, gdcm::VR::CS, enhanced ? "DERIVED\\PRIMARY\\VOLUME\\NONE" : "DERIVED\\SECONDARY\\AXIAL");
    put_text(ds, 0x0008, 0x0016, gdcm::VR::UI, enhanced ? kEnhancedCTImageStorage : kCTImageStorage);
    put_text(ds, 0x0008, 0x0018, gdcm::VR::UI, sop);
    put_text(ds, 0x0008, 0x0020, gdcm::VR::DA, study_date);
    put_text(ds, 0x0008, 0x0023, gdcm::VR::DA, study_date);  // Content Date
    put_text(ds, 0x0008, 0x0030, gdcm::VR::TM, kMidnight);   // Study Time
    put_text(ds, 0x0008, 0x0033, gdcm::VR::TM, kMidnight);   // Content Time
    put_text(ds, 0x0008, 0x0050, gdcm::VR::SH, "");          // Accession Number
    put_text(ds, 0x0008, 0x0060, gdcm::VR::CS, "CT");
    put_text(ds, 0x0008, 0x0070, gdcm::VR::LO, manufacturer);
    put_text(ds, 0x0008, 0x0090, gdcm::VR::PN, "");          // Referring Physician's Name
    put_text(ds, 0x0008, 0x103e, gdcm::VR::LO, series_description);
    put_text(ds, 0x0010, 0x0010, gdcm::VR::PN, patient_name);
    put_text(ds, 0x0010, 0x0020, gdcm::VR::LO, patient_id);
    put_text(ds, 0x0010, 0x0030, gdcm::VR::DA, "");          // Patient's Birth Date
    put_text(ds, 0x0010, 0x0040, gdcm::VR::CS, "");          // Patient's Sex
    put_text(ds, 0x0020, 0x000d, gdcm::VR::UI, study);
    put_text(ds, 0x0020, 0x000e, gdcm::VR::UI, series);
    put_text(ds, 0x0020, 0x0010, gdcm::VR::SH, "");          // Study ID
    put_text(ds, 0x0020, 0x0011, gdcm::VR::IS, "1");         // Series Number
    put_text(ds, 0x0020, 0x0013, gdcm::VR::IS, std::to_string(im.instance_number));
    put_text(ds, 0x0020, 0x0052, gdcm::VR::UI, frame_of_reference);
    put_text(ds, 0x0020, 0x1040, gdcm::VR::LO, "");          // Position Reference Indicator

    // Image pixel.
    put_us(ds, 0x0028, 0x0002, 1);  // Samples per Pixel
    put_text(ds, 0x0028, 0x0004, gdcm::VR::CS, "MONOCHROME2");
    put_us(ds, 0x0028, 0x0010, im.rows);
    put_us(ds, 0x0028, 0x0011, im.columns);
    put_us(ds, 0x0028, 0x0100, 16);  // Bits Allocated
    put_us(ds, 0x0028, 0x0101, im.bits_stored);
    put_us(ds, 0x0028, 0x0102, im.bits_stored - 1);  // High Bit
    put_us(ds, 0x0028, 0x0103, im.pixel_representation);
    put_text(ds, 0x0028, 0x2110, gdcm::VR::CS, "00");  // Lossy Image Compression: never (lossless syntaxes only)

    if (!enhanced) {
        // CT Image: geometry and rescale at the top level.
        put_text(ds, 0x0018, 0x0050, gdcm::VR::DS, thickness);
        put_text(ds, 0x0018, 0x0060, gdcm::VR::DS, "");  // KVP
        put_text(ds, 0x0020, 0x0032, gdcm::VR::DS, decimals(im.positions, 3, "ImagePositionPatient"));
        put_text(ds, 0x0020, 0x0037, gdcm::VR::DS, orientation);
        put_text(ds, 0x0028, 0x0030, gdcm::VR::DS, spacing);
        put_text(ds, 0x0028, 0x1052, gdcm::VR::DS, intercept);
        put_text(ds, 0x0028, 0x1053, gdcm::VR::DS, slope);
        put_text(ds, 0x0028, 0x1054, gdcm::VR::LO, "HU");
    } else {
        // Enhanced CT Image, Multi-frame Functional Groups and Multi-frame Dimension modules.
        put_text(ds, 0x0008, 0x9205, gdcm::VR::CS, "MONOCHROME");  // Pixel Presentation
        put_text(ds, 0x0008, 0x9206, gdcm::VR::CS, "VOLUME");      // Volumetric Properties
        put_text(ds, 0x0008, 0x9207, gdcm::VR::CS, "NONE");        // Volume Based Calculation Technique
        put_text(ds, 0x0018, 0x9004, gdcm::VR::CS, "RESEARCH");    // Content Qualification
        put_text(ds, 0x0028, 0x0008, gdcm::VR::IS, std::to_string(im.frames));
        put_text(ds, 0x0028, 0x0301, gdcm::VR::CS, "NO");          // Burned In Annotation

        gdcm::DataSet organization;
        put_text(organization, 0x0020, 0x9164, gdcm::VR::UI, dimension_organization);
        put_sequence(ds, 0x0020, 0x9221, {organization});
        // One dimension: the frame's position (Plane Position Sequence > Image Position Patient).
        gdcm::DataSet index;
        put_text(index, 0x0020, 0x9164, gdcm::VR::UI, dimension_organization);
        put_at(index, 0x0020, 0x9165, kImagePositionPatient);
        put_at(index, 0x0020, 0x9167, kPlanePositionSequence);
        put_text(index, 0x0020, 0x9421, gdcm::VR::LO, "Image Position Patient");
        put_sequence(ds, 0x0020, 0x9222, {index});

        // Shared Functional Groups: orientation, pixel measures, rescale, frame type.
        gdcm::DataSet measures, orientation_item, transformation, frame_type, shared;
        put_text(measures, 0x0018, 0x0050, gdcm::VR::DS, thickness);
        put_text(measures, 0x0028, 0x0030, gdcm::VR::DS, spacing);
        put_text(orientation_item, 0x0020, 0x0037, gdcm::VR::DS, orientation);
        put_text(transformation, 0x0028, 0x1052, gdcm::VR::DS, intercept);
        put_text(transformation, 0x0028, 0x1053, gdcm::VR::DS, slope);
        put_text(transformation, 0x0028, 0x1054, gdcm::VR::LO, "HU");
        put_text(frame_type, 0x0008, 0x9007, gdcm::VR::CS, "DERIVED\\PRIMARY\\VOLUME\\NONE");
        put_sequence(shared, 0x0018, 0x9329, {frame_type});      // CT Image Frame Type Sequence
        put_sequence(shared, 0x0020, 0x9116, {orientation_item}); // Plane Orientation Sequence
        put_sequence(shared, 0x0028, 0x9110, {measures});         // Pixel Measures Sequence
        put_sequence(shared, 0x0028, 0x9145, {transformation});   // Pixel Value Transformation Sequence
        put_sequence(ds, 0x5200, 0x9229, {shared});

        // Per-frame Functional Groups: each frame's content (dimension index) and position.
        std::vector<gdcm::DataSet> frames;
        frames.reserve(static_cast<size_t>(im.frames));
        for (int k = 0; k < im.frames; k++) {
            gdcm::DataSet content, frame;
            put_ul(content, 0x0020, 0x9157, static_cast<uint32_t>(k + 1));  // Dimension Index Values
            put_sequence(frame, 0x0020, 0x9111, {content});                // Frame Content Sequence
            put_sequence(frame, 0x0020, 0x9113, {plane_position(im, k)});  // Plane Position Sequence
            frames.push_back(frame);
        }
        put_sequence(ds, 0x5200, 0x9230, frames);
    }

    ds.Replace(pixel_data(im, ts));
}

int encode(const isw_image *im, uint8_t **out, size_t *out_count, char *err, size_t errlen) {
    try {
        if (im->kind != ISW_CT_IMAGE && im->kind != ISW_ENHANCED_CT_IMAGE) fail(ISW_BAD_ARGUMENT, "unknown IOD kind");
        if (im->columns < 1 || im->rows < 1 || im->columns > 0xffff || im->rows > 0xffff) {
            fail(ISW_BAD_ARGUMENT, "rows and columns must be 1 … 65535");
        }
        if (im->frames < 1 || (im->kind == ISW_CT_IMAGE && im->frames != 1)) {
            fail(ISW_BAD_ARGUMENT, "a CT Image holds one frame, an Enhanced CT Image at least one");
        }
        if (im->bits_stored < 1 || im->bits_stored > 16) fail(ISW_BAD_ARGUMENT, "BitsStored must be 1 … 16");
        if (im->pixel_representation != 0 && im->pixel_representation != 1) {
            fail(ISW_BAD_ARGUMENT, "PixelRepresentation must be 0 or 1");
        }
        const size_t count = static_cast<size_t>(im->columns) * static_cast<size_t>(im->rows) * static_cast<size_t>(im->frames);
        if (im->pixels == nullptr || im->pixel_bytes != count * 2) {
            fail(ISW_BAD_ARGUMENT, "the pixel buffer must hold columns × rows × frames 16-bit values");
        }
        if (im->pixel_bytes > 0xfffffffeu) fail(ISW_BAD_ARGUMENT, "more than 4 GiB of pixel data");
        if (im->positions == nullptr) fail(ISW_BAD_ARGUMENT, "no frame positions");
        if (!(im->pixel_spacing[0] > 0) || !(im->pixel_spacing[1] > 0) || !(im->slice_thickness > 0)) {
            fail(ISW_BAD_ARGUMENT, "pixel spacing and slice thickness must be positive");
        }
        if (!std::isfinite(im->rescale_slope) || im->rescale_slope == 0) fail(ISW_BAD_ARGUMENT, "RescaleSlope must be finite and non-zero");
        check_values(*im, count);
        const gdcm::TransferSyntax ts = transfer_syntax(im->transfer_syntax_uid);

        // On the heap: gdcm::Writer keeps the file in a SmartPointer, which deletes it when the writer goes.
        gdcm::SmartPointer<gdcm::File> file = new gdcm::File;
        build(*im, ts, file->GetDataSet());
        file->GetHeader().SetDataSetTransferSyntax(ts);

        std::ostringstream stream;
        gdcm::Writer writer;
        writer.SetStream(stream);
        writer.SetFile(*file);
        if (!writer.Write()) fail(ISW_ENCODE_FAILED, "GDCM could not serialize the data set");
        const std::string bytes = stream.str();
        auto *buffer = static_cast<uint8_t *>(std::malloc(bytes.size()));
        if (buffer == nullptr) fail(ISW_ENCODE_FAILED, "out of memory");
        std::memcpy(buffer, bytes.data(), bytes.size());
        *out = buffer;
        *out_count = bytes.size();
        return ISW_OK;
    } catch (const Failure &f) {
        set_error(err, errlen, f.message);
        return f.status;
    } catch (const std::exception &e) {
        set_error(err, errlen, std::string("GDCM failed: ") + e.what());
        return ISW_ENCODE_FAILED;
    } catch (...) {
        set_error(err, errlen, "GDCM failed with an unknown exception");
        return ISW_ENCODE_FAILED;
    }
}

}  // namespace

extern "C" int isw_encode(const isw_image *image, uint8_t **out, size_t *out_count, char *err, size_t errlen) {
    if (out) *out = nullptr;
    if (out_count) *out_count = 0;
    if (image == nullptr || out == nullptr || out_count == nullptr) {
        set_error(err, errlen, "no image or output");
        return ISW_BAD_ARGUMENT;
    }
    return guarded(err, errlen, ISW_ENCODE_FAILED, [&] { return encode(image, out, out_count, err, errlen); });
}

extern "C" void isw_buffer_free(uint8_t *bytes) { std::free(bytes); }
