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
}
