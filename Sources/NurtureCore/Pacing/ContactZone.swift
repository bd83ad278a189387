import Foundation
import Synchronization

/// A contact's time zone, resolved once: the IANA zone the contact gave, or the campaign's when the
/// contact gave none or one that does not exist (and then `fallback` says so, for the reason).
///
/// Converts between instants and wall times across daylight-saving changes without trusting
/// `isDaylightSavingTime` (Morocco's negative DST): only offsets are compared.
public struct ContactZone: Hashable, Sendable {
    public let zone: TimeZone
    /// Why the contact's own zone was not used, when it was not ("no time zone", "unknown time zone 'Mars/Base'").
    public let fallback: String?

    public var identifier: String { zone.identifier }

    public init(zone: TimeZone, fallback: String? = nil) {
        self.zone = zone
        self.fallback = fallback
    }

    /// The wall time at `instant`.
    public func civil(at instant: Date) -> CivilTime {
        CivilTime(localSeconds: Self.seconds(instant) + Int64(zone.secondsFromGMT(for: instant)))
    }

    /// What happens to a wall time in this zone.
    public enum Resolution: Hashable, Sendable {
        /// The wall time happens once.
        case unique(Date)
        /// The wall time happens twice (the clock goes back): both instants, earlier first.
        case ambiguous(Date, Date)
        /// The wall time never happens (the clock jumps over it); `gapEnd` is the instant of the jump,
        /// the first moment the wall clock reads later than it.
        case nonexistent(gapEnd: Date)

        /// The one instant a send aimed at this wall time goes at: the earlier of two, or the end of a gap.
        public var sendInstant: Date {
            switch self {
            case let .unique(date), let .ambiguous(date, _), let .nonexistent(date): return date
            }
        }
    }

    public func resolve(_ civil: CivilTime) -> Resolution {
        let local = civil.localSeconds
        // Offsets a day either side bound every offset that can apply to this wall time.
        let before = Int64(zone.secondsFromGMT(for: Self.date(local - 86_400)))
        let after = Int64(zone.secondsFromGMT(for: Self.date(local + 86_400)))
        var candidates: [Int64] = []
        for offset in [before, after] {
            let instant = local - offset
            if Int64(zone.secondsFromGMT(for: Self.date(instant))) == offset, !candidates.contains(instant) {
                candidates.append(instant)
            }
        }
        candidates.sort()
        switch candidates.count {
        case 1: return .unique(Self.date(candidates[0]))
        case 2...: return .ambiguous(Self.date(candidates[0]), Self.date(candidates[candidates.count - 1]))
        default:
            // A gap: find the instant the offset changes, between the two readings of this wall time.
            var low = local - max(before, after)
            var high = local - min(before, after)
            let lowOffset = zone.secondsFromGMT(for: Self.date(low))
            while high - low > 1 {
                let middle = low + (high - low) / 2
                if zone.secondsFromGMT(for: Self.date(middle)) == lowOffset { low = middle } else { high = middle }
            }
            return .nonexistent(gapEnd: Self.date(high))
        }
    }

    static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }
    static func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }
}

/// Resolves time-zone names once per name: `TimeZone(identifier:)` is costly, and a run asks for the
/// same few dozen zones a million times.
public final class TimeZoneCatalog: Sendable {
    private let cache = Mutex<[String: TimeZone?]>([:])

    public init() {}

    public func zone(named name: String) -> TimeZone? {
        if let cached = cache.withLock({ $0[name] }) { return cached }
        let zone = TimeZone(identifier: name)
        cache.withLock { $0[name] = .some(zone) }
        return zone
    }

    /// The contact's zone, or `fallback` (the campaign's) with why.
    public func contactZone(_ name: String?, fallback: String) -> ContactZone {
        let campaignZone = zone(named: fallback) ?? TimeZone(identifier: "UTC")!
        guard let name, !name.isEmpty else {
            return ContactZone(zone: campaignZone, fallback: "no time zone; using the campaign's \(campaignZone.identifier)")
        }
        guard let own = zone(named: name) else {
            return ContactZone(zone: campaignZone, fallback: "unknown time zone '\(name.debugSafe)'; using the campaign's \(campaignZone.identifier)")
        }
        return ContactZone(zone: own)
    }
}
