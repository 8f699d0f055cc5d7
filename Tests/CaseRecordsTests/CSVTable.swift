/// A small RFC 4180 reader for the tests: quoted fields, doubled quotes, CRLF or LF line ends.
struct CSVTable {
    var header: [String]
    var rows: [[String: String]]

    init(_ text: String) {
        var records: [[String]] = [], field = "", record: [String] = [], quoted = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                record.append(field); field = ""
            } else if c == "\n" || c == "\r\n" || c == "\r" {
                if c == "\r", chars.first == "\n" { chars.removeFirst() }
                record.append(field); field = ""
                records.append(record); record = []
            } else {
                field.append(c)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        let names = records.first ?? []
        header = names
        rows = records.dropFirst().map { r in Dictionary(uniqueKeysWithValues: zip(names, r).map { ($0, $1) }) }
    }
}
