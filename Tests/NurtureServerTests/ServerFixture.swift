import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NurtureApp
import NurtureCore
import NurtureServer
import NurtureStore
import NurtureTestSupport

/// A real SQLite file behind the real routes, served on a loopback port (HummingbirdTesting's live mode:
/// a real HTTP client over TCP).
final class ServerFixture {
    static let token = "server-tests-api-token-0123456789"
    static let current = "server-tests-current-secret-0123456789"
    static let previous = "server-tests-previous-secret-0123456789"
    static let retired = "server-tests-retired-secret-0123456789"
    /// The clock the server reads: fixed, so `at` defaults and signature windows are exact.
    static let now = Fixtures.now

    let folder: TemporaryFolder
    let store: SQLiteStore
    let wakeup = SendLoopWakeup()
    let statistics = SendLoopStatistics()
    let keys = UnsubscribeKeys(secrets: [current, previous])
    var settings: ServerSettings

    static let formKey = "server-tests-public-form-key"

    init(apiTokens: [String] = [token], maximumBodyBytes: Int = 64 * 1024, formKeys: [String] = []) throws {
        folder = try TemporaryFolder(prefix: "nurture-server")
        store = try SQLiteStore(path: folder.path("store.sqlite"), now: { ServerFixture.now })
        settings = ServerSettings(host: "127.0.0.1", port: 0, maximumBodyBytes: maximumBodyBytes, maximumBatch: 50, apiTokens: apiTokens, addressPolicy: .reservedDomainsAllowed)
        settings.formKeys = formKeys
    }

    func application() -> some ApplicationProtocol {
        let parts = NurtureHTTPServer.Parts(
            intake: store, unsubscribe: UnsubscribeLinkService(suppressions: store, keys: keys, campaigns: [Fixtures.campaign()]),
            wakeup: wakeup, statistics: statistics, clock: { ServerFixture.now })
        return NurtureHTTPServer.application(parts, settings: settings, logger: Logger(label: "server-tests"))
    }

    /// A stored contact, as an import leaves it; returns its id.
    @discardableResult
    func contact(_ email: String) throws -> Int64 {
        _ = try store.importContacts(ArrayRowSource([ContactRecord(email: Fixtures.address(email), firstName: "Ann")]))
        return try require(try store.contact(email: Fixtures.address(email))?.id, "contact id")
    }

    /// Every stored event, of every contact.
    func eventCount() throws -> Int {
        var count = 0
        try store.forEachHistoryBatch(campaign: "lead-nurture", only: nil, batchSize: 500) { page in count += page.reduce(0) { $0 + $1.events.count } }
        return count
    }

    static func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    static let jsonHeaders: HTTPFields = [.contentType: "application/json", .authorization: "Bearer \(token)"]
    static let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .authorization: "Bearer \(token)"]

    /// `X-Nurture-Timestamp` and `X-Nurture-Signature` for `body`, signed at `time` with `key`.
    static func signed(_ body: String, key: String = token, at time: Date = now) -> HTTPFields {
        let stamp = Int64(time.timeIntervalSince1970)
        let mac = HMAC<SHA256>.authenticationCode(for: Array("\(stamp).\(body)".utf8), using: SymmetricKey(data: Array(key.utf8)))
        return [
            .contentType: "application/json",
            HTTPField.Name("X-Nurture-Timestamp")!: String(stamp),
            HTTPField.Name("X-Nurture-Signature")!: "sha256=" + mac.map { String(format: "%02x", $0) }.joined(),
        ]
    }
}

struct RequireFailure: Error, CustomStringConvertible {
    var description: String
}

func require<T>(_ value: T?, _ what: String = "value") throws -> T {
    guard let value else { throw RequireFailure(description: "\(what) is nil") }
    return value
}
