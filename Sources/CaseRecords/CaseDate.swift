import Foundation

/// A calendar date (no time, no zone) as stored in the case records: "YYYY-MM-DD".
public struct CaseDate: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int

    /// Parses "YYYY-MM-DD" or DICOM's "YYYYMMDD"; nil unless it is a real calendar date.
    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        let digits: [Substring]
        if t.count == 10, t.dropFirst(4).first == "-", t.dropFirst(7).first == "-" {
            digits = [t.prefix(4), t.dropFirst(5).prefix(2), t.dropFirst(8).prefix(2)]
        } else if t.count == 8 {
            digits = [t.prefix(4), t.dropFirst(4).prefix(2), t.dropFirst(6).prefix(2)]
        } else {
            return nil
        }
        guard digits.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let y = Int(digits[0]), let m = Int(digits[1]), let d = Int(digits[2]),
              (1...12).contains(m), d >= 1, d <= Self.daysInMonth(m, year: y), y >= 1800 else { return nil }
        (year, month, day) = (y, m, d)
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    /// Days since 1970-01-01 (proleptic Gregorian).
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// Mean Gregorian year, for rates per year.
    public static let daysPerYear = 365.2425

    /// Years from `self` to `later` (negative when `later` is earlier).
    public func years(to later: CaseDate) -> Double { Double(later.dayNumber - dayNumber) / Self.daysPerYear }

    public static func < (a: CaseDate, b: CaseDate) -> Bool { a.dayNumber < b.dayNumber }

    static func daysInMonth(_ m: Int, year y: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

extension CaseDate: Codable {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let d = CaseDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
        }
        self = d
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension CaseDate {
    /// A date given on the command line (`what` names the option), or nil when none was given.
    public static func argument(_ text: String?, what: String) throws -> CaseDate? {
        guard let text else { return nil }
        guard let d = CaseDate(text) else { throw CaseStoreError.badDate(text, what: what) }
        return d
    }

    /// A scan's date: `--date` when given, else its DICOM StudyDate.
    public static func ofScan(explicit: CaseDate?, studyDate: String?, source: String) throws -> CaseDate {
        if let explicit { return explicit }
        guard let s = studyDate, !s.isEmpty else { throw CaseStoreError.noScanDate(source: source) }
        guard let d = CaseDate(s) else { throw CaseStoreError.badDate(s, what: "\(source): StudyDate") }
        return d
    }
}
