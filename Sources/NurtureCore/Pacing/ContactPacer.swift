import Foundation

/// Applies a campaign's contact limits and send window to one contact's next email. Pure: the same
/// mailings, zone and `now` give the same verdict.
///
/// Counted: every email to the contact in the ledger, whatever the campaign and whatever became of it
/// (pacing counts attempts), thank-yous included. A thank-you itself is transactional: it goes at once,
/// whatever the gap, the cap or the hour.
public struct ContactPacer: Sendable {
    public let policy: PacingPolicy
    /// A gap or cap ending this little after `now` counts as ended (see `Planner.slack`). Quiet hours
    /// and send days have no slack.
    public let slack: TimeSpan

    public init(policy: PacingPolicy, slack: TimeSpan = Planner.defaultSlack) {
        self.policy = policy
        self.slack = slack
    }

    /// When an email of `kind` that the planner has due at `due` may go: nil for at once (`due` may be
    /// in the past), or the hold. `mailings` are the instants of every earlier email to the contact.
    public func hold(kind: StepKind, due: Date, mailings: [Date], zone: ContactZone, now: Date) -> PacingHold? {
        if kind == .thankYou { return nil }
        let sorted = mailings.sorted()
        var earliest = max(due, now)
        var binding: (PacingRule, String)?

        if let last = sorted.last, policy.contact.minimumGap.seconds > 0 {
            let next = last.adding(policy.contact.minimumGap)
            if next > earliest {
                earliest = next
                binding = (.minimumGap, "minimum gap of \(policy.contact.minimumGap.spoken) since the last email (\(PacingTime.slot(last, in: zone)))")
            }
        }
        if let cap = policy.contact.cap, cap.count > 0 {
            // At `t` the window (t - window, t] must hold fewer than `count` emails: the oldest ones that
            // must leave it are the first (inWindow - count + 1) of those still in it at `earliest`.
            let inWindow = sorted.filter { $0 > earliest.subtracting(cap.window) }
            if inWindow.count >= cap.count {
                let next = inWindow[inWindow.count - cap.count].adding(cap.window)
                if next > earliest {
                    earliest = next
                    binding = (.frequencyCap, "\(cap.count) email\(cap.count == 1 ? "" : "s") in \(cap.window.spoken) reached")
                }
            }
        }
        // Gaps and caps ending within the slack count as ended (a daily run slightly early).
        if binding != nil, earliest <= now.adding(slack) {
            earliest = max(due, now)
            binding = nil
        }
        let (opening, windowRule) = policy.window.nextOpening(from: earliest, in: zone)
        if let windowRule, opening > earliest {
            let reason = policy.window.holdReason(windowRule, until: opening, now: now, zone: zone)
            let because = binding.map { "\($0.1), then " } ?? ""
            return PacingHold(until: opening, rule: binding?.0 ?? windowRule, reason: withZoneNote("waiting: \(because)\(reason)", zone))
        }
        guard let binding else { return nil }
        guard earliest > now else { return nil }
        return PacingHold(until: earliest, rule: binding.0,
                          reason: withZoneNote("waiting: \(binding.1); next slot \(PacingTime.slot(earliest, in: zone))", zone))
    }

    /// The earliest time a wait the planner gave (`until`) can become a send, with pacing applied: the same
    /// rules, as if the step were due then.
    public func pacedWait(kind: StepKind, until: Date, mailings: [Date], zone: ContactZone, now: Date) -> PacingHold? {
        hold(kind: kind, due: until, mailings: mailings, zone: zone, now: now).flatMap { $0.until > until ? $0 : nil }
    }

    private func withZoneNote(_ reason: String, _ zone: ContactZone) -> String {
        zone.fallback.map { "\(reason) (\($0))" } ?? reason
    }
}
