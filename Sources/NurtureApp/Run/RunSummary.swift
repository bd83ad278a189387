import Foundation
import NurtureCore

/// What a run did, for the closing summary and the exit status.
public struct RunSummary: Sendable {
    public var sent = 0
    public var deferred = 0
    public var bounced = 0
    public var failed = 0
    public var unknown = 0
    /// Contacts whose message could not be built (a template variable missing, an unsafe value …).
    public var skipped: [Skipped] = []
    /// Messages another run had already claimed: not sent by this one.
    public var alreadyClaimed = 0
    /// `sending` entries of an interrupted earlier run, now `unknown`.
    public var interrupted = 0
    /// Pending or deferred entries of earlier runs picked up again.
    public var resumed = 0
    /// What the server said when it stopped the run (auth failure, policy rejection …).
    public var fatal: String?
    public var reachedLimit = false
    /// The run was asked to stop (SIGINT, SIGTERM): in-flight messages were finished and recorded, the
    /// rest stays for the next run.
    public var cancelled = false
    /// Due sends that pacing held back, by rule, with one reason of each as an example.
    public var held: [PacingRule: Int] = [:]
    public var heldExample: [PacingRule: String] = [:]
    /// The relay cap that stopped the run, when one did.
    public var relayHold: PacingHold?
    /// The run stopped after a message's outcome became unknown (the relay went silent after the final
    /// dot): every further message would cost the timeout and end unknown too.
    public var stoppedAfterUnknown: String?
    /// Claimed messages the run did not get to (stopped, capped, throttled): they go on the next run.
    public var stillDue = 0
    /// Throttled messages tried again in this run.
    public var retriedThisRun = 0
    /// How often the relay asked to slow down, and the rate in force at the end (nil: no limit).
    public var throttles = 0
    public var finalRate: Double?
    /// Per recipient domain with limits: what went, at what effective rate (`RelayPacer.domainLines`).
    public var domainLines: [String] = []

    /// The earliest time something this run did not send becomes due: a held message's slot, a follow-up's
    /// delay, a deferred message's retry. A send loop sleeps until then (or until an event arrives).
    public var nextDue: Date?

    mutating func due(at date: Date) {
        nextDue = min(nextDue ?? date, date)
    }

    public struct Skipped: Hashable, Sendable {
        public var contact: String
        public var reason: String
    }

    public init() {}

    public var attempted: Int { sent + deferred + bounced + failed + unknown }

    /// Adds what another run did (the send loop's passes over several contacts, one run each).
    public mutating func add(_ other: RunSummary) {
        sent += other.sent
        deferred += other.deferred
        bounced += other.bounced
        failed += other.failed
        unknown += other.unknown
        skipped += other.skipped
        alreadyClaimed += other.alreadyClaimed
        interrupted += other.interrupted
        resumed += other.resumed
        fatal = fatal ?? other.fatal
        reachedLimit = reachedLimit || other.reachedLimit
        cancelled = cancelled || other.cancelled
        held.merge(other.held, uniquingKeysWith: +)
        heldExample.merge(other.heldExample, uniquingKeysWith: { first, _ in first })
        relayHold = relayHold ?? other.relayHold
        stoppedAfterUnknown = stoppedAfterUnknown ?? other.stoppedAfterUnknown
        stillDue += other.stillDue
        retriedThisRun += other.retriedThisRun
        throttles += other.throttles
        finalRate = other.finalRate ?? finalRate
        domainLines += other.domainLines
        if let due = other.nextDue { self.due(at: due) }
    }

    mutating func count(_ state: DeliveryState) {
        switch state {
        case .sent: sent += 1
        case .deferred: deferred += 1
        case .bounced: bounced += 1
        case .failed: failed += 1
        case .unknown: unknown += 1
        case .pending, .sending: break
        }
    }

    /// 0: everything attempted went out or will be retried; 3: something failed, bounced or has an
    /// unknown outcome (this run's, or an interrupted earlier run's it found); 1: the run was stopped by
    /// the server, a signal or an error.
    mutating func hold(_ hold: PacingHold) {
        due(at: hold.until)
        held[hold.rule, default: 0] += 1
        if heldExample[hold.rule] == nil { heldExample[hold.rule] = hold.reason }
    }

    /// True when everything due at the run's time went out (or failed for good): nothing held by a relay
    /// cap or throttling, nothing deferred, nothing left claimed.
    public var complete: Bool { relayHold == nil && stoppedAfterUnknown == nil && stillDue == 0 && deferred == 0 && fatal == nil && !cancelled && !reachedLimit }

    /// Lines on what pacing did: the rules that held sends back (with an example reason each), throttling,
    /// and whether the run is complete.
    public var pacingLines: [String] {
        var out: [String] = []
        if !held.isEmpty {
            out.append("held back by pacing: " + held.sorted { ($0.value, $1.key.rawValue) > ($1.value, $0.key.rawValue) }
                .map { "\($0.key.label) \($0.value)" }.joined(separator: ", "))
            for (rule, _) in held.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                if let example = heldExample[rule] { out.append("  e.g. \(example)") }
            }
        }
        if throttles > 0 {
            let rate = finalRate.map { String(format: "%.2f msg/s", $0) } ?? "no limit"
            out.append("the relay throttled \(throttles) time\(throttles == 1 ? "" : "s"); rate now \(rate); \(retriedThisRun) retried in this run")
        }
        if !domainLines.isEmpty { out.append("per-domain limits: " + domainLines.joined(separator: "; ")) }
        if let relayHold { out.append("stopped: \(relayHold.reason)") }
        if !complete && fatal == nil && !cancelled {
            out.append("incomplete: \(stillDue) claimed message\(stillDue == 1 ? "" : "s") still due and \(deferred) deferred; the next run sends them")
        }
        return out
    }

    public var exitStatus: Int32 {
        // A message left `unknown` needs a person (`nurture ledger resolve`), whatever stopped the run; so
        // do messages of an interrupted earlier run that this run marked `unknown`.
        if unknown + interrupted > 0 { return 3 }
        if fatal != nil || cancelled { return 1 }
        return failed + bounced > 0 ? 3 : 0
    }

    /// `sent 30, deferred 2, bounced 1, failed 0, unknown 0; 3 skipped`.
    public var line: String {
        var parts = ["sent \(sent)", "deferred \(deferred)", "bounced \(bounced)", "failed \(failed)", "unknown \(unknown)"]
        if !skipped.isEmpty { parts.append("skipped \(skipped.count)") }
        if alreadyClaimed > 0 { parts.append("already claimed by another run \(alreadyClaimed)") }
        if resumed > 0 { parts.append("resumed \(resumed)") }
        return parts.joined(separator: ", ")
    }
}
