import Synchronization

/// The skeletons (`RenderSkeleton`) of an email template, one per context shape met so far, shared by
/// every thread that renders from one `TemplateLibrary`. Bounded: past `capacity` shapes, new ones are
/// rendered by swift-mustache every time, so memory stays flat whatever the contacts.
final class SkeletonCache: Sendable {
    /// An email's parts for one shape; nil where the template has no such part.
    struct Email: Sendable {
        var parts: [TemplatePart: RenderSkeleton]
    }

    enum Entry: Sendable {
        case skeleton(Email)
        /// swift-mustache renders this shape itself: a transform read a text, or the skeleton did not
        /// give back what swift-mustache wrote.
        case direct
    }

    private struct Key: Hashable {
        let template: String
        let shape: [UInt8]
    }

    /// Shapes kept at most (4,096 by default).
    let capacity: Int
    private let entries = Mutex<[Key: Entry]>([:])

    init(capacity: Int = 4096) { self.capacity = capacity }

    func entry(template: String, shape: [UInt8]) -> Entry? {
        let key = Key(template: template, shape: shape)
        return entries.withLock { $0[key] }
    }

    /// How many shapes have a skeleton, and how many swift-mustache renders itself.
    var counts: (skeletons: Int, direct: Int) {
        entries.withLock { entries in
            entries.values.reduce(into: (0, 0)) { counts, entry in
                if case .skeleton = entry { counts.0 += 1 } else { counts.1 += 1 }
            }
        }
    }

    /// Whether another shape can be stored: once the cache is full, a new shape is only rendered.
    var hasRoom: Bool { entries.withLock { $0.count < capacity } }

    func store(_ entry: Entry, template: String, shape: [UInt8]) {
        let key = Key(template: template, shape: shape)
        entries.withLock { entries in
            if entries.count < capacity { entries[key] = entry }
        }
    }
}
