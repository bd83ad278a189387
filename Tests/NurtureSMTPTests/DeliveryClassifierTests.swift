import CCurl
import NurtureCore
import Testing
@testable import NurtureSMTP

struct DeliveryClassifierTests {
    private func attempt(_ code: CURLcode, phase: SMTPPhase = .body, refusal: String? = nil,
                         refusalPhase: SMTPPhase? = nil, bodyComplete: Bool = false) -> SMTPAttempt {
        let reply = refusal.map { SMTPReply(code: Int($0.prefix(3))!, lines: [$0]) }
        return SMTPAttempt(curlCode: code.rawValue, curlText: "curl text", phase: phase, lastReply: reply,
                           refusal: reply, refusalPhase: refusalPhase ?? phase, responseCode: reply?.code ?? 0,
                           bodyComplete: bodyComplete)
    }

    @Test func serverRepliesDecide() {
        let cases: [(SMTPAttempt, DeliveryState, Bool)] = [
            (attempt(CURLE_SEND_ERROR, phase: .recipient, refusal: "550 5.1.1 unknown user"), .bounced, false),
            (attempt(CURLE_SEND_ERROR, phase: .recipient, refusal: "550 mailbox unavailable"), .bounced, false),
            (attempt(CURLE_SEND_ERROR, phase: .recipient, refusal: "550 relaying denied"), .failed, true),
            (attempt(CURLE_SEND_ERROR, phase: .recipient, refusal: "553 sender address rejected"), .pending, true),
            (attempt(CURLE_SEND_ERROR, phase: .recipient, refusal: "553 5.1.8 <maya@x>: Sender address rejected: Domain not found"), .pending, true),
            (attempt(CURLE_SEND_ERROR, phase: .recipient, refusal: "550 5.1.7 bad sender mailbox"), .pending, true),
            (attempt(CURLE_SEND_ERROR, phase: .recipient, refusal: "554 5.7.1 relay denied"), .failed, true),
            (attempt(CURLE_SEND_ERROR, phase: .recipient, refusal: "552 5.2.2 mailbox full"), .deferred, false),   // RFC 5321 §4.5.3.1.10: as 452
            (attempt(CURLE_SEND_ERROR, phase: .recipient, refusal: "452 4.2.2 over quota"), .deferred, false),
            (attempt(CURLE_SEND_ERROR, phase: .mailFrom, refusal: "550 5.1.8 bad sender"), .pending, true),
            (attempt(CURLE_SEND_ERROR, phase: .mailFrom, refusal: "552 5.3.4 too big"), .failed, false),
            (attempt(CURLE_WEIRD_SERVER_REPLY, phase: .body, refusal: "554 5.6.0 rejected", bodyComplete: true), .failed, false),
            (attempt(CURLE_WEIRD_SERVER_REPLY, phase: .body, refusal: "554 5.7.1 spam content", bodyComplete: true), .failed, true),
            (attempt(CURLE_WEIRD_SERVER_REPLY, phase: .body, refusal: "451 4.3.0 try later", bodyComplete: true), .deferred, false),
            (attempt(CURLE_LOGIN_DENIED, phase: .auth, refusal: "535 5.7.8 invalid"), .pending, true),
            (attempt(CURLE_WEIRD_SERVER_REPLY, phase: .greeting, refusal: "554 no service"), .pending, true),
            (attempt(CURLE_WEIRD_SERVER_REPLY, phase: .greeting, refusal: "421 4.3.2 shutting down"), .pending, true),
        ]
        for (attempt, state, stops) in cases {
            let outcome = DeliveryClassifier.outcome(of: attempt)
            #expect(outcome.deliveryState == state, "\(attempt.refusal!) → \(outcome)")
            #expect(outcome.stopsRun == stops, "\(attempt.refusal!) → \(outcome)")
            #expect(outcome.reply == attempt.refusal!.description)
        }
    }

    @Test func transportErrorsDependOnHowFarTheBodyGot() {
        #expect(DeliveryClassifier.outcome(of: attempt(CURLE_OPERATION_TIMEDOUT, bodyComplete: true)).deliveryState == .unknown)
        #expect(DeliveryClassifier.outcome(of: attempt(CURLE_RECV_ERROR, bodyComplete: true)).deliveryState == .unknown)
        #expect(DeliveryClassifier.outcome(of: attempt(CURLE_SEND_ERROR, bodyComplete: false)).deliveryState == .deferred)
        #expect(DeliveryClassifier.outcome(of: attempt(CURLE_OPERATION_TIMEDOUT, phase: .mailFrom)).deliveryState == .deferred)
        #expect(DeliveryClassifier.outcome(of: attempt(CURLE_COULDNT_CONNECT, phase: .greeting)) == .unavailable(reply: "cannot connect: curl text"))
        #expect(DeliveryClassifier.outcome(of: attempt(CURLE_RECV_ERROR, phase: .hello)).stopsRun)
        #expect(DeliveryClassifier.outcome(of: attempt(CURLE_USE_SSL_FAILED, phase: .hello)).stopsRun)
        #expect(DeliveryClassifier.outcome(of: attempt(CURLE_PEER_FAILED_VERIFICATION, phase: .greeting)).stopsRun)
        #expect(DeliveryClassifier.outcome(of: attempt(CURLE_LOGIN_DENIED, phase: .auth)).stopsRun)
    }

    @Test func successKeepsTheServerReply() {
        var ok = attempt(CURLE_OK, bodyComplete: true)
        ok.lastReply = SMTPReply(code: 250, lines: ["250 2.0.0 queued as X"])
        #expect(DeliveryClassifier.outcome(of: ok) == .sent(reply: "250 2.0.0 queued as X"))
    }

    @Test func safeRetryOnlyBeforeData() {
        let early = attempt(CURLE_SEND_ERROR, phase: .mailFrom)
        #expect(SMTPConnection.isSafeToRetry(early, DeliveryClassifier.outcome(of: early)))
        let midBody = attempt(CURLE_SEND_ERROR, phase: .body)
        #expect(!SMTPConnection.isSafeToRetry(midBody, DeliveryClassifier.outcome(of: midBody)))
        let refused = attempt(CURLE_SEND_ERROR, phase: .recipient, refusal: "450 4.2.1 busy")
        #expect(!SMTPConnection.isSafeToRetry(refused, DeliveryClassifier.outcome(of: refused)))
    }
}
