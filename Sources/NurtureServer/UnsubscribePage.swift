import NurtureApp
import NurtureCore

/// The small HTML pages of the unsubscribe endpoint. Every value is escaped; the address is shown masked
/// (`a•••@example.com`): whoever holds a forwarded email learns no more than they already can.
enum UnsubscribePage {
    /// The confirm page of a valid link: one button for this list, one for everything. GET shows it and
    /// changes nothing (mail scanners follow links).
    static func confirm(token: String, email: EmailAddress, campaign: String, sender: String?) -> String {
        // Relative to the page itself, so it works behind a proxy that serves it under a path prefix.
        let action = "?t=\(HTMLText.escape(token))"
        let from = sender.map { " from \(HTMLText.escape($0))" } ?? ""
        return page(title: "Unsubscribe", body: """
            <p>Stop the <strong>\(HTMLText.escape(campaign))</strong> emails\(from) to <strong>\(HTMLText.escape(masked(email)))</strong>?</p>
            <form method="post" action="\(action)">
            <input type="hidden" name="List-Unsubscribe" value="One-Click">
            <button type="submit">Unsubscribe from this list</button>
            </form>
            <form method="post" action="\(action)">
            <input type="hidden" name="List-Unsubscribe" value="One-Click">
            <input type="hidden" name="scope" value="everything">
            <button type="submit">Unsubscribe from everything</button>
            </form>
            """)
    }

    /// A link that does not verify: no buttons, and a way out that needs no link.
    static let invalid = page(title: "Unsubscribe", body: """
        <p>This unsubscribe link is not valid (it may have been cut short when it was copied).</p>
        <p>Use the link in the email again, or reply to the email with the word "unsubscribe".</p>
        """)

    /// After a POST, whatever the token: the same page, so that no answer tells a valid token from another.
    static let done = page(title: "Unsubscribed", body: """
        <p>Done. If this link was yours, you will get no more of these emails.</p>
        """)

    static func masked(_ email: EmailAddress) -> String {
        let local = email.localPart
        guard let first = local.first else { return email.value }
        return "\(first)\u{2022}\u{2022}\u{2022}@\(email.domain)"
    }

    private static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex"><title>\(title)</title>
        <style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#111}button{margin:.5rem 0;padding:.5rem 1rem}</style>
        </head><body>
        <h1>\(title)</h1>
        \(body)
        </body></html>

        """
    }
}
