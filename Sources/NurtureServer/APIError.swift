import Foundation
import HTTPTypes
import Hummingbird

/// A request refused with a JSON body naming what is wrong: `{"error": "…", "field": "type", "index": 0}`.
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var message: String
    /// The offending field, when one is.
    var field: String?
    /// The offending event's position in a batch.
    var index: Int?

    init(_ status: HTTPResponse.Status, _ message: String, field: String? = nil, index: Int? = nil) {
        self.status = status
        self.message = message
        self.field = field
        self.index = index
    }

    var response: Response {
        var body: [String: JSONScalar] = ["error": .string(message)]
        if let field { body["field"] = .string(field) }
        if let index { body["index"] = .integer(index) }
        return JSONScalar.response(status: status, body)
    }
}

/// A JSON response body of strings and integers.
enum JSONScalar: Encodable, Sendable {
    case string(String)
    case integer(Int)
    case strings([String])
    case bool(Bool)

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .string(value): try container.encode(value)
        case let .integer(value): try container.encode(value)
        case let .strings(value): try container.encode(value)
        case let .bool(value): try container.encode(value)
        }
    }

    static func response(status: HTTPResponse.Status, _ body: [String: JSONScalar]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(body)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
