import Testing
@testable import NurtureSMTP

struct SMTPTranscriptTests {
    private func feed(_ transcript: SMTPTranscript, out: String? = nil, in reply: String? = nil) {
        if let out { Array(out.utf8).withUnsafeBufferPointer { transcript.clientSent($0) } }
        if let reply { Array(reply.utf8).withUnsafeBufferPointer { transcript.serverSent($0) } }
    }

    @Test func tracksPhasesAndMultiLineReplies() {
        let transcript = SMTPTranscript()
        feed(transcript, in: "220 hello\r\n")
        feed(transcript, out: "EHLO me\r\n", in: "250-first\r\n250-SIZE 100\r\n250 HELP\r\n")
        #expect(transcript.phase == .hello)
        #expect(transcript.lastReply?.code == 250)
        feed(transcript, out: "MAIL FROM:<a@b.example>\r\n", in: "250 OK\r\n")
        feed(transcript, out: "RCPT TO:<c@d.example>\r\n", in: "550-5.1.1 no such\r\n550 5.1.1 user\r\n")
        feed(transcript, out: "QUIT\r\n", in: "221 bye\r\n")
        #expect(transcript.phase == .recipient)
        #expect(transcript.lastReply?.code == 221)
        #expect(transcript.refusal?.phase == .recipient)
        #expect(transcript.refusal?.reply.description == "550 5.1.1 no such / 5.1.1 user")
        #expect(transcript.refusal?.reply.enhancedStatus == "5.1.1")
    }

    @Test func replyLinesMayArriveInPieces() {
        let transcript = SMTPTranscript()
        feed(transcript, in: "22")
        #expect(transcript.lastReply == nil)
        feed(transcript, in: "0 ready\r\n")
        #expect(transcript.lastReply?.description == "220 ready")
    }

    @Test func replyTextIsKeptOnOneSafeLineOfAtMost80Characters() {
        let transcript = SMTPTranscript()
        let long = "250 " + String(repeating: "x", count: 100)
        feed(transcript, in: long + "\r\n")
        #expect(transcript.lastReply?.lines == [String(long.prefix(77)) + "..."])
        feed(transcript, in: "451 tab\there\r\n")
        #expect(transcript.lastReply?.lines == ["451 tab\\u{9}here"])
        #expect(transcript.lastReply?.code == 451)
        feed(transcript, in: "4x1 odd\r\n")
        #expect(transcript.lastReply?.code == 0)
        feed(transcript, in: "+25 signed\r\n")
        #expect(transcript.lastReply?.code == 25)
        let exactly80 = "250 " + String(repeating: "y", count: 76)
        feed(transcript, in: exactly80 + "\r\n")
        #expect(transcript.lastReply?.lines == [exactly80])
    }

    @Test func clientVerbsAreReadWhateverTheirCase() {
        let transcript = SMTPTranscript()
        feed(transcript, out: "mail FROM:<a@b.example>\r\n")
        #expect(transcript.phase == .mailFrom)
        feed(transcript, out: "Rcpt TO:<c@d.example>\r\n")
        #expect(transcript.phase == .recipient)
        feed(transcript, out: "data\r\n")
        #expect(transcript.phase == .data)
    }

    @Test func authExchangeLinesNeverChangeThePhaseOrGetStored() {
        let transcript = SMTPTranscript()
        feed(transcript, out: "AUTH LOGIN\r\n", in: "334 VXNlcm5hbWU6\r\n")
        // A base64 credential line that happens to start like a command must not count as one.
        feed(transcript, out: "DATAxyzc2VjcmV0\r\n", in: "334 UGFzc3dvcmQ6\r\n")
        #expect(transcript.phase == .auth)
        feed(transcript, out: "MAILc2VjcmV0\r\n", in: "535 5.7.8 invalid\r\n")
        #expect(transcript.phase == .auth)
        #expect(transcript.refusal?.reply.description == "535 5.7.8 invalid")
        feed(transcript, out: "MAIL FROM:<a@b.example>\r\n", in: "250 OK\r\n")
        #expect(transcript.phase == .mailFrom)
    }

    @Test func aReplyToAUTHHasItsBase64TokensAndTheKnownPasswordRedacted() {
        let transcript = SMTPTranscript(redaction: SMTPReplyRedaction(user: "ann", password: "pa55word"))
        feed(transcript, out: "AUTH PLAIN\r\n", in: "535 5.7.8 bad blob QUJDREVGR0hJSktMTU5PUA== for pa55word\r\n")
        #expect(transcript.lastReply?.lines == ["535 5.7.8 bad blob <redacted> for <redacted>"])
        // Outside AUTH only the password itself goes; ordinary words stay.
        feed(transcript, out: "MAIL FROM:<a@b.example>\r\n", in: "550 5.1.8 Domainnotfoundanywhere pa55word\r\n")
        #expect(transcript.lastReply?.lines == ["550 5.1.8 Domainnotfoundanywhere <redacted>"])
    }
}
