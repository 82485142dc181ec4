import CSQLite

/// A value bound to, or read from, an SQL statement.
enum SQLiteValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    var int: Int? { if case .integer(let v) = self { return Int(v) }; return nil }
    var double: Double? {
        switch self {
        case .real(let v): return v
        case .integer(let v): return Double(v)
        default: return nil
        }
    }
    var string: String? { if case .text(let v) = self { return v }; return nil }
    var bytes: [UInt8]? {
        switch self {
        case .blob(let v): return v
        case .text(let v): return Array(v.utf8)
        case .null: return []
        default: return nil
        }
    }
}

/// An SQLite failure, with the database file it is about.
struct SQLiteError: Error, Sendable, CustomStringConvertible {
    var path: String
    /// The extended result code.
    var code: Int32
    var message: String

    /// Another connection holds the lock longer than the busy timeout.
    var isBusy: Bool { code & 0xff == SQLITE_BUSY || code & 0xff == SQLITE_LOCKED }
    /// The file is not an SQLite database, or a damaged one.
    var isDamagedFile: Bool { code & 0xff == SQLITE_NOTADB || code & 0xff == SQLITE_CORRUPT }

    var description: String { "\(path): \(message) (SQLite error \(code))" }
}

/// One connection to an SQLite database file: the only type that touches libsqlite3.
///
/// Not thread-safe by itself (opened with `SQLITE_OPEN_NOMUTEX`): its owner uses it from one thread
/// at a time, e.g. behind a `Mutex`. Prepared statements are cached per SQL text; text and blobs are
/// bound in place for the duration of one `query` call (text is copied by SQLite, blobs are not).
final class SQLiteConnection {
    let path: String
    private let db: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]

    /// Opens (creating when `create`) the database at `path`; a locked database is waited for up to `busyTimeout`.
    init(path: String, create: Bool = true, busyTimeout: Duration = .seconds(10)) throws(SQLiteError) {
        self.path = path
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &handle, flags, nil)
        guard rc == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            if let handle { sqlite3_close_v2(handle) }
            throw SQLiteError(path: path, code: rc, message: message)
        }
        db = handle
        sqlite3_extended_result_codes(db, 1)
        let (s, atto) = busyTimeout.components
        sqlite3_busy_timeout(db, Int32(clamping: s * 1000 + atto / 1_000_000_000_000_000))
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(db)
    }

    /// Runs one or more statements without parameters or results (schema, pragmas, BEGIN/COMMIT).
    func execute(_ sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(db, sql, nil, nil, &message)
        guard rc == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_free(message)
            throw SQLiteError(path: path, code: sqlite3_extended_errcode(db), message: text)
        }
    }

    /// Binds every value but blobs to the `?` parameters of `statement` (blobs are bound in
    /// `withBlobsBound`, without a copy).
    private func bindScalars(_ values: [SQLiteValue], to statement: OpaquePointer) throws(SQLiteError) {
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            let rc: Int32
            switch value {
            case .null: rc = sqlite3_bind_null(statement, index)
            case .integer(let v): rc = sqlite3_bind_int64(statement, index, v)
            case .real(let v): rc = sqlite3_bind_double(statement, index, v)
            case .text(let v): rc = rm_sqlite_bind_text(statement, index, v, -1)
            case .blob: continue
            }
            guard rc == SQLITE_OK else { throw error(rc) }
        }
    }

    /// Runs one statement with `values` bound to its `?` parameters; returns its rows.
    @discardableResult
    func query(_ sql: String, _ values: [SQLiteValue] = []) throws(SQLiteError) -> [[SQLiteValue]] {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        try bindScalars(values, to: statement)
        return try withBlobsBound(values[...], to: statement) { () throws(SQLiteError) -> [[SQLiteValue]] in try rows(of: statement) }
    }

    /// Binds the blobs among `values` in place (SQLite reads them during `body`, which steps the statement).
    private func withBlobsBound<T>(_ values: ArraySlice<SQLiteValue>, to statement: OpaquePointer,
                                   _ body: () throws(SQLiteError) -> T) throws(SQLiteError) -> T {
        guard let i = values.firstIndex(where: { if case .blob = $0 { return true }; return false }), case .blob(let bytes) = values[i] else {
            return try body()
        }
        let result: Result<T, SQLiteError> = bytes.withUnsafeBytes { raw in
            let rc = rm_sqlite_bind_blob_static(statement, Int32(i + 1), raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(clamping: raw.count))
            guard rc == SQLITE_OK else { return .failure(error(rc)) }
            do throws(SQLiteError) { return .success(try withBlobsBound(values[(i + 1)...], to: statement, body)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    private func rows(of statement: OpaquePointer) throws(SQLiteError) -> [[SQLiteValue]] {
        var rows: [[SQLiteValue]] = []
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { return rows }
            guard rc == SQLITE_ROW else { throw error(rc) }
            rows.append(columns(of: statement, from: 0))
        }
    }

    /// The current row's columns from `first` on.
    private func columns(of statement: OpaquePointer, from first: Int32) -> [SQLiteValue] {
        let count = sqlite3_column_count(statement)
        var row: [SQLiteValue] = []
        row.reserveCapacity(Int(max(0, count - first)))
        for c in first..<max(first, count) {
            switch sqlite3_column_type(statement, c) {
            case SQLITE_INTEGER: row.append(.integer(sqlite3_column_int64(statement, c)))
            case SQLITE_FLOAT: row.append(.real(sqlite3_column_double(statement, c)))
            case SQLITE_TEXT:
                let n = Int(sqlite3_column_bytes(statement, c))
                let text = sqlite3_column_text(statement, c).map { String(decoding: UnsafeBufferPointer(start: $0, count: n), as: UTF8.self) } ?? ""
                row.append(.text(text))
            case SQLITE_BLOB:
                let pointer = sqlite3_column_blob(statement, c)
                let n = Int(sqlite3_column_bytes(statement, c))
                row.append(.blob(pointer.map { Array(UnsafeRawBufferPointer(start: $0, count: n)) } ?? []))
            default: row.append(.null)
            }
        }
        return row
    }

    /// Runs `sql`, whose first result column is the rowid of a row of `table`, and returns the first
    /// result row's other columns with that row's `column` (a blob), or nil when there is no row.
    ///
    /// The blob is read straight into the returned array through SQLite's incremental blob I/O. Selected
    /// as a column, a blob that spans overflow pages is first assembled in a buffer of SQLite's and then
    /// copied again (two allocations and two copies of every cached page body). The blob is read while
    /// the query's statement is still active, so both come from the same read transaction.
    func firstRow(_ sql: String, _ values: [SQLiteValue], blobOf table: String, column: String) throws(SQLiteError) -> (columns: [SQLiteValue], blob: [UInt8])? {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        try bindScalars(values, to: statement)
        return try withBlobsBound(values[...], to: statement) { () throws(SQLiteError) -> (columns: [SQLiteValue], blob: [UInt8])? in
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { return nil }
            guard rc == SQLITE_ROW else { throw error(rc) }
            let rowid = sqlite3_column_int64(statement, 0)
            let row = columns(of: statement, from: 1)
            var handle: OpaquePointer?
            let opened = sqlite3_blob_open(db, "main", table, column, rowid, 0, &handle)
            guard opened == SQLITE_OK, let handle else {
                if let handle { sqlite3_blob_close(handle) }
                throw error(opened)
            }
            defer { sqlite3_blob_close(handle) }
            let count = Int(sqlite3_blob_bytes(handle))
            var readCode = SQLITE_OK
            let blob = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                readCode = count == 0 ? SQLITE_OK : sqlite3_blob_read(handle, buffer.baseAddress, Int32(count), 0)
                initialized = readCode == SQLITE_OK ? count : 0
            }
            guard readCode == SQLITE_OK else { throw error(readCode) }
            return (row, blob)
        }
    }

    /// The rowid of the last row inserted on this connection.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(db) }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changes: Int { Int(sqlite3_changes(db)) }

    /// Whether a transaction is open (BEGIN without COMMIT or ROLLBACK yet).
    var inTransaction: Bool { sqlite3_get_autocommit(db) == 0 }

    private func prepared(_ sql: String) throws(SQLiteError) -> OpaquePointer {
        if let s = statements[sql] { return s }
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw error(rc) }
        statements[sql] = statement
        return statement
    }

    private func error(_ rc: Int32) -> SQLiteError {
        SQLiteError(path: path, code: sqlite3_extended_errcode(db), message: String(cString: sqlite3_errmsg(db)))
    }
}
