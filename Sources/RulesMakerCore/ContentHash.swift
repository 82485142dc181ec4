import Foundation
import Crypto

/// SHA-256 helpers used for cache keys, deduplication and lockfiles.
public enum ContentHash {
    public static func sha256Hex<D: DataProtocol>(_ data: D) -> String {
        SHA256.hash(data: data).map { byte in
            let s = String(byte, radix: 16)
            return byte < 16 ? "0" + s : s
        }.joined()
    }

    public static func sha256Hex(_ string: String) -> String { sha256Hex(Array(string.utf8)) }
}
