import Foundation
import NurtureMIME
import Testing

struct MessageBuilderTests {
    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    private func header(_ name: String, in bytes: [UInt8]) -> String? {
        WireFormat.headers(bytes).first { $0.name.lowercased() == name.lowercased() }?.value
    }

    @Test func headersComeInOrderWithTheirValues() throws {
        let message = Samples.message(
            replyTo: Samples.mailbox(nil, "replies@acme.example"),
            extraHeaders: [
                MailHeader("List-Unsubscribe", "<https://acme.example/u/tok123>, <mailto:unsub@acme.example?subject=tok123>"),
                MailHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
                MailHeader("X-Nurture-Campaign", "welcome"),
            ]
        )
        let bytes = try WireFormat.build(message)
        let headers = WireFormat.headers(bytes)
        #expect(headers.map(\.name) == [
            "From", "To", "Reply-To", "Subject", "Date", "Message-ID", "MIME-Version",
            "List-Unsubscribe", "List-Unsubscribe-Post", "X-Nurture-Campaign",
            "Content-Type", "Content-Transfer-Encoding",
        ])
        #expect(headers.map(\.value) == [
            "Acme Sales <sales@acme.example>", "Jane Doe <jane@customer.example>", "replies@acme.example",
            "Welcome aboard", "Thu, 05 Mar 2026 09:07:03 +0000", "<n.welcome.s1.v1.c42@acme.example>", "1.0",
            "<https://acme.example/u/tok123>, <mailto:unsub@acme.example?subject=tok123>",
            "List-Unsubscribe=One-Click", "welcome",
            "text/plain; charset=utf-8", "quoted-printable",
        ])
    }

    /// A header checked once writes what the builder writes for it; one whose value changed after the
    /// check is checked again, so a stale line never hides a line break; a bad one is refused by `checked()`.
    @Test func checkedHeadersWriteTheSameLineAndOnlyForTheirOwnValue() throws {
        let plain = MailHeader("List-Unsubscribe", "<https://acme.example/u/" + String(repeating: "tok", count: 30) + ">, <mailto:unsub@acme.example>")
        let checked = try plain.checked()
        #expect(checked == plain)
        #expect(try MessageBuilder.build(Samples.message(extraHeaders: [checked])) == MessageBuilder.build(Samples.message(extraHeaders: [plain])))

        var changed = checked
        changed.value = "x\r\nBcc: victim@evil.example"
        #expect(throws: MessageError.self) { try MessageBuilder.build(Samples.message(extraHeaders: [changed])) }
        var renamed = checked
        renamed.name = "Subject"
        #expect(throws: MessageError.reservedHeaderName("Subject")) { try MessageBuilder.build(Samples.message(extraHeaders: [renamed])) }
        #expect(throws: MessageError.self) { try MailHeader("X-Bad", "a\nb").checked() }
    }

    /// A mailbox checked once for From writes the same From line; put in To it is checked for To; changed
    /// after the check it is checked again, so a stale line never hides a line break.
    @Test func checkedMailboxesWriteTheSameLineOnlyForTheirHeaderAndValue() throws {
        let sender = Samples.mailbox("Zoë from Acme Sales", "sales@acme.example")
        let checked = try sender.checked(as: "From")
        #expect(checked == sender)
        let plainBytes = try MessageBuilder.build(Samples.message(from: sender, to: sender))
        #expect(try MessageBuilder.build(Samples.message(from: checked, to: checked)) == plainBytes)
        #expect(header("To", in: plainBytes) == header("From", in: plainBytes))

        var changed = checked
        changed.displayName = "Acme\r\nBcc: victim@evil.example"
        #expect(throws: MessageError.self) { try MessageBuilder.build(Samples.message(from: changed)) }
        var moved = checked
        moved.address = Samples.address("other@acme.example")
        #expect(try header("From", in: MessageBuilder.build(Samples.message(from: moved)))?.contains("other@acme.example") == true)
        #expect(throws: MessageError.self) { try Samples.mailbox("a\nb", "sales@acme.example").checked(as: "From") }
    }

    @Test func aTextOnlyMessageIsOneQuotedPrintablePart() throws {
        let bytes = try WireFormat.build(Samples.message(textBody: "Hello Jane,\nthanks = much.\n"))
        #expect(text(bytes).hasSuffix("quoted-printable\r\n\r\nHello Jane,\r\nthanks =3D much.\r\n"))
    }

    @Test func aBodyWithoutFinalLineBreakEndsWithASoftBreak() throws {
        let bytes = try WireFormat.build(Samples.message(textBody: "No newline at the end"))
        #expect(text(bytes).hasSuffix("\r\n\r\nNo newline at the end=\r\n"))
        let empty = try WireFormat.build(Samples.message(textBody: ""))
        #expect(text(empty).hasSuffix("quoted-printable\r\n\r\n"))
    }

    @Test func anHTMLBodyMakesMultipartAlternativeTextFirst() throws {
        let message = Samples.message(textBody: "Hi\n", htmlBody: "<p>Hi</p>")
        let bytes = try WireFormat.build(message)
        let contentType = try #require(header("Content-Type", in: bytes))
        #expect(contentType.hasPrefix("multipart/alternative; boundary=\"=_nurture_"))
        #expect(header("Content-Transfer-Encoding", in: bytes) == nil)
        let boundary = String(contentType.split(separator: "\"")[1])
        #expect(boundary.utf8.count == 26)
        let body = text(bytes).components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        #expect(body == """
            --\(boundary)\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: quoted-printable\r
            \r
            Hi\r
            \r
            --\(boundary)\r
            Content-Type: text/html; charset=utf-8\r
            Content-Transfer-Encoding: quoted-printable\r
            \r
            <p>Hi</p>\r
            --\(boundary)--\r

            """)
    }

    @Test func theBoundaryDependsOnTheContentOnly() throws {
        func boundary(_ message: MailMessage) throws -> String {
            let bytes = try WireFormat.build(message)
            return String(try #require(header("Content-Type", in: bytes)).split(separator: "\"")[1])
        }
        let base = Samples.message(htmlBody: "<p>A</p>")
        var otherHTML = base
        otherHTML.htmlBody = "<p>B</p>"
        var otherID = base
        otherID.messageID = "<other@acme.example>"
        var otherSubject = base
        otherSubject.subject = "Something else"
        #expect(try boundary(base) == boundary(base))
        #expect(try boundary(base) != boundary(otherHTML))
        #expect(try boundary(base) != boundary(otherID))
        #expect(try boundary(base) == boundary(otherSubject))
    }

    @Test func theSameMessageGivesTheSameBytes() throws {
        let message = Samples.message(
            subject: "Grüße 🎉 " + String(repeating: "long subject ", count: 20),
            textBody: String(repeating: "Ligne très longue ", count: 100), htmlBody: "<p>é</p>"
        )
        let first = try WireFormat.build(message)
        let second = try WireFormat.build(message)
        #expect(first == second)
    }

    @Test func everyLineIsCRLFAndAtMost998OctetsWhateverTheInput() throws {
        let message = Samples.message(
            from: Samples.mailbox(String(repeating: "Ünïcödé ", count: 60), "a@b.example"),
            to: Samples.mailbox(String(repeating: "\"quoted\", ", count: 40), "c@d.example"),
            subject: String(repeating: "x", count: 3000),
            textBody: "a\rb\nc\r\n\r\r\n\n" + String(repeating: "é", count: 3000),
            htmlBody: String(repeating: "<b>", count: 1000) + "\r",
            extraHeaders: [MailHeader("X-Long", (1...300).map(String.init).joined(separator: " "))]
        )
        let bytes = try WireFormat.build(message)
        #expect(WireFormat.problems(bytes).isEmpty)
        #expect(WireFormat.lines(bytes).allSatisfy { $0.utf8.count <= 998 })
    }

    // MARK: Subject

    @Test func aLongASCIISubjectFoldsAtWhitespace() throws {
        let subject = (1...60).map { "word\($0)" }.joined(separator: " ")
        let bytes = try WireFormat.build(Samples.message(subject: subject))
        #expect(header("Subject", in: bytes) == subject)
        let lines = WireFormat.lines(WireFormat.headerSection(bytes))
        let subjectLines = lines.drop { !$0.hasPrefix("Subject:") }.prefix { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") }
        #expect(subjectLines.count > 3)
        #expect(subjectLines.allSatisfy { $0.utf8.count <= 78 })
    }

    @Test func aSubjectWordTooLongForALineIsEncodedInstead() throws {
        let subject = "Hi " + String(repeating: "y", count: 1200)
        let bytes = try WireFormat.build(Samples.message(subject: subject))
        let value = try #require(header("Subject", in: bytes))
        #expect(value.hasPrefix("=?UTF-8?B?"))
        #expect(Decoders.encodedWords(value) == subject)
    }

    @Test(arguments: [
        "Réunion à Paris",
        "🎉 Launch 👩🏽‍💻 👨‍👩‍👧‍👦 🇫🇷",
        String(repeating: "日本語の件名 ", count: 30) + "終",
        "Looks =?like?= an encoded word",
    ])
    func subjectsThatAreNotPlainASCIIBecomeEncodedWords(subject: String) throws {
        let bytes = try WireFormat.build(Samples.message(subject: subject))
        let lines = WireFormat.lines(WireFormat.headerSection(bytes))
        let subjectLines = Array(lines.drop { !$0.hasPrefix("Subject:") }.prefix { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") })
        #expect(subjectLines.allSatisfy { $0.utf8.count <= 78 })
        let words = subjectLines.map { $0.hasPrefix("Subject:") ? String($0.dropFirst(8)) : $0 }
            .flatMap { $0.split(separator: " ").map(String.init) }
        for word in words {
            #expect(word.utf8.count <= 75)
            #expect(Decoders.encodedWord(word) != nil, "word does not decode to whole characters: \(word)")
        }
        #expect(Decoders.encodedWords(words.joined(separator: " ")) == subject)
    }

    @Test func subjectWhitespaceAtTheEndsIsDropped() throws {
        let bytes = try WireFormat.build(Samples.message(subject: "  Hello\tthere  "))
        #expect(header("Subject", in: bytes) == "Hello\tthere")
    }

    // MARK: Mailboxes

    @Test(arguments: [
        ("Jane Doe", "Jane Doe <jane@customer.example>"),
        ("  Jane  ", "Jane <jane@customer.example>"),
        ("Doe, Jane", "\"Doe, Jane\" <jane@customer.example>"),
        ("Jane \"JD\" Doe", "\"Jane \\\"JD\\\" Doe\" <jane@customer.example>"),
        ("Back\\slash; (x) @ <y>", "\"Back\\\\slash; (x) @ <y>\" <jane@customer.example>"),
        ("John Q. Public", "\"John Q. Public\" <jane@customer.example>"),
        ("", "jane@customer.example"),
        ("   ", "jane@customer.example"),
    ])
    func asciiDisplayNamesAreAtomsOrQuotedStrings(name: String, expected: String) throws {
        let bytes = try WireFormat.build(Samples.message(to: Samples.mailbox(name, "jane@customer.example")))
        #expect(header("To", in: bytes) == expected)
    }

    @Test func noDisplayNameWritesTheBareAddress() throws {
        let bytes = try WireFormat.build(Samples.message(to: Samples.mailbox(nil, "jane@customer.example")))
        #expect(header("To", in: bytes) == "jane@customer.example")
    }

    @Test(arguments: ["Hélène Dupré", "山田 太郎", "Zoë 🎉", "Tab\tName", "=?UTF-8?B?Zm9v?=", String(repeating: "Long, quoted name ", count: 10) + "end"])
    func otherDisplayNamesAreEncodedWords(name: String) throws {
        let bytes = try WireFormat.build(Samples.message(from: Samples.mailbox(name, "sales@acme.example")))
        let value = try #require(header("From", in: bytes))
        #expect(value.hasSuffix(" <sales@acme.example>"))
        let words = String(value.dropLast(" <sales@acme.example>".count))
        #expect(Decoders.encodedWords(words) == name)
        #expect(words.split(separator: " ").allSatisfy { $0.utf8.count <= 75 })
    }

    @Test func anInternationalDomainIsWrittenInALabels() throws {
        let bytes = try MessageBuilder.build(Samples.message(to: Samples.mailbox("Jürgen", "juergen@BÜCHER.de")))
        let value = try #require(header("To", in: bytes))
        #expect(value.hasSuffix(" <juergen@xn--bcher-kva.de>"), "\(value)")
        #expect(WireFormat.headerSection(bytes).allSatisfy { $0 < 0x80 })
    }

    /// RFC 6532: such a message only goes to a relay offering SMTPUTF8 (the transport defers it otherwise).
    @Test func aNonASCIILocalPartIsWrittenInUTF8() throws {
        let bytes = try MessageBuilder.build(Samples.message(to: Samples.mailbox("Jürgen", "jürgen@bücher.de")))
        let section = String(decoding: WireFormat.headerSection(bytes), as: UTF8.self)
        #expect(section.contains("<jürgen@bücher.de>\r\n"), "\(section)")
    }

    // MARK: Injection and invalid headers

    static let forbidden: [(scalar: Unicode.Scalar, lineBreak: Bool)] = [
        ("\r", true), ("\n", true), ("\u{85}", true), ("\u{2028}", true), ("\u{2029}", true),
        ("\u{0}", false), ("\u{1B}", false), ("\u{7F}", false), ("\u{9B}", false),
    ]

    private func expected(_ field: String, _ scalar: Unicode.Scalar, lineBreak: Bool) -> MessageError {
        lineBreak ? .lineBreak(in: field, scalar: scalar) : .controlCharacter(in: field, scalar: scalar)
    }

    @Test(arguments: forbidden)
    func breaksAndControlsInHeaderTextAreRefused(scalar: Unicode.Scalar, lineBreak: Bool) {
        let evil = "Hello\(Character(scalar))Bcc: victim@example.com"
        let cases: [(MailMessage, String)] = [
            (Samples.message(subject: evil), "subject"),
            (Samples.message(subject: "trailing" + String(Character(scalar))), "subject"),
            (Samples.message(from: Samples.mailbox(evil, "sales@acme.example")), "from display name"),
            (Samples.message(to: Samples.mailbox(evil, "jane@customer.example")), "to display name"),
            (Samples.message(replyTo: Samples.mailbox(evil, "r@acme.example")), "reply-to display name"),
            (Samples.message(extraHeaders: [MailHeader("X-Nurture-Campaign", evil)]), "X-Nurture-Campaign"),
            (Samples.message(messageID: "<a\(Character(scalar))b@acme.example>"), "message-id"),
        ]
        for (message, field) in cases {
            #expect(throws: expected(field, scalar, lineBreak: lineBreak)) { try MessageBuilder.build(message) }
        }
    }

    @Test func errorMessagesNameTheFieldAndTheCharacter() {
        #expect(MessageError.lineBreak(in: "subject", scalar: "\u{2028}").description == "subject contains a line break (U+2028)")
        #expect(MessageError.controlCharacter(in: "from display name", scalar: "\u{0}").description
            == "from display name contains a control character (U+0000)")
        #expect(MessageError.lineBreak(in: "subject", scalar: "\u{85}").field == "subject")
    }

    @Test func tabsAreAllowedInHeaderText() throws {
        let bytes = try WireFormat.build(Samples.message(subject: "a\tb", extraHeaders: [MailHeader("X-T", "1\t2")]))
        #expect(header("Subject", in: bytes) == "a\tb")
        #expect(header("X-T", in: bytes) == "1\t2")
    }

    @Test(arguments: ["", "X Bad", "X:Bad", "Über", "X-\u{7F}", "X-\t"])
    func invalidExtraHeaderNamesAreRefused(name: String) {
        let message = Samples.message(extraHeaders: [MailHeader(name, "v")])
        #expect(throws: MessageError.invalidHeaderName(name)) { try MessageBuilder.build(message) }
    }

    @Test(arguments: ["From", "to", "SUBJECT", "Date", "Message-ID", "MIME-Version", "Content-Type",
                      "content-transfer-encoding", "Content-Disposition", "Reply-To"])
    func extraHeadersMayNotDuplicateTheBuildersOwn(name: String) {
        let message = Samples.message(extraHeaders: [MailHeader(name, "v")])
        #expect(throws: MessageError.reservedHeaderName(name)) { try MessageBuilder.build(message) }
    }

    @Test func extraHeaderValuesMustBeASCIIAndFoldable() {
        #expect(throws: MessageError.nonASCII(in: "X-Campaign")) {
            try MessageBuilder.build(Samples.message(extraHeaders: [MailHeader("X-Campaign", "été")]))
        }
        let unbreakable = "<https://acme.example/u/" + String(repeating: "t", count: 1000) + ">"
        #expect(throws: MessageError.tooLong("List-Unsubscribe", limit: 998)) {
            try MessageBuilder.build(Samples.message(extraHeaders: [MailHeader("List-Unsubscribe", unbreakable)]))
        }
    }

    @Test(arguments: ["n.1@acme.example", "<n.1@acme.example", "<n 1@acme.example>", "<@acme.example>", "<n.1@>",
                      "<n.1acme.example>", "<a<b@c>", "<é@acme.example>", "<>", "<" + String(repeating: "a", count: 900) + "@b>"])
    func malformedMessageIDsAreRefused(id: String) {
        #expect(throws: MessageError.invalidMessageID) { try MessageBuilder.build(Samples.message(messageID: id)) }
    }

    @Test func aDateOutsideRFC5322IsRefused() {
        var message = Samples.message()
        message.date = Date(timeIntervalSince1970: -3_000_000_000)
        #expect(throws: MessageError.dateOutOfRange) { try MessageBuilder.build(message) }
    }
}
