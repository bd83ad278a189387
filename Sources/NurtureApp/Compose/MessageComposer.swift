import Foundation
import NurtureCore
import NurtureDKIM
import NurtureMIME
import NurtureRender

/// Turns a planner's `send` decision into the exact email: template rendered for the contact, then a
/// MIME message. Shared by preview, run and send-test, so what a dry run shows is what goes out.
public struct MessageComposer: Sendable {
    public let campaign: Campaign
    public let templates: TemplateLibrary
    /// Signs every message (DKIM) once it is built, so what is previewed, sent and test-sent is the same
    /// signed bytes; nil sends unsigned.
    public let signer: DKIMMessageSigner?
    /// Sign the unsubscribe links' tokens. Without keys, links are signed with a fixed key no server is
    /// configured with: they look as they will, unsubscribe nobody, and two previews stay byte-identical
    /// (a preview without `NURTURE_SECRET`).
    public let unsubscribeKeys: UnsubscribeKeys
    /// False when `unsubscribeKeys` is the throwaway key.
    public let signsUnsubscribeLinks: Bool
    /// RFC 2919: one list per campaign, named under the sender's domain. The same on every message.
    private let listID: MailHeader
    /// The headers that are the same on every message of the campaign, or of a step, checked once.
    private let campaignHeader: MailHeader
    private let oneClickHeader: MailHeader
    private let stepHeaders: [String: (step: MailHeader, feedbackID: MailHeader?)]
    /// The sender's From and Reply-To, checked once.
    private let from: Mailbox
    private let replyTo: Mailbox?
    /// The campaign's scoring, compiled once: templates show the stage and score the planner decided on.
    private let qualifier: Qualifier?
    /// The sender's `unsubscribe_url` with `?t=` (or `&t=`) added, made once: each link adds its token.
    private let unsubscribeLinkPrefix: String?

    public init(campaign: Campaign, templates: TemplateLibrary, signer: DKIMMessageSigner? = nil, unsubscribeKeys: UnsubscribeKeys? = nil) {
        self.campaign = campaign
        self.templates = templates
        self.signer = signer
        self.unsubscribeKeys = unsubscribeKeys ?? UnsubscribeKeys(secrets: ["nurture: links of a preview made without NURTURE_SECRET"])
        signsUnsubscribeLinks = unsubscribeKeys != nil
        // Checked and folded once; a header the builder refuses is left as it is, to be refused per message.
        func prepared(_ header: MailHeader) -> MailHeader { (try? header.checked()) ?? header }
        listID = prepared(MailHeader("List-ID", "\(campaign.name) <\(campaign.name).\(campaign.sender.email.asciiDomain)>"))
        campaignHeader = prepared(MailHeader("X-Nurture-Campaign", campaign.name))
        oneClickHeader = prepared(MailHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
        stepHeaders = Dictionary(campaign.steps.map { step in
            (step.id, (prepared(MailHeader("X-Nurture-Step", step.id)),
                       campaign.sender.feedbackID.map { prepared(MailHeader("Feedback-ID", "\(campaign.name):\(step.id):\($0)")) }))
        }, uniquingKeysWith: { first, _ in first })
        let from = Mailbox(displayName: campaign.sender.name, address: campaign.sender.email)
        self.from = (try? from.checked(as: "From")) ?? from
        replyTo = campaign.sender.replyTo.map { address in
            let mailbox = Mailbox(displayName: nil, address: address)
            return (try? mailbox.checked(as: "Reply-To")) ?? mailbox
        }
        qualifier = campaign.scoring.map { Qualifier(rules: $0, ladder: campaign.ladder) }
        unsubscribeLinkPrefix = campaign.sender.unsubscribeURL.map { base in "\(base)\(base.contains("?") ? "&" : "?")t=" }
    }

    /// - Parameters:
    ///   - date: the message's Date header: when it is (or was first) sent; also the DKIM signature's `t=`.
    ///   - testRecipient: for a test send: the message goes there instead, with `[test] ` before the subject,
    ///     a Message-ID of its own and an unsubscribe link that unsubscribes nobody.
    ///   - standing: the contact's qualified standing at `date` when the caller has it from a planner of this
    ///     campaign (same scoring rules, same time): not computed again.
    public func compose(
        _ send: Decision.Send, for history: ContactHistory, date: Date, testRecipient: EmailAddress? = nil, standing known: Standing? = nil
    ) throws(ComposeError) -> ComposedMessage {
        let override = testRecipient
        let subjectPrefix = testRecipient == nil ? "" : "[test] "
        var contact = history.contact
        // `{{stage}}` and `{{score}}` are the qualified ones, at the message's date, not the imported columns.
        let standing = qualifier.map { known ?? $0.standing(of: history, now: date) }
        if let standing {
            contact.stage = standing.stage
            contact.score = standing.score
        }
        guard let step = campaign.step(send.step) else { throw ComposeError("step '\(send.step)' is not in campaign '\(campaign.name)'") }
        let item = send.content.flatMap { campaign.item($0) }
        let triggerItem = send.trigger?.content.flatMap { campaign.item($0) }
        let unsubscribe = unsubscribeURL(for: contact, test: testRecipient != nil)
        let input = RenderInput(
            contact: contact, campaign: campaign, step: step, item: item, trigger: send.trigger,
            triggerItem: triggerItem, previousItem: previousItem(history, excluding: item?.id),
            unsubscribeURL: unsubscribe, now: date
        )
        let rendered: RenderedEmail
        do {
            rendered = try templates.render(template: step.template, input)
        } catch {
            throw ComposeError(error.description)
        }
        let messageID = MessageID.make(
            contactID: contact.id ?? 0, campaign: campaign.name, step: send.step, contentKey: send.contentKey,
            domain: campaign.sender.email.asciiDomain, variant: testRecipient == nil ? nil : "test"
        )
        let recipient = override ?? contact.email
        let displayName = [contact.firstName, contact.lastName].compactMap { $0 }.joined(separator: " ")
        let forStep = stepHeaders[send.step]
        var headers = [campaignHeader, forStep?.step ?? MailHeader("X-Nurture-Step", send.step)]
        // RFC 2369 and RFC 8058: the signed HTTPS link (one click: a POST, no page) and the mailto; with no
        // HTTPS link the mailto alone, and no List-Unsubscribe-Post, which needs an HTTPS URI.
        if unsubscribe.hasPrefix("https://") {
            headers.append(MailHeader("List-Unsubscribe", "<\(unsubscribe)>, <\(unsubscribeMailto)>"))
            headers.append(oneClickHeader)
        } else {
            headers.append(MailHeader("List-Unsubscribe", "<\(unsubscribeMailto)>"))
        }
        headers.append(listID)
        if let feedbackID = campaign.sender.feedbackID {
            headers.append(forStep?.feedbackID ?? MailHeader("Feedback-ID", "\(campaign.name):\(send.step):\(feedbackID)"))
        }
        let message = MailMessage(
            from: from,
            to: Mailbox(displayName: override == nil && !displayName.isEmpty ? displayName : nil, address: recipient),
            replyTo: replyTo,
            subject: subjectPrefix + rendered.subject, date: date, messageID: messageID,
            textBody: rendered.text, htmlBody: rendered.html, extraHeaders: headers
        )
        var bytes: [UInt8]
        do {
            bytes = try MessageBuilder.build(message)
        } catch {
            throw ComposeError(error.description)
        }
        if let signer {
            do {
                bytes = try signer.sign(bytes, at: date)
            } catch {
                throw ComposeError(error.description)
            }
        }
        return ComposedMessage(
            contact: contact, send: send, messageID: messageID,
            envelope: Envelope(mailFrom: campaign.sender.email, recipient: recipient),
            rendered: rendered, bytes: bytes, campaign: campaign.name, standing: standing
        )
    }

    /// The contact's own unsubscribe link: the sender's `unsubscribe_url` with the contact's signed token
    /// (`?t=…`, see `UnsubscribeToken`), or the mailto when the campaign has no URL. A test send's link
    /// carries a token that names nobody.
    public func unsubscribeURL(for contact: Contact, test: Bool = false) -> String {
        guard let prefix = unsubscribeLinkPrefix else { return unsubscribeMailto }
        guard !test, let id = contact.id, id > 0 else { return prefix + "test" }
        return prefix + UnsubscribeToken(contactID: id, campaign: campaign.name).signed(with: unsubscribeKeys)
    }

    /// Unsubscribe by mail, to the sender (RFC 2369).
    public var unsubscribeMailto: String { "mailto:\(campaign.sender.email.value)?subject=unsubscribe" }

    /// The item of the previous nurture email, or else of the latest download: what "this follows" refers to.
    private func previousItem(_ history: ContactHistory, excluding current: String?) -> CatalogItem? {
        if let id = Self.latestContent(history.sent.lazy.map { ($0.at, $0.content) }, excluding: current), let item = campaign.item(id) {
            return item
        }
        let consumed = history.events.lazy.filter { $0.type.consumesContent }.map { ($0.at, $0.content) }
        return Self.latestContent(consumed, excluding: current).flatMap { campaign.item($0) }
    }

    /// The content of the latest entry that has one other than `excluding`: of those at the latest time, the
    /// last in order (what the last of them sorted by time, stably, is).
    private static func latestContent(_ entries: some Sequence<(Date, String?)>, excluding current: String?) -> String? {
        var latest: (at: Date, content: String)?
        for (at, content) in entries {
            guard let content, content != current else { continue }
            if let found = latest, at < found.at { continue }
            latest = (at, content)
        }
        return latest?.content
    }
}

/// Why an email could not be composed for a contact: the contact is skipped with this reason.
public struct ComposeError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
