/// One email, rendered for one contact: the subject (a single trimmed line), the plain-text body and,
/// when the template has one, the HTML body.
public struct RenderedEmail: Hashable, Sendable {
    public var subject: String
    public var text: String
    public var html: String?

    public init(subject: String, text: String, html: String? = nil) {
        self.subject = subject
        self.text = text
        self.html = html
    }
}
