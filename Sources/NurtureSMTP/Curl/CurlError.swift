import CCurl

/// A libcurl call that failed: the `CURLcode`, libcurl's text for it, and where it happened.
public struct CurlError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The raw `CURLcode`.
    public let code: UInt32
    /// `curl_easy_strerror`'s text for `code`.
    public let message: String
    /// The call (and option) that failed.
    public let place: String

    init(_ code: CURLcode, place: String) {
        self.code = code.rawValue
        self.message = String(cString: curl_easy_strerror(code))
        self.place = place
    }

    public var description: String { "\(place): \(message) (curl error \(code))" }
}
