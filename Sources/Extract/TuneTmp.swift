import Foundation
enum Tune {
    static let values: [String: Double] = {
        var out: [String: Double] = [:]
        for kv in (ProcessInfo.processInfo.environment["RM_TUNE"] ?? "").split(separator: ",") {
            let p = kv.split(separator: "="); if p.count == 2, let v = Double(p[1]) { out[String(p[0])] = v }
        }
        return out
    }()
    static func get(_ k: String, _ d: Double) -> Double { values[k] ?? d }
}
