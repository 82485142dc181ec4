import Foundation

/// Errors writing output files.
public enum FileWriteError: Error, CustomStringConvertible, Equatable {
    case cannotCreateDirectory(path: String, reason: String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotCreateDirectory(let path, let reason): return "cannot create directory \(path): \(reason)"
        case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
        }
    }
}

/// Writes files atomically: the bytes go to a temporary file in the same directory, which is
/// flushed and then renamed over the destination, so readers see the old file or the new one,
/// never a half-written one.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws(FileWriteError) {
        let dir = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: dir.isEmpty ? "." : dir, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreateDirectory(path: dir, reason: reasonText(error))
        }
        let tmp = (dir.isEmpty ? "." : dir) + "/.\((path as NSString).lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if fd < 0 { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        var offset = 0
        let ok: Bool = bytes.withUnsafeBytes { raw in
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
        let writeErrno = errno
        if !ok || fsync(fd) != 0 {
            let reason = String(cString: strerror(ok ? errno : writeErrno))
            close(fd); unlink(tmp)
            throw .cannotWrite(path: path, reason: reason)
        }
        close(fd)
        if rename(tmp, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(tmp)
            throw .cannotWrite(path: path, reason: reason)
        }
    }

    public static func write(_ string: String, to path: String) throws(FileWriteError) {
        try write(Array(string.utf8), to: path)
    }

    private static func reasonText(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return ns.localizedDescription
    }
}
