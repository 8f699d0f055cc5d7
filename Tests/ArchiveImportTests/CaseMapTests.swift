import Foundation
import Measurements
import Testing
@testable import ArchiveImport
@testable import Batch
@testable import CaseRecords

@Suite struct CaseMapTests {
    @Test func readsQuotedFieldsCRLFAndAByteOrderMark() throws {
        let m = try CaseMap.parse("\u{FEFF}case,site,scan,date\r\n\"K, 1\",36,\"clinic/\"\"a\"\"\",2024-05-02\r\n\r\nK2,46,b,\r\n", path: "m.csv")
        #expect(m.assignments == [
            "clinic/\"a\"": CaseAssignment(caseID: "K, 1", site: "36", date: CaseDate("2024-05-02")),
            "b": CaseAssignment(caseID: "K2", site: "46"),
        ])
    }

    @Test func refusesWithTheLine() {
        func refusal(_ text: String) -> String? {
            do { _ = try CaseMap.parse(text, path: "m.csv"); return nil } catch { return "\(error)" }
        }
        #expect(refusal("scan,case\na,K\n") == "m.csv:1: no \"site\" column (required: scan, case, site)")
        #expect(refusal("scan,case,site,patient\n") == "m.csv:1: unknown column \"patient\" (columns: scan, case, site, date, implant)")
        #expect(refusal("scan,case,site\na,K,36\na,L,36\n") == "m.csv:3: scan a is listed twice")
        #expect(refusal("scan,case,site\na,K,36\nb,K,46\n") == "m.csv:3: case K has site 36 on an earlier line and 46 here")
        #expect(refusal("scan,case,site\na,K,99\n") == "m.csv:2: site 99: not an FDI tooth number (11–48, 51–85)")
        #expect(refusal("scan,case,site,implant\na,K,36,0\n") == "m.csv:2: implant 0: not a number from 1")
        #expect(refusal("scan,case,site\na,K\n") == "m.csv:2: 2 fields where the header has 3")
        #expect(refusal("scan,case,site\n\"a,K,36\n") == "m.csv:2: a quoted field is not closed")
        #expect(refusal("") == "m.csv: empty: needs a header (scan,case,site)")
    }
}
