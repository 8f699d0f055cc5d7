/// Natural ordering of file names, as people number slices: `slice2` before `slice10`.
///
/// Names are compared from the left. Where both have a run of ASCII digits, the runs compare by
/// numeric value (any length, no overflow; leading zeros do not count); elsewhere characters compare
/// case-insensitively (a digit against a non-digit as characters). A name that runs out first comes
/// first. Names that still tie (`s01` and `s1`, `A1` and `a1`) are ordered by plain string
/// comparison, so the order is total.
public enum NaturalOrder {
    /// Whether `a` comes before `b`.
    public static func areInIncreasingOrder(_ a: String, _ b: String) -> Bool {
        Key(a) < Key(b)
    }

    /// `names` in natural order.
    public static func sorted(_ names: [String]) -> [String] {
        sorted(names) { $0 }
    }

    /// `items` in the natural order of `name(item)`; each name is prepared once, not per comparison.
    public static func sorted<Item>(_ items: [Item], by name: (Item) -> String) -> [Item] {
        items.map { (Key(name($0)), $0) }.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// A name lower-cased into Unicode scalars, with the name itself as the final tie-break.
    private struct Key: Comparable {
        let scalars: [Unicode.Scalar]
        let name: String

        init(_ name: String) {
            self.name = name
            scalars = Array(name.lowercased().unicodeScalars)
        }

        static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar >= "0" && scalar <= "9" }

        /// The end of the digit run starting at `start`.
        static func digitRunEnd(_ s: [Unicode.Scalar], from start: Int) -> Int {
            var end = start
            while end < s.count, isDigit(s[end]) { end += 1 }
            return end
        }

        /// Compares the digit runs `a[i..<ia]` and `b[j..<jb]` by value: negative, zero or positive.
        static func compareNumbers(_ a: [Unicode.Scalar], _ i: Int, _ ia: Int,
                                   _ b: [Unicode.Scalar], _ j: Int, _ jb: Int) -> Int {
            var i = i, j = j
            while i < ia - 1, a[i] == "0" { i += 1 }
            while j < jb - 1, b[j] == "0" { j += 1 }
            if ia - i != jb - j { return ia - i < jb - j ? -1 : 1 }
            while i < ia {
                if a[i] != b[j] { return a[i] < b[j] ? -1 : 1 }
                i += 1
                j += 1
            }
            return 0
        }

        static func < (a: Key, b: Key) -> Bool {
            let x = a.scalars, y = b.scalars
            var i = 0, j = 0
            while i < x.count, j < y.count {
                if isDigit(x[i]), isDigit(y[j]) {
                    let ie = digitRunEnd(x, from: i), je = digitRunEnd(y, from: j)
                    let order = compareNumbers(x, i, ie, y, j, je)
                    if order != 0 { return order < 0 }
                    i = ie
                    j = je
                } else {
                    if x[i] != y[j] { return x[i] < y[j] }
                    i += 1
                    j += 1
                }
            }
            let restX = x.count - i, restY = y.count - j
            if restX != restY { return restX < restY }
            return a.name < b.name
        }
    }
}
