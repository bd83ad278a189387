import Foundation
import NurtureCore
import Yams

/// Reads a YAML mapping against a known set of keys, collecting problems with line numbers instead of
/// stopping at the first one. The schema lives in `CampaignParser`; this is the mechanics.
struct NodeReader {
    let node: Node
    let context: String
    let problems: ProblemSink

    var line: Int { node.mark?.line ?? 1 }

    /// Reports keys that are not in `known`, with a suggestion when one is close.
    func checkKeys(_ known: [String]) {
        guard case let .mapping(mapping) = node else { return }
        var seen = Set<String>()
        for (key, _) in mapping {
            let name = key.string ?? ""
            if !seen.insert(name).inserted {
                problems.add(key, "duplicate key '\(name)' in \(context)")
            }
            if !known.contains(name) {
                let hint = Suggest.closest(to: name, in: known).map { " (did you mean '\($0)'?)" } ?? ""
                problems.add(key, "unknown key '\(name)' in \(context)\(hint); known keys: \(known.joined(separator: ", "))")
            }
        }
    }

    func value(_ key: String) -> Node? {
        guard case let .mapping(mapping) = node else { return nil }
        return mapping.first { $0.key.string == key }?.value
    }

    func line(of key: String) -> Int {
        guard case let .mapping(mapping) = node else { return line }
        return mapping.first { $0.key.string == key }?.key.mark?.line ?? line
    }

    func child(_ key: String, context: String) -> NodeReader? {
        guard let value = value(key) else { return nil }
        guard case .mapping = value else {
            problems.add(value, "'\(key)' in \(self.context) must be a mapping")
            return nil
        }
        return NodeReader(node: value, context: context, problems: problems)
    }

    func string(_ key: String, required: Bool = false) -> String? {
        guard let value = value(key) else {
            if required { problems.add(at: line, "\(context) is missing '\(key)'") }
            return nil
        }
        guard case let .scalar(scalar) = value, !(scalar.string.isEmpty && scalar.style == .plain) else {
            problems.add(value, "'\(key)' in \(context) must be a single value")
            return nil
        }
        if scalar.string.containsLineBreakOrControl && key != "summary" {
            problems.add(value, "'\(key)' in \(context) must be one line")
            return nil
        }
        return scalar.string
    }

    func list(_ key: String) -> [(String, Node)]? {
        guard let value = value(key) else { return nil }
        switch value {
        case let .sequence(sequence):
            var out: [(String, Node)] = []
            for element in sequence {
                if case let .scalar(scalar) = element { out.append((scalar.string, element)) } else {
                    problems.add(element, "each entry of '\(key)' in \(context) must be a single value")
                }
            }
            return out
        case let .scalar(scalar):
            return [(scalar.string, value)]
        default:
            problems.add(value, "'\(key)' in \(context) must be a list")
            return nil
        }
    }

    /// A duration (`3d`, `12h`, `0`), refusing negative values and anything over `maximum`.
    func span(_ key: String, maximum: TimeSpan = .days(365)) -> TimeSpan? {
        guard let text = string(key), let node = value(key) else { return nil }
        guard let span = TimeSpan(parsing: text) else {
            problems.add(node, "'\(key)' in \(context) is not a duration: '\(text)' (write 30m, 12h, 3d or 2w)")
            return nil
        }
        if span.seconds < 0 {
            problems.add(node, "'\(key)' in \(context) is negative (\(text))")
            return nil
        }
        if span > maximum {
            problems.add(node, "'\(key)' in \(context) is \(span.spoken): more than the \(maximum.spoken) allowed")
            return nil
        }
        return span
    }
}

extension NodeReader {
    /// A list of stages, each on `ladder` ("did you mean" for one that is not).
    func stages(_ key: String, ladder: StageLadder) -> [Stage]? {
        guard let entries = list(key) else { return nil }
        var stages: [Stage] = []
        for (name, node) in entries {
            let stage = Stage(name)
            if ladder.contains(stage) {
                stages.append(stage)
            } else {
                problems.add(node, "unknown stage '\(name)' in \(context)\(Suggest.hint(for: stage.name, in: ladder.stages.map(\.name))); the ladder is \(ladder.stages.map(\.name).joined(separator: ", "))")
            }
        }
        return stages
    }

    /// A list of event types ("did you mean" for an unknown one).
    func events(_ key: String) -> [EventType]? {
        guard let entries = list(key) else { return nil }
        var events: [EventType] = []
        for (name, node) in entries {
            if let event = EventType(rawValue: name) {
                events.append(event)
            } else {
                problems.add(node, "unknown event type '\(name)' in \(context)\(Suggest.hint(for: name, in: EventType.allCases.map(\.rawValue)))")
            }
        }
        return events
    }

    /// A whole number in `range`.
    func integer(_ key: String, in range: ClosedRange<Int>) -> Int? {
        guard let text = string(key) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            problems.add(at: line(of: key), "'\(key)' in \(context) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
            return nil
        }
        return value
    }

    /// A number (decimals allowed).
    func number(_ key: String) -> Double? {
        guard let text = string(key) else { return nil }
        guard let value = Double(text), value.isFinite else {
            problems.add(at: line(of: key), "'\(key)' in \(context) must be a number, not '\(text)'")
            return nil
        }
        return value
    }
}

/// Problems found while reading one file, in the order found.
final class ProblemSink {
    let file: String
    private(set) var problems: [CampaignProblem] = []

    init(file: String) { self.file = file }

    func add(at line: Int, _ message: String) {
        problems.append(CampaignProblem(file: file, line: line, message: message))
    }

    func add(_ node: Node, _ message: String) { add(at: node.mark?.line ?? 1, message) }

    var sorted: [CampaignProblem] {
        problems.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
    }
}
