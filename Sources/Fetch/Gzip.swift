import CZlib

/// Errors decompressing gzip input.
public enum GzipError: Error, Equatable, CustomStringConvertible {
    case corrupt(String)
    case tooLarge(limit: Int)

    public var description: String {
        switch self {
        case .corrupt(let r): return "not valid gzip data (\(r))"
        case .tooLarge(let n): return "decompresses to more than \(n) bytes (a gzip bomb?)"
        }
    }
}

/// gzip/zlib decompression with a hard cap on the output size. The only file that touches zlib.
public enum Gzip {
    public static func isGzip(_ bytes: [UInt8]) -> Bool { bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b }

    public static func decompress(_ input: [UInt8], limit: Int) throws(GzipError) -> [UInt8] {
        var stream = z_stream()
        guard rm_inflate_init_gzip(&stream) == Z_OK else { throw .corrupt("inflateInit failed") }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var input = input
        let status: Int32 = input.withUnsafeMutableBufferPointer { inBuf in
            stream.next_in = inBuf.baseAddress
            stream.avail_in = uInt(inBuf.count)
            while true {
                let ret: Int32 = chunk.withUnsafeMutableBufferPointer { outBuf in
                    stream.next_out = outBuf.baseAddress
                    stream.avail_out = uInt(outBuf.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                if output.count + produced > limit { return Z_MEM_ERROR }
                output.append(contentsOf: chunk[0..<produced])
                if ret == Z_STREAM_END {
                    // Concatenated members: continue if input remains.
                    if stream.avail_in > 0 { inflateReset(&stream); continue }
                    return Z_STREAM_END
                }
                if ret != Z_OK { return ret == Z_BUF_ERROR && stream.avail_in == 0 ? Z_DATA_ERROR : ret }
            }
        }
        switch status {
        case Z_STREAM_END: return output
        case Z_MEM_ERROR: throw .tooLarge(limit: limit)
        default: throw .corrupt(stream.msg.map { String(cString: $0) } ?? "truncated or damaged stream")
        }
    }
}
