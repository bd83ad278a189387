import NurtureCore

/// Where and how to deliver mail.
///
/// `smtp://host:port` means STARTTLS, required (`CURLUSESSL_ALL`); `smtps://host:port` means TLS from
/// the first byte. Certificates are verified. Only a loopback host (127.0.0.0/8, ::1, localhost) may
/// speak plain SMTP and skip verification, for tests and local relays; elsewhere only
/// `allowUnverifiedTLS` turns verification off, and TLS itself is never optional.
public struct SMTPConfiguration: Sendable, CustomStringConvertible {
    public enum Scheme: String, Sendable {
        case smtp
        case smtps
    }

    public let url: String
    public let scheme: Scheme
    public let host: String
    public let port: Int?
    public var user: String?
    public var password: SMTPSecret?
    public var connectTimeout: Duration
    /// How long to wait for each server reply, including the one after the final dot
    /// (`CURLOPT_SERVER_RESPONSE_TIMEOUT`, whole seconds, rounded up).
    public var responseTimeout: Duration
    /// Turns certificate verification off for a non-loopback host. Insecure; for broken test relays only.
    public var allowUnverifiedTLS: Bool
    /// Requires TLS to a loopback host too (it is always required elsewhere).
    public var requireTLSOnLoopback: Bool
    /// Persistent connections the pool keeps (K).
    public var connections: Int
    /// A connection is replaced after this many messages (N).
    public var maxMessagesPerConnection: Int
    /// A connection is replaced once it is this old.
    public var maxConnectionAge: Duration
    /// What every envelope address is checked against again, just before libcurl sees it.
    public var addressPolicy: EmailAddress.Policy

    public init(
        url: String,
        user: String? = nil,
        password: SMTPSecret? = nil,
        connectTimeout: Duration = .seconds(10),
        responseTimeout: Duration = .seconds(30),
        allowUnverifiedTLS: Bool = false,
        requireTLSOnLoopback: Bool = false,
        connections: Int = 4,
        maxMessagesPerConnection: Int = 100,
        maxConnectionAge: Duration = .seconds(300),
        addressPolicy: EmailAddress.Policy = .standard
    ) throws(SMTPConfigurationError) {
        let parsed = try SMTPConfiguration.parse(url)
        self.url = url
        self.scheme = parsed.scheme
        self.host = parsed.host
        self.port = parsed.port
        self.user = user
        self.password = password
        self.connectTimeout = connectTimeout
        self.responseTimeout = responseTimeout
        self.allowUnverifiedTLS = allowUnverifiedTLS
        self.requireTLSOnLoopback = requireTLSOnLoopback
        self.connections = connections
        self.maxMessagesPerConnection = maxMessagesPerConnection
        self.maxConnectionAge = maxConnectionAge
        self.addressPolicy = addressPolicy
        guard connections >= 1, connections <= 64 else {
            throw SMTPConfigurationError("connections must be between 1 and 64, not \(connections)", place: "connections")
        }
        guard maxMessagesPerConnection >= 1 else {
            throw SMTPConfigurationError("must be at least 1", place: "maxMessagesPerConnection")
        }
        guard connectTimeout > .zero, responseTimeout > .zero else {
            throw SMTPConfigurationError("timeouts must be positive", place: "timeouts")
        }
        if user != nil, password == nil {
            throw SMTPConfigurationError("a user is set but no password", place: "password")
        }
        if let user, user.containsLineBreakOrControl {
            throw SMTPConfigurationError("the user name contains a control character", place: "user")
        }
    }

    /// True for 127.0.0.0/8, ::1 and localhost.
    public var isLoopback: Bool { SMTPConfiguration.isLoopback(host: host) }

    /// TLS is required: always off loopback, and on loopback when asked or with smtps.
    public var requiresTLS: Bool { !isLoopback || requireTLSOnLoopback || scheme == .smtps }

    /// Certificates (and host names) are checked.
    public var verifiesCertificates: Bool { !isLoopback && !allowUnverifiedTLS }

    public var description: String {
        var parts = ["url=\(Self.redacted(url))"]
        if let user { parts.append("user=\(user)") }
        if password != nil { parts.append("password=<redacted>") }
        parts.append("tls=\(requiresTLS ? "required" : "optional")")
        parts.append("verify=\(verifiesCertificates ? "yes" : "NO")")
        parts.append("connections=\(connections)")
        return "SMTPConfiguration(\(parts.joined(separator: ", ")))"
    }

    static func isLoopback(host: String) -> Bool {
        let host = host.lowercased()
        if host == "localhost" || host == "localhost." || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets[0] == "127" else { return false }
        return octets.allSatisfy { octet in
            !octet.isEmpty && octet.count <= 3 && octet.allSatisfy(\.isASCIIDigit) && Int(octet)! <= 255
        }
    }

    /// The URL as errors and logs may show it: everything before the last `@` but the scheme replaced by
    /// `***`, whatever the scheme (a mistyped one included) and whatever the password holds (a `/` too):
    /// an SMTP URL has no other use for an `@`.
    public static func redacted(_ url: String) -> String {
        guard let at = url.lastIndex(of: "@") else { return url }
        let scheme = url[..<at].range(of: "://").map { String(url[..<$0.upperBound]) } ?? ""
        return scheme + "***" + String(url[at...])
    }

    static func parse(_ rawURL: String) throws(SMTPConfigurationError) -> (scheme: Scheme, host: String, port: Int?) {
        let place = "SMTP URL"
        let url = rawURL
        // Every message below shows the URL without its credentials.
        let shown = redacted(rawURL)
        guard !url.containsLineBreakOrControl, !url.contains(" ") else {
            throw SMTPConfigurationError("contains spaces or control characters", place: place)
        }
        guard let separator = url.range(of: "://"),
              let scheme = Scheme(rawValue: url[..<separator.lowerBound].lowercased()) else {
            throw SMTPConfigurationError("'\(shown)' must start with smtp:// (STARTTLS) or smtps:// (TLS)", place: place)
        }
        let rest = url[separator.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.contains("@") else {
            throw SMTPConfigurationError("must not contain a user or password; set NURTURE_SMTP_USER and NURTURE_SMTP_PASSWORD",
                                         place: place)
        }
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw SMTPConfigurationError("'\(shown)' has an unclosed IPv6 bracket", place: place)
            }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty {
                throw SMTPConfigurationError("'\(shown)' has text after the IPv6 address", place: place)
            }
        } else if let colon = authority.firstIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { throw SMTPConfigurationError("'\(shown)' has no host", place: place) }
        var port: Int?
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw SMTPConfigurationError("'\(shown)' has an invalid port", place: place)
            }
            port = value
        }
        return (scheme, String(host), port)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
