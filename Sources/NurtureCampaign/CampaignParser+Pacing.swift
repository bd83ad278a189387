import Foundation
import NurtureCore
import Yams

/// The `pacing:` block of a campaign, and the shared `pacing.yaml` of a campaigns folder (the same keys
/// at its top level). Every key is optional: what a campaign leaves out comes from the shared file, and
/// what that leaves out from the defaults (see campaigns/README.md).
enum PacingParser {
    static let keys = ["time_zone", "contact", "send_window", "relay", "domains"]

    static func parse(_ reader: NodeReader, base: PacingPolicy) -> PacingPolicy {
        reader.checkKeys(keys)
        var policy = base
        if let zone = reader.string("time_zone") {
            if TimeZone(identifier: zone) == nil {
                let hint = Suggest.closest(to: zone, in: TimeZone.knownTimeZoneIdentifiers).map { " (did you mean '\($0)'?)" } ?? ""
                reader.problems.add(at: reader.line(of: "time_zone"), "unknown time zone '\(zone)' in \(reader.context)\(hint); use an IANA name such as Europe/London")
            } else {
                policy.window.fallbackZone = zone
            }
        }
        if let contact = reader.child("contact", context: "\(reader.context) contact") {
            contact.checkKeys(["minimum_gap", "cap"])
            if let gap = contact.span("minimum_gap", maximum: .days(90)) { policy.contact.minimumGap = gap }
            if let capNode = contact.value("cap") {
                policy.contact.cap = cap(contact, capNode, current: policy.contact.cap)
            }
        }
        if let window = reader.child("send_window", context: "\(reader.context) send_window") {
            window.checkKeys(["quiet_hours", "days"])
            if window.value("quiet_hours") != nil, let text = window.string("quiet_hours") {
                if ["off", "none", "false", "no"].contains(text.lowercased()) {
                    policy.window.quietHours = nil
                } else if let quiet = quietHours(text) {
                    policy.window.quietHours = quiet
                } else {
                    window.problems.add(at: window.line(of: "quiet_hours"), "quiet_hours in \(window.context) must read like 20:00-08:00 (local time), or off")
                }
            }
            if let entries = window.list("days") {
                var days = Set<Weekday>()
                for (name, node) in entries {
                    if let day = Weekday(name: name) { days.insert(day) } else {
                        window.problems.add(node, "unknown day '\(name)' in \(window.context); write mon, tue, wed, thu, fri, sat, sun")
                    }
                }
                if entries.isEmpty {
                    window.problems.add(at: window.line(of: "days"), "'days' in \(window.context) lists no day: nothing could ever be sent")
                } else if !days.isEmpty {
                    // Unknown names are reported above; every day is the same as no restriction.
                    policy.window.days = days.count == 7 ? [] : days
                }
            }
        }
        if let relay = reader.child("relay", context: "\(reader.context) relay") {
            relay.checkKeys(["rate", "burst", "hourly_cap", "daily_cap", "warm_up"])
            if let rate = number(relay, "rate") { policy.relay.rate = rate }
            if let burst = count(relay, "burst") { policy.relay.burst = burst }
            if let hourly = count(relay, "hourly_cap") { policy.relay.hourlyCap = hourly }
            if let daily = count(relay, "daily_cap") { policy.relay.dailyCap = daily }
            if let warm = relay.child("warm_up", context: "\(relay.context) warm_up") {
                warm.checkKeys(["start", "factor"])
                let start = count(warm, "start") ?? WarmUp().start
                let factor = number(warm, "factor") ?? WarmUp().factor
                if factor < 1 { warm.problems.add(at: warm.line(of: "factor"), "warm_up factor in \(warm.context) must be at least 1") }
                policy.relay.warmUp = WarmUp(start: start, factor: factor)
            }
        }
        if let domains = reader.child("domains", context: "\(reader.context) domains"), case let .mapping(mapping) = domains.node {
            for (key, value) in mapping {
                let domain = (key.string ?? "").lowercased()
                guard case .mapping = value else {
                    domains.problems.add(value, "domain '\(domain)' in \(domains.context) must be a mapping with rate and/or max_connections")
                    continue
                }
                let entry = NodeReader(node: value, context: "domain '\(domain)'", problems: domains.problems)
                entry.checkKeys(["rate", "max_connections"])
                policy.domains[domain] = DomainLimits(rate: number(entry, "rate"), maxConnections: count(entry, "max_connections"))
            }
        }
        return policy
    }

    /// `cap: 3 per 7d`, or `cap: {count: 3, per: 7d}`, or `cap: off`.
    private static func cap(_ reader: NodeReader, _ node: Node, current: FrequencyCap?) -> FrequencyCap? {
        if case let .scalar(scalar) = node {
            let text = scalar.string.lowercased()
            if ["off", "none", "false", "no"].contains(text) { return nil }
            let parts = text.split(separator: " ").map(String.init)
            if parts.count == 3, parts[1] == "per", let n = Int(parts[0]), n > 0, let span = TimeSpan(parsing: parts[2]), span.seconds > 0 {
                return FrequencyCap(count: n, window: span)
            }
            reader.problems.add(node, "cap in \(reader.context) must read like '3 per 7d' (or off)")
            return current
        }
        let entry = NodeReader(node: node, context: "\(reader.context) cap", problems: reader.problems)
        entry.checkKeys(["count", "per"])
        guard let n = count(entry, "count"), let span = entry.span("per", maximum: .days(90)), span.seconds > 0 else {
            reader.problems.add(node, "cap in \(reader.context) needs count and per (for example count: 3, per: 7d)")
            return current
        }
        return FrequencyCap(count: n, window: span)
    }

    /// `20:00-08:00` (also with an en dash or `to`).
    static func quietHours(_ text: String) -> QuietHours? {
        let cleaned = text.replacingOccurrences(of: "–", with: "-").replacingOccurrences(of: " to ", with: "-").replacingOccurrences(of: " ", with: "")
        let parts = cleaned.split(separator: "-")
        guard parts.count == 2, let start = minute(parts[0]), let end = minute(parts[1]), start != end else { return nil }
        return QuietHours(startMinute: start, endMinute: end)
    }

    private static func minute(_ text: Substring) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count <= 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
              (0...23).contains(h), (0...59).contains(m) else { return nil }
        return h * 60 + m
    }

    private static func number(_ reader: NodeReader, _ key: String) -> Double? {
        guard let text = reader.string(key) else { return nil }
        guard let value = Double(text), value > 0, value.isFinite else {
            reader.problems.add(at: reader.line(of: key), "'\(key)' in \(reader.context) must be a positive number, not '\(text)'")
            return nil
        }
        return value
    }

    private static func count(_ reader: NodeReader, _ key: String) -> Int? {
        guard let text = reader.string(key) else { return nil }
        guard let value = Int(text), value > 0 else {
            reader.problems.add(at: reader.line(of: key), "'\(key)' in \(reader.context) must be a whole number above 0, not '\(text)'")
            return nil
        }
        return value
    }
}
