import Foundation
import NurtureCore

/// The store's history pages, read on a thread of their own up to `depth` pages ahead of the caller:
/// reading a page (SQLite, row decoding) and planning the one before it run on different cores. Pages
/// come in contact id order, exactly as `NurtureStore.historyPage` gives them.
///
/// The caller must not write what later pages read while it works through them (a page may already have
/// been read): planning, previews and dry runs only read.
final class HistoryReadAhead: @unchecked Sendable {
    private enum Item {
        case page([ContactHistory])
        case failure(any Error)
        case end
    }

    // Guarded by `condition`.
    private let condition = NSCondition()
    private var items: [Item] = []
    private var stopped = false
    private var finished = false

    private let depth: Int

    /// Starts reading at once.
    init(store: any NurtureStore, campaign: String, only: EmailAddress?, pageSize: Int, depth: Int = 2) {
        self.depth = max(1, depth)
        let limit = max(1, pageSize)
        Thread.detachNewThread { [self] in
            var after: Int64?
            do {
                while true {
                    let page = try store.historyPage(campaign: campaign, only: only, after: after, limit: limit)
                    guard let last = page.last?.contact.id else { break }
                    guard put(.page(page)) else { break }
                    if page.count < limit || only != nil { break }
                    after = last
                }
                _ = put(.end)
            } catch {
                _ = put(.failure(error))
            }
            condition.lock()
            finished = true
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Waits for room, then queues `item`; false when the reader was stopped.
    private func put(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= depth && !stopped { condition.wait() }
        if stopped { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// The next page; nil after the last one. After the store's error, throws it again on every call: a
    /// listing cut short never looks complete.
    func next() throws -> [ContactHistory]? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty { condition.wait() }
        switch items[0] {
        case let .page(page):
            items.removeFirst()
            condition.broadcast()
            return page
        case let .failure(error):
            throw error
        case .end:
            return nil
        }
    }

    /// Stops reading and waits until the reading thread reads no more (it may let go of its reference to
    /// the store a moment later).
    func stop() {
        condition.lock()
        defer { condition.unlock() }
        stopped = true
        condition.broadcast()
        while !finished { condition.wait() }
    }
}
