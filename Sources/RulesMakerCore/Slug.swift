/// File-name-safe slugs: lower-case ASCII letters, digits and single hyphens; never empty,
/// never `.` or `..`, no path separators, no `:`; at most 64 bytes.
public enum Slug {
    public static func make(_ text: String, fallback: String = "rules") -> String {
        var out = ""
        var lastWasHyphen = true
        var cutMidWord = false
        let scalars = Array(text.unicodeScalars)
        for (k, scalar) in scalars.enumerated() {
            let c = Character(scalar)
            if scalar.isASCII, c.isLetter || c.isNumber {
                out.append(Character(c.lowercased()))
                lastWasHyphen = false
            } else if !lastWasHyphen {
                out.append("-")
                lastWasHyphen = true
            }
            if out.utf8.count >= 64 {
                let next = k + 1 < scalars.count ? Character(scalars[k + 1]) : " "
                cutMidWord = !lastWasHyphen && next.isASCII && (next.isLetter || next.isNumber)
                break
            }
        }
        // A name cut at the limit ends at a whole word ("…-futures-and", not "…-futures-an").
        // (Unless that would drop more than a short word's worth.)
        if cutMidWord, let hyphen = out.lastIndex(of: "-"), out.distance(from: hyphen, to: out.endIndex) <= 16 { out = String(out[..<hyphen]) }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? fallback : out
    }

    /// Makes `slugs` unique by appending `-2`, `-3`, … in order of appearance.
    public static func uniqued(_ slugs: [String]) -> [String] {
        var seen: [String: Int] = [:]
        var used = Set<String>()
        return slugs.map { slug in
            var candidate = slug
            var n = seen[slug, default: 1]
            while used.contains(candidate) {
                n += 1
                candidate = "\(slug)-\(n)"
            }
            seen[slug] = n
            used.insert(candidate)
            return candidate
        }
    }
}
