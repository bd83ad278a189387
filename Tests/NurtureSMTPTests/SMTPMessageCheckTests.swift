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
