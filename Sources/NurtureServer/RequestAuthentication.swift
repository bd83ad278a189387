import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NurtureApp

/// Who may post events: a bearer token (`Authorization: Bearer TOKEN`), or a request signed with it
/// (`X-Nurture-Timestamp: UNIX-SECONDS` and `X-Nurture-Signature: sha256=HEX`, HMAC-SHA256 under the token
/// of `TIMESTAMP.BODY`), so a webhook sender never puts the token itself on the wire, and a captured
/// request cannot be replayed outside the time window. Every comparison takes the same time whatever differs.
struct RequestAuthentication: Sendable {
    let tokens: [String]
    let window: TimeInterval

    static let signature = HTTPField.Name("X-Nurture-Signature")!
    static let timestamp = HTTPField.Name("X-Nurture-Timestamp")!

    func check(_ headers: HTTPFields, body: [UInt8], now: Date) throws(APIError) {
        guard !tokens.isEmpty else {
            throw APIError(.serviceUnavailable, "event intake is off: set NURTURE_API_TOKEN (or NURTURE_API_TOKEN_FILE) for `nurture serve`")
        }
        if let authorization = headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw APIError(.unauthorized, "Authorization must be 'Bearer TOKEN'", field: "Authorization")
            }
            let given = Array(parts[1].utf8)
            guard tokens.contains(where: { ConstantTime.equal(Array(SHA256.hash(data: given)), Array(SHA256.hash(data: Array($0.utf8)))) }) else {
                throw APIError(.unauthorized, "the bearer token is not valid", field: "Authorization")
            }
            return
        }
        if let signature = headers[Self.signature] {
            guard let stampText = headers[Self.timestamp], let stamp = Int64(stampText) else {
                throw APIError(.unauthorized, "a signed request needs X-Nurture-Timestamp (Unix seconds)", field: "X-Nurture-Timestamp")
            }
            guard abs(now.timeIntervalSince1970 - Double(stamp)) <= window else {
                throw APIError(.unauthorized, "X-Nurture-Timestamp is more than \(Int(window)) s from the server's clock: refused as a possible replay", field: "X-Nurture-Timestamp")
            }
            guard signature.hasPrefix("sha256="), let given = Self.hexBytes(signature.dropFirst(7)), given.count == 32 else {
                throw APIError(.unauthorized, "X-Nurture-Signature must be sha256= and 64 hex digits", field: "X-Nurture-Signature")
            }
            let message = Array("\(stamp).".utf8) + body
            let valid = tokens.contains { token in
                let expected = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(token.utf8)))
                return ConstantTime.equal(Array(expected), given)
            }
            guard valid else { throw APIError(.unauthorized, "X-Nurture-Signature does not match the body", field: "X-Nurture-Signature") }
            return
        }
        throw APIError(.unauthorized, "authentication required: Authorization: Bearer TOKEN, or X-Nurture-Signature")
    }

    private static func hexBytes(_ text: Substring) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case 0x30...0x39: return digit - 0x30
        case 0x61...0x66: return digit - 0x61 + 10
        case 0x41...0x46: return digit - 0x41 + 10
        default: return nil
        }
    }
}
