import ArgumentParser
import Foundation
import NurtureSMTP

/// SMTP settings: NURTURE_SMTP_URL, NURTURE_SMTP_USER, NURTURE_SMTP_PASSWORD or NURTURE_SMTP_PASSWORD_FILE
/// from the environment, each overridable by a flag. The password is never a flag value (it would show
/// in `ps` and shell history): only the environment or a file.
struct SMTPOptions: ParsableArguments {
    @Option(name: .customLong("smtp-url"), help: ArgumentHelp("smtp://host:587 (STARTTLS required) or smtps://host:465. Default: $NURTURE_SMTP_URL.", valueName: "url"))
    var url: String?
    @Option(name: .customLong("smtp-user"), help: ArgumentHelp("Default: $NURTURE_SMTP_USER.", valueName: "user"))
    var user: String?
    @Option(name: .customLong("smtp-password-file"), help: ArgumentHelp("A file holding the password. Default: $NURTURE_SMTP_PASSWORD_FILE or $NURTURE_SMTP_PASSWORD.", valueName: "path"))
    var passwordFile: String?
    @Option(help: "Seconds to wait for the server to answer a command (libcurl's default is 120).")
    var smtpTimeout: Int = 30
    @Flag(name: .customLong("insecure-skip-tls-certificate-verification"), help: "Do not verify the server's TLS certificate. Never use this with a real relay.")
    var skipVerification = false

    func configuration(connections: Int) throws -> SMTPConfiguration {
        var env = ProcessInfo.processInfo.environment
        if let url { env["NURTURE_SMTP_URL"] = url }
        if let user { env["NURTURE_SMTP_USER"] = user }
        if let passwordFile {
            env["NURTURE_SMTP_PASSWORD_FILE"] = passwordFile
            env["NURTURE_SMTP_PASSWORD"] = nil
        }
        var configuration = try SMTPConfiguration.fromEnvironment(env)
        guard (1...64).contains(connections) else { throw ValidationError("--connections must be between 1 and 64") }
        guard (1...600).contains(smtpTimeout) else { throw ValidationError("--smtp-timeout must be between 1 and 600 seconds") }
        configuration.connections = connections
        configuration.responseTimeout = .seconds(smtpTimeout)
        configuration.allowUnverifiedTLS = skipVerification
        return configuration
    }
}
