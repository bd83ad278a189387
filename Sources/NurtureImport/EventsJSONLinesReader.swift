import Foundation
import NurtureCore

/// Events from a JSON Lines file: one JSON object a line; blank lines skipped. A line that is not
/// a JSON object is a rejected row, not a file error.
struct EventsJSONLinesReader {
    private var lines: LineReader
    private let decoder = JSONDecoder()
    private var addresses: RecentAddress

    init(path: String, addressPolicy: EmailAddress.Policy) throws(ImportFileError) {
        addresses = RecentAddress(policy: addressPolicy)
        lines = try LineReader(path: path)
    }

    mutating func next() throws(ImportFileError) -> (line: Int, result: Result<EventRecord, RejectionReason>)? {
        while let line = try lines.next() {
            if line.overlong {
                return (line.number, .failure(RejectionReason("line is longer than \(lines.maxLineBytes) bytes")))
            }
            if line.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            return (line.number, parse(line.bytes))
        }
        return nil
    }

    private mutating func parse(_ bytes: [UInt8]) -> Result<EventRecord, RejectionReason> {
        // Nearly every line is an object of strings: read as such, it gives the fields as they are. Anything
        // else (numbers, nulls, nesting, malformed JSON) takes the general way, which says what is wrong.
        if let strings = StringMembersJSON.members(bytes) {
            return EventRowParser.parse(strings, addresses: &addresses)
        }
        let value: JSONValue
        do {
            value = try decoder.decode(JSONValue.self, from: Data(bytes))
        } catch {
            return .failure(RejectionReason("malformed JSON: \(Self.summary(of: error))"))
        }
        guard case let .object(members) = value else {
            return .failure(RejectionReason("expected a JSON object, found \(value.kindName)"))
        }
        var fields: [String: String] = [:]
        for (name, member) in members {
            if EventRowParser.knownFields.contains(name) {
                switch member {
                case .null, .string, .integer: break
                default:
                    return .failure(RejectionReason("\(name) must be a string, found \(member.kindName)"))
                }
            }
            if let text = member.fieldText { fields[name] = text }
        }
        return EventRowParser.parse(fields, addresses: &addresses)
    }

    private static func summary(of error: any Error) -> String {
        if case let DecodingError.dataCorrupted(context) = error {
            if let underlying = context.underlyingError as NSError?,
               let detail = underlying.userInfo[NSDebugDescriptionErrorKey] as? String {
                return detail.debugSafe
            }
            return context.debugDescription.debugSafe
        }
        return "not valid JSON"
    }
}
