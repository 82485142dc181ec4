import Glibc

/// Byte-level string helpers for the hot paths: `String.contains(_: String)` goes through Foundation
/// and costs more than the whole libxml2 parse when called for every element.
enum ASCII {
    /// `s` as bytes, ASCII letters lower-cased.
    @inline(__always)
    static func lowered(_ s: some StringProtocol) -> [UInt8] {
        // Through the contiguous bytes when there are any: iterating a Substring's UTF-8 view walks
        // `String.Index`es, several times the cost per byte.
        if let out = s.utf8.withContiguousStorageIfAvailable({ b in
            [UInt8](unsafeUninitializedCapacity: b.count) { buffer, count in
                for k in 0..<b.count { let c = b[k]; buffer[k] = c >= 65 && c <= 90 ? c | 0x20 : c }
                count = b.count
            }
        }) {
            return out
        }
        var out = [UInt8]()
        out.reserveCapacity(s.utf8.count)
        for b in s.utf8 { out.append(b >= 65 && b <= 90 ? b | 0x20 : b) }
        return out
    }

    /// Whether `s` contains `needle` (given in lower case), ASCII letters compared case-insensitively,
    /// without allocating.
    static func containsIgnoringCase(_ s: String, _ needle: StaticString) -> Bool {
        var s = s
        return s.withUTF8 { h in
            let n = needle.utf8CodeUnitCount
            guard n > 0 else { return true }
            guard h.count >= n else { return false }
            let nb = UnsafeBufferPointer(start: needle.utf8Start, count: n)
            var i = 0
            while i <= h.count - n {
                var j = 0
                while j < n {
                    let b = h[i + j]
                    if (b >= 65 && b <= 90 ? b | 0x20 : b) != nb[j] { break }
                    j += 1
                }
                if j == n { return true }
                i += 1
            }
            return false
        }
    }

    /// Whether `needle` (not empty) occurs in `haystack`: `memchr` finds each candidate first byte.
    static func find(_ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = needle.count, h = haystack.count
        guard n > 0 else { return true }
        guard n <= h, let base = haystack.baseAddress else { return false }
        let first = Int32(needle[0])
        var i = 0
        while i <= h - n {
            guard let hit = memchr(base + i, first, h - n + 1 - i) else { return false }
            i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            var k = 1
            while k < n && haystack[i + k] == needle[k] { k += 1 }
            if k == n { return true }
            i += 1
        }
        return false
    }
}

extension StringProtocol {
    /// Byte-wise substring test (case-sensitive), without Foundation's locale-aware search.
    @inline(__always)
    func has(_ needle: String) -> Bool {
        var n = needle
        return n.withUTF8 { nb in
            guard nb.count > 0 else { return true }
            // In place through the contiguous bytes (walking `String.Index`es costs far more per byte).
            if let found = self.utf8.withContiguousStorageIfAvailable({ h -> Bool in
                ASCII.find(nb, in: h)
            }) {
                return found
            }
            let h = Array(self.utf8)
            return h.withUnsafeBufferPointer { ASCII.find(nb, in: $0) }
        }
    }
}
