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

    public struct Skipped: Hashable, Sendable {
        public var contact: String
        public var reason: String
    }

    public init() {}

    public var attempted: Int { sent + deferred + bounced + failed + unknown }

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
    /// unknown outcome; 1: the run was stopped by the server or an error.
    public var exitStatus: Int32 {
        if fatal != nil || cancelled { return 1 }
        return failed + bounced + unknown > 0 ? 3 : 0
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
