import Foundation
import Measurements
import Testing
@testable import CaseRecords

@Suite struct CaseRecordsUnitTests {
    @Test func datesParseOnlyRealCalendarDays() throws {
        #expect(CaseDate("2024-02-29")?.description == "2024-02-29")
        #expect(CaseDate("20240229")?.description == "2024-02-29")
        #expect(CaseDate("2023-02-29") == nil)
        #expect(CaseDate("2024-13-01") == nil)
        #expect(CaseDate("2024-1-01") == nil)
        #expect(CaseDate("1970-01-01")?.dayNumber == 0)
        #expect(CaseDate("2000-03-01")?.dayNumber == 11017)
        let a = try #require(CaseDate("2020-01-01")), b = try #require(CaseDate("2021-01-01"))
        #expect(abs(a.years(to: b) - 366 / 365.2425) < 1e-12)
        #expect(throws: CaseStoreError.badDate("2020-02-30", what: "--date")) { try CaseDate.argument("2020-02-30", what: "--date") }
        #expect(throws: CaseStoreError.noScanDate(source: "scan")) { try CaseDate.ofScan(explicit: nil, studyDate: nil, source: "scan") }
        #expect(try CaseDate.ofScan(explicit: nil, studyDate: "20190314", source: "s").description == "2019-03-14")
    }

    @Test func defaultDatabaseLocation() {
        #expect(CaseDatabaseLocation.resolve(explicit: "a.sqlite", environment: ["IMPLANTSCAN_DB": "b"]) == "a.sqlite")
        #expect(CaseDatabaseLocation.resolve(explicit: nil, environment: ["IMPLANTSCAN_DB": "/x/b.sqlite", "HOME": "/h"]) == "/x/b.sqlite")
        #expect(CaseDatabaseLocation.resolve(explicit: nil, environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"]) == "/d/implantscan/cases.sqlite")
        #expect(CaseDatabaseLocation.resolve(explicit: nil, environment: ["HOME": "/h"]) == "/h/.local/share/implantscan/cases.sqlite")
    }

    @Test func fdiSites() {
        #expect(["11", "36", "48", "55", "85"].allSatisfy(CaseInfo.isFDISite))
        #expect(!["10", "49", "19", "56", "99", "3", "361"].contains(where: CaseInfo.isFDISite))
    }

    @Test func twoScansErrorsCombineAsRootSumSquare() {
        #expect(abs(CaseHistory.combinedErrorMm(voxelMm: 0.25, 0.3) - 0.390_512_483_795_332_9) < 1e-12)
        #expect(abs(CaseHistory.combinedErrorMm(voxelMm: 0.2, 0.2) - 0.2 * 2.0.squareRoot()) < 1e-12)
    }

    /// A buccal dehiscence 3 mm deep, ±30° wide (Gaussian edge), on a flat 0.2 mm crest.
    static func dehiscence(centerDeg: Double) -> [SectorBoneLevel] {
        (0..<72).map { k in
            let a = Double(k) * 5
            let d = SectorGeometry.angularDistance(a, centerDeg)
            return SectorBoneLevel(angleDeg: a, boneLevelMm: 0.2 + 3 * exp(-(d / 30) * (d / 30)))
        }
    }

    @Test func alignmentFindsAKnownRotation() {
        let reference = Self.dehiscence(centerDeg: 0)
        for shift in [20.0, -12.5, 0, 37] {
            let later = Self.dehiscence(centerDeg: shift)
            let al = RotationAlignment.align(reference: reference, to: later)
            #expect(abs(al.angleDeg - shift) <= 1.0, "shift \(shift): found \(al.angleDeg)")
            #expect(al.confidence > 0.99)
            // Rotated back, the later scan's sites match the reference's.
            let back = SectorGeometry.siteValues(al.rotated(later)), want = SectorGeometry.siteValues(reference)
            #expect(abs(back.buccal - want.buccal) < 0.05 && abs(back.mesial - want.mesial) < 0.05)
        }
        #expect(RotationAlignment.align(reference: reference, to: Self.dehiscence(centerDeg: 20)).shouldCorrectSites)
        #expect(!RotationAlignment.align(reference: reference, to: Self.dehiscence(centerDeg: 5)).shouldCorrectSites)
    }

    @Test func flatProfilesCannotBeAligned() {
        let flat = (0..<72).map { SectorBoneLevel(angleDeg: Double($0) * 5, boneLevelMm: 0.4 + 0.01 * Double($0 % 2)) }
        let al = RotationAlignment.align(reference: flat, to: Self.dehiscence(centerDeg: 0))
        #expect(al.angleDeg == 0 && al.confidence == 0 && !al.shouldCorrectSites)
    }

    @Test func albrektssonCriterionKnownAnswers() {
        // 1.0 mm in year one, then 0.15 mm/year: met.
        let ok = AlbrektssonResult.evaluate([(0, 0.5), (1, 1.5), (3, 1.8)], yearsPlacedBeforeFirst: nil)
        #expect(ok.status == .met)
        #expect(abs(ok.yearOneLossMm! - 1.0) < 1e-12 && abs(ok.rateAfterYearOneMmPerYear! - 0.15) < 1e-12)
        // 1.6 mm within half a year: not met, no annual rate yet.
        let early = AlbrektssonResult.evaluate([(0, 0), (0.5, 1.6)], yearsPlacedBeforeFirst: nil)
        #expect(early.status == .notMet && early.rateAfterYearOneMmPerYear == nil)
        // Level 0.5 mm at year one (interpolated), then 1.3 mm over 3 years: 0.433 mm/year, not met.
        let fast = AlbrektssonResult.evaluate([(0, 0), (2, 1.0), (4, 1.8)], yearsPlacedBeforeFirst: nil)
        #expect(abs(fast.yearOneLossMm! - 0.5) < 1e-12 && abs(fast.rateAfterYearOneMmPerYear! - 1.3 / 3) < 1e-12)
        #expect(fast.status == .notMet)
        // Placed two years before the first scan: only the annual rate, from the first scan (0.1 mm/year).
        let late = AlbrektssonResult.evaluate([(0, 1), (2, 1.2)], yearsPlacedBeforeFirst: 2)
        #expect(late.yearOneLossMm == nil && abs(late.rateAfterYearOneMmPerYear! - 0.1) < 1e-12 && late.status == .met)
        #expect(AlbrektssonResult.evaluate([(0, 1)], yearsPlacedBeforeFirst: nil).status == .notAssessable)
    }

    @Test func csvFieldsAreQuotedOnlyWhenNeeded() {
        #expect(CaseExport.quoted("36") == "36")
        #expect(CaseExport.quoted("a,b") == "\"a,b\"")
        #expect(CaseExport.quoted("say \"hi\"") == "\"say \"\"hi\"\"\"")
        let t = CSVTable("a,b\r\n\"x,1\",\"q\"\"\"\r\n")
        #expect(t.header == ["a", "b"] && t.rows == [["a": "x,1", "b": "q\""]])
    }
}
