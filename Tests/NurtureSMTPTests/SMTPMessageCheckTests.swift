import NurtureCore
import Testing
@testable import NurtureSMTP

struct SMTPMessageCheckTests {
    @Test func crlfOnlyBodiesPass() {
        #expect(SMTPMessageCheck.problem(inBody: Array("a\r\n.b\r\n\r\n".utf8)) == nil)
        #expect(SMTPMessageCheck.problem(inBody: Array("no final newline".utf8)) == nil)
    }

    @Test func bareSeparatorsAndNULAreRefused() {
        #expect(SMTPMessageCheck.problem(inBody: Array("a\nb\r\n".utf8))?.contains("bare LF at byte 1") == true)
        #expect(SMTPMessageCheck.problem(inBody: Array("a\r\r\n".utf8))?.contains("bare CR at byte 1") == true)
        #expect(SMTPMessageCheck.problem(inBody: Array("a\r".utf8))?.contains("bare CR") == true)
        #expect(SMTPMessageCheck.problem(inBody: [0x61, 0x00, 0x0D, 0x0A])?.contains("NUL") == true)
        #expect(SMTPMessageCheck.problem(inBody: []) != nil)
    }

    /// The body is scanned eight bytes at a time: a bare LF, a bare CR or a NUL is found at every offset, on either
    /// side of a word boundary, and a body of CRLF lines at every offset passes.
    @Test func everyOffsetOfABodyIsChecked() {
        for length in [1, 7, 8, 9, 15, 16, 17, 40] {
            for offset in 0..<length {
                var lf = [UInt8](repeating: UInt8(ascii: "x"), count: length)
                lf[offset] = 0x0A
                #expect(SMTPMessageCheck.problem(inBody: lf)?.contains("bare LF at byte \(offset)") == true, "LF at \(offset) of \(length)")
                var nul = [UInt8](repeating: UInt8(ascii: "x"), count: length)
                nul[offset] = 0x00
                #expect(SMTPMessageCheck.problem(inBody: nul)?.contains("NUL byte at byte \(offset)") == true, "NUL at \(offset) of \(length)")
                var cr = [UInt8](repeating: UInt8(ascii: "x"), count: length)
                cr[offset] = 0x0D
                #expect(SMTPMessageCheck.problem(inBody: cr)?.contains("bare CR at byte \(offset)") == true, "CR at \(offset) of \(length)")
                if offset + 1 < length {
                    cr[offset + 1] = 0x0A
                    #expect(SMTPMessageCheck.problem(inBody: cr) == nil, "CRLF at \(offset) of \(length)")
                }
            }
        }
        // Bytes above 0x7F, tabs and other controls above CR are not line breaks.
        #expect(SMTPMessageCheck.problem(inBody: Array("\tcafé\u{1B}[0m déjà vu ✓\r\n".utf8)) == nil)
    }

    /// A sender that passed is not parsed again; any other sender is.
    @Test func onlyTheSenderThatPassedIsSkipped() throws {
        let stored = try EmailAddress(storedValue: "ann..lee@acme.com")
        let message = OutgoingMessage(
            ledgerID: 1, envelope: Envelope(mailFrom: stored, recipient: TestMessages.recipient), bytes: Array("Hi.\r\n".utf8))
        let refused = SMTPMessageCheck.problem(in: message, policy: .reservedDomainsAllowed, checkedSender: "news@sender.example")
        #expect(refused?.hasPrefix("refused before sending: the MAIL FROM address") == true, "\(String(describing: refused))")
        #expect(SMTPMessageCheck.problem(in: message, policy: .reservedDomainsAllowed) != nil)
        #expect(SMTPMessageCheck.problem(in: TestMessages.message(2), policy: .reservedDomainsAllowed, checkedSender: "news@sender.example") == nil)
    }

    @Test func envelopeAddressesAreRechecked() throws {
        #expect(SMTPMessageCheck.problem(inAddress: try EmailAddress("ok@example.com", policy: .reservedDomainsAllowed), role: "RCPT TO", policy: .standard) == nil)
    }

    /// An address an earlier version stored and today's rules refuse is read back, and refused before sending.
    @Test func aStoredAddressTodaysRulesRefuseIsReadAndRefusedBeforeSending() throws {
        let stored = try EmailAddress(storedValue: "ann..lee@acme.com")
        #expect(stored.value == "ann..lee@acme.com")
        #expect(stored.envelope == "ann..lee@acme.com")
        let problem = SMTPMessageCheck.problem(inAddress: stored, role: "RCPT TO", policy: .standard)
        #expect(problem?.hasPrefix("refused before sending: the RCPT TO address") == true, "\(String(describing: problem))")
        // What could add a header or a command is refused whatever was stored.
        #expect(throws: EmailAddressError.self) { try EmailAddress(storedValue: "ann\r\nRCPT TO:<x@y.com>@acme.com") }
        // A valid stored address reads as the checked one.
        #expect(try EmailAddress(storedValue: "ada@bücher.de") == (try EmailAddress("ada@bücher.de")))
    }
}
