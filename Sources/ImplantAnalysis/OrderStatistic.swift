/// The k-th smallest of a set of values without sorting it all: quickselect (Hoare's FIND) with a
/// median-of-three pivot, O(n) on average. Gives exactly `values.sorted()[k]`.
enum OrderStatistic {
    /// The k-th smallest value (0-based); reorders `values`.
    static func select(_ k: Int, in values: inout [Double]) -> Double {
        precondition(values.indices.contains(k))
        return values.withUnsafeMutableBufferPointer { v in
            var lo = 0, hi = v.count - 1
            while lo < hi {
                let mid = lo + (hi - lo) / 2
                // Median of three to the middle, as pivot.
                if v[mid] < v[lo] { v.swapAt(mid, lo) }
                if v[hi] < v[lo] { v.swapAt(hi, lo) }
                if v[hi] < v[mid] { v.swapAt(hi, mid) }
                let pivot = v[mid]
                var i = lo, j = hi
                while i <= j {
                    while v[i] < pivot { i += 1 }
                    while pivot < v[j] { j -= 1 }
                    if i <= j { v.swapAt(i, j); i += 1; j -= 1 }
                }
                if k <= j { hi = j } else if k >= i { lo = i } else { return v[k] }
            }
            return v[k]
        }
    }

    /// The middle value (the upper one of an even count), `values.sorted()[values.count / 2]`; `values` not empty.
    static func median(_ values: [Double]) -> Double {
        var values = values
        return select(values.count / 2, in: &values)
    }
}
