import Foundation
import NurtureApp
import NurtureCore

/// How `nurture serve` listens and whom it trusts.
public struct ServerSettings: Sendable {
    public var host: String
    public var port: Int
    /// The largest request body taken; a larger one gets 413.
    public var maximumBodyBytes: Int
    /// At most this many events in one `POST /events`.
    public var maximumBatch: Int
    /// Bearer tokens accepted, and the keys `X-Nurture-Signature` is checked with
    /// (`NURTURE_API_TOKEN` / `NURTURE_API_TOKEN_FILE`). Empty: `POST /events` is refused (503).
    public var apiTokens: [String]
    /// Public keys a plain HTML form carries as its `form_key` field (`NURTURE_FORM_KEY` /
    /// `NURTURE_FORM_KEY_FILE`): the page is public, so such a post may only record a conversion (a form, a
    /// download, a sign-up, a registration) and may not set a stage or a score.
    public var formKeys: [String] = []
    /// A signed request older (or newer) than this is refused: a captured request cannot be replayed later.
    public var signatureWindow: TimeInterval
    public var addressPolicy: EmailAddress.Policy

    public init(
        host: String = "127.0.0.1", port: Int = 8080, maximumBodyBytes: Int = 256 * 1024, maximumBatch: Int = 1000,
        apiTokens: [String] = [], signatureWindow: TimeInterval = 300, addressPolicy: EmailAddress.Policy = .standard
    ) {
        self.host = host
        self.port = port
        self.maximumBodyBytes = maximumBodyBytes
        self.maximumBatch = maximumBatch
        self.apiTokens = apiTokens
        self.signatureWindow = signatureWindow
        self.addressPolicy = addressPolicy
    }

    /// `127.0.0.1:8080`, `[::1]:8080`, `localhost:80`.
    public static func parseListen(_ text: String) throws -> (host: String, port: Int) {
        var host: Substring
        var portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw NurtureError("--listen '\(text.debugSafe)': expected [IPv6]:PORT, such as [::1]:8080")
            }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw NurtureError("--listen '\(text.debugSafe)': expected HOST:PORT, such as 127.0.0.1:8080")
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, let port = Int(portText), (0...65535).contains(port) else {
            throw NurtureError("--listen '\(text.debugSafe)': expected HOST:PORT with a port from 0 to 65535")
        }
        return (String(host), port)
    }
}
