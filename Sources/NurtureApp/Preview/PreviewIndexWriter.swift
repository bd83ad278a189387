import Foundation
import NurtureCore

/// Writes `index.html` of a preview as messages come: a page a marketer opens in a browser, listing
/// every message (to, step, reason, subject) with its HTML part as it would look (in a sandboxed frame,
/// so nothing in it runs) and its text part. Streams: memory stays flat however many messages.
final class PreviewIndexWriter {
    private let handle: FileHandle

    init(path: String, campaigns: [String], at: Date) throws {
        let names = campaigns.joined(separator: ", ")
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw NurtureError("cannot write \(path)")
        }
        self.handle = handle
        write("""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <title>Preview: \(HTMLText.escape(names)) at \(ReasonDate.format(at))</title>
            <style>
            body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#1d2330;background:#f5f6f8}
            h1{font-size:1.4rem} .meta{color:#596275} article{background:#fff;border:1px solid #dde1e8;border-radius:8px;margin:1.5rem 0;padding:1rem 1.25rem}
            dl{display:grid;grid-template-columns:7rem 1fr;gap:.25rem .75rem;margin:0 0 1rem} dt{color:#596275} dd{margin:0}
            .parts{display:grid;grid-template-columns:1fr 1fr;gap:1rem} iframe{width:100%;height:28rem;border:1px solid #dde1e8;border-radius:4px;background:#fff}
            pre{white-space:pre-wrap;background:#fafbfc;border:1px solid #dde1e8;border-radius:4px;padding:.75rem;margin:0;height:26.5rem;overflow:auto;font-size:.85rem}
            .skipped li{margin:.25rem 0} a{color:#1f5fbf}
            </style></head><body>
            <h1>Preview of campaign\(campaigns.count == 1 ? "" : "s") <code>\(HTMLText.escape(names))</code></h1>
            <p class="meta">As of \(ReasonDate.format(at)). Nothing was sent and nothing was recorded.</p>

            """)
    }

    func add(number: Int, file: String, message: ComposedMessage, standing: Standing? = nil) {
        let stage = standing.map { "<dt>Stage</dt><dd>\(HTMLText.escape($0.stage?.name ?? "–")), score \($0.score)\($0.band.map { " (\(HTMLText.escape($0)))" } ?? "")</dd>\n" } ?? ""
        let html = message.rendered.html.map {
            "<iframe sandbox title=\"HTML part\" srcdoc=\"\(HTMLText.escape($0))\"></iframe>"
        } ?? "<p class=\"meta\">No HTML part.</p>"
        write("""
            <article id="m\(number)">
            <h2>\(number). \(HTMLText.escape(message.rendered.subject))</h2>
            <dl>
            <dt>To</dt><dd>\(HTMLText.escape(message.envelope.recipient.value))</dd>
            \(stage)<dt>Step</dt><dd>\(HTMLText.escape(message.send.step)) (\(HTMLText.escape(message.send.kind.label)))</dd>
            <dt>Content</dt><dd>\(HTMLText.escape(message.send.content ?? "–"))</dd>
            <dt>Why</dt><dd>\(HTMLText.escape(message.send.reason))</dd>
            <dt>Message-ID</dt><dd><code>\(HTMLText.escape(message.messageID))</code></dd>
            <dt>File</dt><dd><a href="\(HTMLText.escape(file))">\(HTMLText.escape(file))</a></dd>
            </dl>
            <div class="parts">\(html)<pre>\(HTMLText.escape(message.rendered.text))</pre></div>
            </article>

            """)
    }

    func finish(summary: [String], skipped: [(String, String)]) {
        if !skipped.isEmpty {
            write("<h2>Skipped</h2>\n<ul class=\"skipped\">\n")
            for (contact, reason) in skipped {
                write("<li><b>\(HTMLText.escape(contact))</b>: \(HTMLText.escape(reason))</li>\n")
            }
            write("</ul>\n")
        }
        write("<h2>Summary</h2>\n<ul>\n" + summary.map { "<li>\(HTMLText.escape($0))</li>\n" }.joined() + "</ul>\n</body></html>\n")
        try? handle.close()
    }

    private func write(_ text: String) { handle.write(Data(text.utf8)) }
}
