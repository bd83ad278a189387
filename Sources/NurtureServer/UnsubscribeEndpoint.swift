import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NurtureApp
import NurtureCore

/// `GET /unsubscribe?t=TOKEN` shows the confirm page (and changes nothing); `POST /unsubscribe?t=TOKEN`
/// unsubscribes at once (RFC 8058 one-click: the body is `List-Unsubscribe=One-Click`; the confirm page
/// adds `scope=everything` for its second button) and answers 200 with the same page for a valid, an
/// already-used or an invalid token.
struct UnsubscribeEndpoint: Sendable {
    let service: UnsubscribeLinkService
    let statistics: SendLoopStatistics
    let clock: @Sendable () -> Date
    let logger: Logger
    /// The one-click body is one short field; anything much longer is not ours.
    static let maximumBodyBytes = 4096

    func show(_ request: Request) async -> Response {
        let token = request.uri.queryParameters["t"].map(String.init) ?? ""
        do {
            if let (contact, campaign) = try service.lookup(token) {
                let sender = service.campaigns[campaign]?.sender.name
                return html(.ok, UnsubscribePage.confirm(token: token, email: contact.email, campaign: campaign, sender: sender))
            }
            return html(.ok, UnsubscribePage.invalid)
        } catch {
            logger.error("unsubscribe page: the store could not be read: \(error)")
            return html(.serviceUnavailable, UnsubscribePage.invalid)
        }
    }

    func unsubscribe(_ request: Request) async -> Response {
        let token = request.uri.queryParameters["t"].map(String.init) ?? ""
        var everything = false
        if let buffer = try? await request.body.collect(upTo: Self.maximumBodyBytes),
           let text = String(validating: Array(buffer.readableBytesView), as: UTF8.self),
           let form = try? URLEncodedFormDecoder().decode([String: String].self, from: text) {
            everything = form["scope"] == "everything"
        }
        do {
            switch try service.unsubscribe(token: token, everything: everything, source: "unsubscribe link", at: clock()) {
            case let .unsubscribed(email, campaign):
                statistics.unsubscribed()
                logger.notice("unsubscribe: \(email) from \(campaign.map { "campaign \($0)" } ?? "everything")")
            case let .already(email, campaign):
                logger.info("unsubscribe: \(email) was already unsubscribed from \(campaign.map { "campaign \($0)" } ?? "everything")")
            case .invalid:
                logger.info("unsubscribe: a POST with a token that does not verify; nothing done")
            }
        } catch {
            // The store failed: the person must try again, so this one answer differs (and says nothing of the token).
            logger.error("unsubscribe: the store could not record it: \(error)")
            return html(.serviceUnavailable, UnsubscribePage.invalid)
        }
        return html(.ok, UnsubscribePage.done)
    }

    private func html(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store", HTTPField.Name("Referrer-Policy")!: "no-referrer"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
