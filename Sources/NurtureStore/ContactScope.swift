import GRDB

/// Which contacts a history query reads: a page of ids (keyset pagination) or a list.
enum ContactScope {
    case range(Int64, Int64)
    case ids([Int64])

    /// The SQL condition on `column`, with `arguments` to bind.
    func condition(_ column: String) -> String {
        switch self {
        case .range: return "\(column) BETWEEN ? AND ?"
        case let .ids(ids): return "\(column) IN (\(Array(repeating: "?", count: max(1, ids.count)).joined(separator: ", ")))"
        }
    }

    var arguments: StatementArguments {
        switch self {
        case let .range(first, last): return [first, last]
        case let .ids(ids): return StatementArguments(ids.isEmpty ? [Int64.min] : ids)
        }
    }
}
