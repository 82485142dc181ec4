import Foundation

/// How requests are authenticated.
public enum BedrockAuthentication: Sendable, Equatable, CustomStringConvertible {
    /// Signature Version 4 with access keys.
    case sigV4(AWSCredentials)
    /// A Bedrock API key sent as `Authorization: Bearer …` (long-term `ABSK…` or short-term `bedrock-api-key-…`).
    case bearer(String)

    public var kind: String {
        switch self {
        case .sigV4: return "sigv4"
        case .bearer: return "bearer"
        }
    }

    /// Masked, safe to print.
    public var description: String {
        switch self {
        case .sigV4(let c):
            return "SigV4 access key \(Secret.mask(c.accessKeyId))" + (c.sessionToken == nil ? "" : " with session token")
        case .bearer(let t): return "Bedrock API key \(Secret.mask(t))"
        }
    }
}

/// Credentials with where they came from.
public struct ResolvedCredentials: Sendable, Equatable {
    public var authentication: BedrockAuthentication
    /// e.g. `environment`, `csv:/path/keys.csv`, `shared-credentials:default`, `credential_process:prod`.
    public var source: String
    public var expiration: Date?

    public init(authentication: BedrockAuthentication, source: String, expiration: Date? = nil) {
        self.authentication = authentication
        self.source = source
        self.expiration = expiration
    }
}

/// Resolves credentials once, in this order:
/// 1. explicit: access keys passed in, `--credentials-csv`, or an explicit `--profile`;
/// 2. environment `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`;
/// 3. a Bedrock API key in `AWS_BEARER_TOKEN_BEDROCK`;
/// 4. the shared files `~/.aws/credentials` and `~/.aws/config` (profile from `AWS_PROFILE`, else `default`),
///    including `credential_process`.
///
/// It reads only the environment dictionary and home directory it is given, so tests never see the
/// real environment.
public struct CredentialResolver: Sendable {
    public var environment: [String: String]
    public var homeDirectory: String
    /// `--profile`.
    public var profile: String?
    /// `--credentials-csv`.
    public var credentialsCSV: String?
    /// Keys given explicitly (flags or an embedding program).
    public var explicitCredentials: AWSCredentials?

    public init(environment: [String: String], homeDirectory: String, profile: String? = nil,
                credentialsCSV: String? = nil, explicitCredentials: AWSCredentials? = nil) {
        self.environment = environment
        self.homeDirectory = homeDirectory
        self.profile = profile
        self.credentialsCSV = credentialsCSV
        self.explicitCredentials = explicitCredentials
    }

    public func resolve() throws(BedrockError) -> ResolvedCredentials {
        var tried: [String] = []
        if let explicitCredentials {
            return ResolvedCredentials(authentication: .sigV4(explicitCredentials), source: "flags")
        }
        if let csv = nonEmpty(credentialsCSV) {
            return try Self.readCSV(path: csv)
        }
        if let profile = nonEmpty(profile) {
            if let found = try sharedFiles(profile: profile) { return found }
            throw .invalidCredentials(source: "profile \(profile)", reason: "no such profile with credentials in \(credentialsFilePath) or \(configFilePath)")
        }
        tried.append("flags")
        if let id = nonEmpty(environment["AWS_ACCESS_KEY_ID"]) {
            guard let secret = nonEmpty(environment["AWS_SECRET_ACCESS_KEY"]) else {
                throw .invalidCredentials(source: "environment", reason: "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
            }
            return ResolvedCredentials(authentication: .sigV4(AWSCredentials(accessKeyId: id, secretAccessKey: secret,
                                                                              sessionToken: nonEmpty(environment["AWS_SESSION_TOKEN"]))),
                                       source: "environment")
        }
        tried.append("environment")
        if let token = nonEmpty(environment["AWS_BEARER_TOKEN_BEDROCK"]) {
            return ResolvedCredentials(authentication: .bearer(token), source: "AWS_BEARER_TOKEN_BEDROCK")
        }
        tried.append("AWS_BEARER_TOKEN_BEDROCK")
        let name = nonEmpty(environment["AWS_PROFILE"]) ?? nonEmpty(environment["AWS_DEFAULT_PROFILE"]) ?? "default"
        if let found = try sharedFiles(profile: name) { return found }
        tried.append("shared files (profile \(name))")
        throw .noCredentials(tried: tried)
    }

    /// The profile the shared files are read with.
    public var effectiveProfile: String {
        nonEmpty(profile) ?? nonEmpty(environment["AWS_PROFILE"]) ?? nonEmpty(environment["AWS_DEFAULT_PROFILE"]) ?? "default"
    }

    /// `region` of the effective profile in `~/.aws/config`, if any.
    public func profileRegion() -> String? {
        let config = Self.parseINI(path: configFilePath)
        let name = effectiveProfile
        let section = name == "default" ? (config["default"] ?? config["profile default"]) : config["profile \(name)"]
        return nonEmpty(section?["region"])
    }

    var credentialsFilePath: String {
        nonEmpty(environment["AWS_SHARED_CREDENTIALS_FILE"]).map(expand) ?? homeDirectory + "/.aws/credentials"
    }

    var configFilePath: String {
        nonEmpty(environment["AWS_CONFIG_FILE"]).map(expand) ?? homeDirectory + "/.aws/config"
    }

    private func expand(_ path: String) -> String {
        path.hasPrefix("~/") ? homeDirectory + path.dropFirst(1) : path
    }

    private func sharedFiles(profile name: String) throws(BedrockError) -> ResolvedCredentials? {
        let credentials = Self.parseINI(path: credentialsFilePath)
        let config = Self.parseINI(path: configFilePath)
        let configSection = name == "default" ? (config["default"] ?? config["profile default"]) : config["profile \(name)"]
        for section in [credentials[name], configSection].compactMap({ $0 }) {
            if let id = nonEmpty(section["aws_access_key_id"]), let secret = nonEmpty(section["aws_secret_access_key"]) {
                let source = section == credentials[name] ? "shared-credentials:\(name)" : "shared-config:\(name)"
                return ResolvedCredentials(authentication: .sigV4(AWSCredentials(accessKeyId: id, secretAccessKey: secret,
                                                                                  sessionToken: nonEmpty(section["aws_session_token"]))),
                                           source: source)
            }
        }
        for section in [credentials[name], configSection].compactMap({ $0 }) {
            if let command = nonEmpty(section["credential_process"]) {
                return try runCredentialProcess(command, profile: name)
            }
        }
        return nil
    }

    private func runCredentialProcess(_ command: String, profile: String) throws(BedrockError) -> ResolvedCredentials {
        let source = "credential_process:\(profile)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch {
            throw .invalidCredentials(source: source, reason: "cannot run the command")
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw .invalidCredentials(source: source, reason: "the command exited with status \(process.terminationStatus)")
        }
        struct Output: Decodable {
            var Version: Int?
            var AccessKeyId: String
            var SecretAccessKey: String
            var SessionToken: String?
            var Expiration: String?
        }
        guard let output = try? JSONDecoder().decode(Output.self, from: data) else {
            throw .invalidCredentials(source: source, reason: "the command did not print the expected JSON (Version, AccessKeyId, SecretAccessKey)")
        }
        let expiration = output.Expiration.flatMap { ISO8601DateFormatter().date(from: $0) }
        return ResolvedCredentials(authentication: .sigV4(AWSCredentials(accessKeyId: output.AccessKeyId,
                                                                          secretAccessKey: output.SecretAccessKey,
                                                                          sessionToken: nonEmpty(output.SessionToken))),
                                   source: source, expiration: expiration)
    }

    // MARK: - File formats

    /// Parses an AWS-style INI file into section → key → value (keys lower-cased; missing file → empty).
    public static func parseINI(path: String) -> [String: [String: String]] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        return parseINI(String(decoding: data, as: UTF8.self))
    }

    public static func parseINI(_ text: String) -> [String: [String: String]] {
        var result: [String: [String: String]] = [:]
        var current: String?
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                let name = line.dropFirst().dropLast().split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
                current = name
                if result[name] == nil { result[name] = [:] }
                continue
            }
            guard let current, let eq = line.firstIndex(of: "=") else { continue }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            result[current]?[key] = value
        }
        return result
    }

    /// Reads an IAM access-key CSV or a Bedrock API-key CSV.
    public static func readCSV(path: String) throws(BedrockError) -> ResolvedCredentials {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .invalidCredentials(source: "csv:\(path)", reason: "cannot read the file")
        }
        return try parseCSV(String(decoding: data, as: UTF8.self), source: "csv:\(path)")
    }

    /// Accepts `User name,Password,Access key ID,Secret access key,Console login link`,
    /// `Access key ID,Secret access key` and `API key name,API key` (headers case-insensitive,
    /// BOM and CRLF tolerated).
    public static func parseCSV(_ text: String, source: String) throws(BedrockError) -> ResolvedCredentials {
        var text = text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let rows = csvRows(text).filter { !$0.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
        guard rows.count >= 2 else {
            throw .invalidCredentials(source: source, reason: "expected a header row and a data row")
        }
        let header = rows[0].map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let row = rows[1].map { $0.trimmingCharacters(in: .whitespaces) }
        func column(_ names: String...) -> String? {
            for name in names {
                if let i = header.firstIndex(of: name), i < row.count, !row[i].isEmpty { return row[i] }
            }
            return nil
        }
        if let id = column("access key id", "access_key_id", "aws_access_key_id"),
           let secret = column("secret access key", "secret_access_key", "aws_secret_access_key") {
            return ResolvedCredentials(authentication: .sigV4(AWSCredentials(accessKeyId: id, secretAccessKey: secret,
                                                                              sessionToken: column("session token", "aws_session_token"))),
                                       source: source)
        }
        if let key = column("api key", "api_key", "bedrock api key") {
            return ResolvedCredentials(authentication: .bearer(key), source: source)
        }
        throw .invalidCredentials(source: source, reason: "no 'Access key ID'/'Secret access key' or 'API key' columns (found: \(header.joined(separator: ", ")))")
    }

    static func csvRows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let c = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
                continue
            }
            switch c {
            case "\"": quoted = true
            case ",": row.append(field); field = ""
            case "\r": break
            case "\n": row.append(field); rows.append(row); row = []; field = ""
            default: field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}

func nonEmpty(_ s: String?) -> String? {
    guard let s, !s.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
    return s.trimmingCharacters(in: .whitespaces)
}
