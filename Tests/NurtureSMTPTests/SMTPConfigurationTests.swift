import Foundation
import Testing
@testable import NurtureSMTP

struct SMTPConfigurationTests {
    @Test func loopbackHosts() {
        for host in ["127.0.0.1", "127.1.2.3", "::1", "localhost", "LOCALHOST"] {
            #expect(SMTPConfiguration.isLoopback(host: host), "\(host)")
        }
        for host in ["128.0.0.1", "127.0.0.256", "127.0.0", "localhost.example.com", "mail.example.com", "10.0.0.1", "::2"] {
            #expect(!SMTPConfiguration.isLoopback(host: host), "\(host)")
        }
    }

    @Test func tlsIsRequiredAndVerifiedOffLoopback() throws {
        let remote = try SMTPConfiguration(url: "smtp://mail.example.com:587")
        #expect(remote.requiresTLS && remote.verifiesCertificates)
        #expect(remote.host == "mail.example.com" && remote.port == 587 && remote.scheme == .smtp)
        var insecure = remote
        insecure.allowUnverifiedTLS = true
        #expect(insecure.requiresTLS && !insecure.verifiesCertificates)
        let local = try SMTPConfiguration(url: "smtp://[::1]:2525")
        #expect(local.host == "::1" && !local.requiresTLS && !local.verifiesCertificates)
        let implicit = try SMTPConfiguration(url: "smtps://127.0.0.1:465")
        #expect(implicit.requiresTLS)
    }

    @Test func badURLsAreRefused() {
        for url in ["http://mail.example.com", "smtp://user:pw@mail.example.com", "smtp://", "smtp://host:99999",
                    "mail.example.com:25", "smtp://host\r\n:25", "smtp://[::1:25"] {
            #expect(throws: SMTPConfigurationError.self, "\(url)") { try SMTPConfiguration(url: url, addressPolicy: .reservedDomainsAllowed) }
        }
    }

    @Test func environmentWithPasswordFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("nurture-pw-\(UUID().uuidString)")
        try Data("p@ss word\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let configuration = try SMTPConfiguration.fromEnvironment([
            "NURTURE_SMTP_URL": "smtps://smtp.example.com:465",
            "NURTURE_SMTP_USER": "mailer",
            "NURTURE_SMTP_PASSWORD_FILE": file.path,
        ])
        #expect(configuration.password?.value == "p@ss word")
        #expect(configuration.user == "mailer")
        #expect(!configuration.description.contains("p@ss"))
        #expect(!"\(configuration.password!)".contains("p@ss"))
        var dumped = ""
        dump(configuration, to: &dumped)
        #expect(!dumped.contains("p@ss"))
    }

    @Test func environmentErrorsNameTheVariable() {
        #expect(throws: SMTPConfigurationError("is not set", place: "NURTURE_SMTP_URL")) {
            try SMTPConfiguration.fromEnvironment([:])
        }
        #expect(throws: SMTPConfigurationError.self) {
            try SMTPConfiguration.fromEnvironment(["NURTURE_SMTP_URL": "smtp://h.example:25", "NURTURE_SMTP_USER": "u",
                                                   "NURTURE_SMTP_PASSWORD": "a", "NURTURE_SMTP_PASSWORD_FILE": "/x"])
        }
        do {
            _ = try SMTPConfiguration.fromEnvironment(["NURTURE_SMTP_URL": "smtp://h.example:25", "NURTURE_SMTP_USER": "u",
                                                       "NURTURE_SMTP_PASSWORD_FILE": "/nonexistent/nurture-pw"])
            Issue.record("expected an error")
        } catch {
            #expect(error.place == "NURTURE_SMTP_PASSWORD_FILE")
        }
        let inline = try? SMTPConfiguration.fromEnvironment(["NURTURE_SMTP_URL": "smtp://h.example:25",
                                                             "NURTURE_SMTP_USER": "u", "NURTURE_SMTP_PASSWORD": "hunter2"])
        #expect(inline?.password?.value == "hunter2")
        #expect(inline.map { !$0.description.contains("hunter2") } == true)
    }
}
