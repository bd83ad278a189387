import Foundation
import NurtureCore
import Yams

/// The campaign schema, version 1: what keys exist, what they mean, and what is checked.
/// See `campaigns/README.md` for the user's documentation of the same vocabulary.
final class CampaignParser {
    let root: NodeReader
    let file: String
    let problems: ProblemSink
    var templateLines: [String: Int] = [:]
    var stepLines: [String: Int] = [:]
    /// Problems of the scoring file the campaign names, with that file's name and lines.
    var scoringProblems: [CampaignProblem] = []

    static let topKeys = ["version", "name", "description", "templates", "priority", "sender", "stages", "exit", "pacing", "scoring", "catalog", "steps"]
    /// The pacing the campaign starts from: the folder's shared `pacing.yaml`, or the defaults.
    let basePacing: PacingPolicy

    let addressPolicy: EmailAddress.Policy

    init(root: Node, file: String, basePacing: PacingPolicy = .default, addressPolicy: EmailAddress.Policy = .standard) {
        self.basePacing = basePacing
        self.addressPolicy = addressPolicy
        self.file = file
        self.problems = ProblemSink(file: file)
        self.root = NodeReader(node: root, context: "the campaign", problems: problems)
    }

    func parse() -> LoadedCampaign? {
        root.checkKeys(Self.topKeys)
        if let version = root.string("version"), version != "1" {
            problems.add(at: root.line(of: "version"), "unsupported campaign version '\(version)': this nurture reads version 1")
        }
        let name = root.string("name", required: true)
        if let name, !Identifier.isValid(name) {
            problems.add(at: root.line(of: "name"), "campaign name '\(name)' must be lower-case letters, digits, '-' or '_'")
        }
        let sender = parseSender()
        let ladder = parseLadder()
        let exit = parseExit(ladder: ladder)
        let catalog = parseCatalog(ladder: ladder)
        let steps = parseSteps(ladder: ladder, catalog: catalog)
        let scoring = parseScoring(ladder: ladder)
        var priority = 0
        if let text = root.string("priority") {
            if let value = Int(text), abs(value) <= 1000 { priority = value } else {
                problems.add(at: root.line(of: "priority"), "priority must be a whole number from -1000 to 1000, not '\(text)'")
            }
        }
        let pacing = root.child("pacing", context: "pacing").map { PacingParser.parse($0, base: basePacing) } ?? basePacing
        let templates = root.string("templates") ?? "../templates"
        let base = URL(fileURLWithPath: file).deletingLastPathComponent()
        let templatesDirectory = templates.hasPrefix("/") ? templates : base.appendingPathComponent(templates).standardizedFileURL.path

        guard let name, let sender else { return nil }
        let campaign = Campaign(name: name, sender: sender, ladder: ladder, catalog: catalog, steps: steps, exit: exit, priority: priority, pacing: pacing, scoring: scoring)
        return LoadedCampaign(
            campaign: campaign, file: file, templatesDirectory: templatesDirectory, templateLines: templateLines,
            stepLines: stepLines, templatesLine: root.value("templates") == nil ? 1 : root.line(of: "templates"),
            senderLine: root.line(of: "sender"))
    }

    // MARK: - Sender

    private func parseSender() -> Sender? {
        guard let reader = root.child("sender", context: "sender") else {
            if root.value("sender") == nil { problems.add(at: root.line, "the campaign is missing 'sender' (name, email, postal_address)") }
            return nil
        }
        reader.checkKeys(["name", "email", "reply_to", "postal_address", "unsubscribe_url", "booking_url", "feedback_id", "dkim"])
        let name = reader.string("name", required: true)
        let email = address(reader, "email", required: true)
        let replyTo = address(reader, "reply_to", required: false)
        let postal = reader.string("postal_address", required: true)
        let unsubscribe = reader.string("unsubscribe_url")
        if let unsubscribe, !WebURL.isValid(unsubscribe) {
            problems.add(at: reader.line(of: "unsubscribe_url"), "sender unsubscribe_url must be an http(s) URL")
        }
        let booking = reader.string("booking_url")
        if let booking, !WebURL.isValid(booking) {
            problems.add(at: reader.line(of: "booking_url"), "sender booking_url must be an http(s) URL")
        }
        let feedbackID = reader.string("feedback_id")
        if let feedbackID, feedbackID.isEmpty || !feedbackID.utf8.allSatisfy(Self.isFeedbackIDByte) {
            problems.add(at: reader.line(of: "feedback_id"), "sender feedback_id may hold letters, digits, '.', '_' and '-' only (it ends the Feedback-ID header)")
        }
        let dkim = parseSenderDKIM(reader, email: email)
        guard let name, let email, let postal else { return nil }
        var sender = Sender(name: name, email: email, replyTo: replyTo, postalAddress: postal, unsubscribeURL: unsubscribe, dkim: dkim)
        sender.bookingURL = booking
        sender.feedbackID = feedbackID
        return sender
    }

    static func isFeedbackIDByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    private func address(_ reader: NodeReader, _ key: String, required: Bool) -> EmailAddress? {
        guard let text = reader.string(key, required: required) else { return nil }
        do {
            return try EmailAddress(text, policy: addressPolicy)
        } catch {
            problems.add(at: reader.line(of: key), "sender \(key): \(error)")
            return nil
        }
    }

    // MARK: - Stages and exit

    private func parseLadder() -> StageLadder {
        guard let entries = root.list("stages") else { return .default }
        var stages: [Stage] = []
        for (name, node) in entries {
            let stage = Stage(name)
            if !Identifier.isValid(stage.name) {
                problems.add(node, "stage '\(name)' must be lower-case letters, digits, '-' or '_'")
            } else if stages.contains(stage) {
                problems.add(node, "stage '\(stage)' is listed twice")
            } else {
                stages.append(stage)
            }
        }
        if stages.isEmpty { problems.add(at: root.line(of: "stages"), "'stages' must list at least one stage") }
        return StageLadder(stages)
    }

    private func parseExit(ladder: StageLadder) -> ExitRule {
        guard let reader = root.child("exit", context: "exit") else { return .default }
        reader.checkKeys(["stages", "events"])
        let stages = stageList(reader, "stages", ladder: ladder) ?? ExitRule.default.stages.filter(ladder.contains)
        let events = eventList(reader, "events") ?? ExitRule.default.events
        for required in [EventType.unsubscribed, .bounced, .complained] where !events.contains(required) {
            problems.add(at: reader.line(of: "events"), "exit events must include '\(required.rawValue)': nobody is emailed after that")
        }
        return ExitRule(stages: stages, events: events)
    }

    /// The entries of a list of mappings that each have a unique `id` (catalog items, steps): each entry's
    /// keys checked against `keys`, its id required, well-formed and not seen before (`firstLines` keeps
    /// where each id stood). Returns each usable entry's id and a reader whose context names it.
    func identifiedEntries(
        _ entries: Node.Sequence, noun: String, idNoun: String, shape: String, keys: [String], firstLines: inout [String: Int]
    ) -> [(id: String, reader: NodeReader, idLine: Int)] {
        var out: [(id: String, reader: NodeReader, idLine: Int)] = []
        for entry in entries {
            guard case .mapping = entry else {
                problems.add(entry, "each \(noun) must be a mapping with \(shape)")
                continue
            }
            let reader = NodeReader(node: entry, context: noun, problems: problems)
            reader.checkKeys(keys)
            guard let id = reader.string("id", required: true) else { continue }
            let idLine = reader.line(of: "id")
            if !Identifier.isValid(id) {
                problems.add(at: idLine, "\(idNoun) '\(id)' must be lower-case letters, digits, '-' or '_'")
            }
            if let first = firstLines[id] {
                problems.add(at: idLine, "duplicate \(idNoun) '\(id)' (first at line \(first))")
                continue
            }
            firstLines[id] = idLine
            out.append((id, NodeReader(node: entry, context: "\(noun) '\(id)'", problems: problems), idLine))
        }
        return out
    }

    func stageList(_ reader: NodeReader, _ key: String, ladder: StageLadder) -> [Stage]? { reader.stages(key, ladder: ladder) }

    func eventList(_ reader: NodeReader, _ key: String) -> [EventType]? { reader.events(key) }
}

/// Names of campaigns, stages, steps, catalog items and templates: lower-case letters, digits, `-`, `_`.
enum Identifier {
    static func isValid(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64 && text.unicodeScalars.allSatisfy { scalar in
            (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") || scalar == "-" || scalar == "_"
        }
    }
}
