import Foundation

/// Test PNGs made by an encoder independent of the code under test: a small PNG writer and reader in
/// Python (zlib + struct only), so a known answer never comes from `CPNGBridge` itself.
enum PNGFixtures {
    /// One image for the Python writer. `samples` holds width × height × channels values, x fastest.
    struct Image: Encodable {
        var path: String
        var width: Int
        var height: Int
        var bitDepth: Int
        /// PNG colour type: 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA.
        var colorType: Int = 0
        var interlace: Bool = false
        var samples: [Int]
        /// RGB triples for colour type 3.
        var palette: [Int]? = nil
        /// Split the compressed data over this many IDAT chunks.
        var idatChunks: Int = 1
    }

    /// What the Python reader found in a PNG (non-interlaced only).
    struct Decoded: Decodable, Equatable {
        var width: Int
        var height: Int
        var bitDepth: Int
        var colorType: Int
        var samples: [Int]
    }

    /// A new empty folder under the system's temporary folder.
    static func makeFolder() throws -> String {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("implantscan-png-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    static func removeFolder(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `images` with the Python encoder.
    static func write(_ images: [Image]) throws {
        guard let first = images.first else { return }
        let spec = (first.path as NSString).deletingLastPathComponent + "/.png-spec-\(UUID().uuidString).json"
        try JSONEncoder().encode(images).write(to: URL(fileURLWithPath: spec))
        defer { try? FileManager.default.removeItem(atPath: spec) }
        _ = try runPython(["write", spec])
    }

    /// Decodes the PNG at `path` with the Python reader.
    static func decode(_ path: String) throws -> Decoded {
        try JSONDecoder().decode(Decoded.self, from: runPython(["read", path]))
    }

    private static func runPython(_ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FixtureError(message: String(decoding: message, as: UTF8.self))
        }
        return data
    }

    struct FixtureError: Error, CustomStringConvertible {
        var message: String
        var description: String { "python fixture failed: \(message)" }
    }

    /// Writes PNGs by hand (PNG specification: chunks with CRC-32, zlib stream, filter type 0 per
    /// scanline, Adam7 passes) and reads non-interlaced ones back (undoing all five filter types).
    static let script = #"""
import json, struct, sys, zlib

CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

def pack(values, depth):
    if depth == 16:
        return b"".join(struct.pack(">H", v) for v in values)
    if depth == 8:
        return bytes(values)
    per_byte = 8 // depth
    out = bytearray()
    for start in range(0, len(values), per_byte):
        byte = 0
        for k, v in enumerate(values[start:start + per_byte]):
            byte |= v << (8 - depth * (k + 1))
        out.append(byte)
    return bytes(out)

def write(image):
    w, h, depth, ct = image["width"], image["height"], image["bitDepth"], image["colorType"]
    ch, s = CHANNELS[ct], image["samples"]
    assert len(s) == w * h * ch
    passes = ADAM7 if image["interlace"] else [(0, 0, 1, 1)]
    raw = bytearray()
    for x0, y0, dx, dy in passes:
        xs = range(x0, w, dx)
        if len(xs) == 0:
            continue
        for y in range(y0, h, dy):
            row = [v for x in xs for v in s[(y * w + x) * ch:(y * w + x + 1) * ch]]
            raw.append(0)
            raw += pack(row, depth)
    data = zlib.compress(bytes(raw))
    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ct, 0, 0, 1 if image["interlace"] else 0))
    if image.get("palette"):
        png += chunk(b"PLTE", bytes(image["palette"]))
    parts = image["idatChunks"]
    size = (len(data) + parts - 1) // parts
    for start in range(0, len(data), size):
        png += chunk(b"IDAT", data[start:start + size])
    png += chunk(b"IEND", b"")
    with open(image["path"], "wb") as f:
        f.write(png)

def read(path):
    png = open(path, "rb").read()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        body = png[pos + 8:pos + 8 + length]
        assert struct.unpack(">I", png[pos + 8 + length:pos + 12 + length])[0] == zlib.crc32(kind + body) & 0xFFFFFFFF
        if kind == b"IHDR":
            w, h, depth, ct, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert interlace == 0
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    bpp = max(1, CHANNELS[ct] * depth // 8)
    stride = (w * CHANNELS[ct] * depth + 7) // 8
    previous, rows = bytearray(stride), []
    for y in range(h):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = previous[i]
            c = previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
            else:
                assert kind == 0
        rows.append(bytes(line))
        previous = line
    samples = []
    for line in rows:
        if depth == 16:
            samples += [struct.unpack(">H", line[i:i + 2])[0] for i in range(0, w * CHANNELS[ct] * 2, 2)]
        else:
            samples += list(line[:w * CHANNELS[ct]])
    print(json.dumps({"width": w, "height": h, "bitDepth": depth, "colorType": ct, "samples": samples}))

if sys.argv[1] == "write":
    for image in json.load(open(sys.argv[2])):
        write(image)
else:
    read(sys.argv[2])
"""#
}
