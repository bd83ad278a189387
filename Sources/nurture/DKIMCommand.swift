import ArgumentParser
import Foundation
import NurtureApp
import NurtureCampaign
import NurtureCore
import NurtureDKIM

struct DKIMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dkim",
        abstract: "Make a DKIM key and print the DNS record it needs.",
        discussion: "Messages are signed when a key is configured: NURTURE_DKIM_KEY_FILE or --dkim-key (README, \"DKIM\").",
        subcommands: [DKIMKeygenCommand.self, DKIMCheckCommand.self]
    )
}

struct DKIMKeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Write a new DKIM private key (mode 0600) and print the DNS TXT record to publish.",
        discussion: "The key is never printed. An existing file is never overwritten."
    )

    @Option(help: "The selector the record is published under (S in S._domainkey.D).") var selector: String
    @Option(help: "The signing domain: the sender's email domain or a parent of it.") var domain: String
    @Flag(help: "An Ed25519 key (RFC 8463) instead of RSA.") var ed25519 = false
    @Option(help: "RSA key size: 2048, 3072 or 4096.") var bits: Int = DKIMKey.defaultRSABits
    @Option(help: ArgumentHelp("Where to write the key (default: dkim-DOMAIN-SELECTOR.pem).", valueName: "file")) var out: String?

    func validate() throws {
        guard SenderDKIM.isValidSelector(selector) else { throw ValidationError("--selector '\(selector)' is not a DKIM selector (letters, digits and inner '-', dot-separated)") }
        guard SenderDKIM.isValidDomain(domain) else { throw ValidationError("--domain '\(domain)' is not a domain name") }
        guard [2048, 3072, 4096].contains(bits) else { throw ValidationError("--bits must be 2048, 3072 or 4096") }
        if ed25519 && bits != DKIMKey.defaultRSABits { throw ValidationError("--bits is for RSA keys; an Ed25519 key has no size to choose") }
    }

    func run() throws {
        try reportingErrors {
            let path = out ?? "dkim-\(domain)-\(selector).pem"
            let key = ed25519 ? DKIMKey.generateEd25519() : try DKIMKey.generateRSA(bits: bits)
            try DKIMKeyFileWriter.write(key, to: path)
            let variable = ed25519 ? "\(DKIMKeyFiles.ed25519KeyVariable) (with ed25519_selector: \(selector)), or \(DKIMKeyFiles.keyVariable) to sign with it alone" : DKIMKeyFiles.keyVariable
            print("wrote \(path): \(key), mode 0600; sign with it through \(variable)")
            print("publish this DNS TXT record, then compare with `nurture dkim check`:")
            print(DKIMDNSRecord(selector: selector, domain: domain, key: key).zoneLine)
        }
    }
}

struct DKIMCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Print the DNS TXT record a DKIM key needs, to compare with what DNS publishes.",
        discussion: "Looks nothing up. Selector and domain come from --selector and --domain, or from a campaign's sender dkim block; the key from --key or $NURTURE_DKIM_KEY_FILE (with --campaign also $NURTURE_DKIM_ED25519_KEY_FILE)."
    )

    @Option(help: "The selector.") var selector: String?
    @Option(help: "The signing domain.") var domain: String?
    @Option(help: ArgumentHelp("Take selector and domain from this campaign file's sender dkim.", valueName: "file")) var campaign: String?
    @Option(help: ArgumentHelp("The private key. Default: $NURTURE_DKIM_KEY_FILE.", valueName: "file")) var key: String?
    @Option(name: .customLong("ed25519-key"), help: ArgumentHelp("The Ed25519 key (with --campaign). Default: $NURTURE_DKIM_ED25519_KEY_FILE.", valueName: "file")) var ed25519Key: String?

    func validate() throws {
        if campaign != nil {
            guard selector == nil, domain == nil else { throw ValidationError("pass --campaign, or --selector and --domain, not both") }
        } else {
            guard let selector, let domain else { throw ValidationError("pass --selector and --domain, or --campaign FILE") }
            guard SenderDKIM.isValidSelector(selector) else { throw ValidationError("--selector '\(selector)' is not a DKIM selector") }
            guard SenderDKIM.isValidDomain(domain) else { throw ValidationError("--domain '\(domain)' is not a domain name") }
            guard ed25519Key == nil else { throw ValidationError("--ed25519-key needs --campaign (its ed25519_selector)") }
        }
    }

    func run() throws {
        try reportingErrors {
            let files = DKIMKeyFiles.resolve(
                environment: ProcessInfo.processInfo.environment, keyFlag: key, ed25519KeyFlag: ed25519Key, keyFlagName: "--key", ed25519KeyFlagName: "--ed25519-key"
            )
            var wanted: [DKIMSetup.Placement] = []
            if let campaign, !files.isEmpty {
                let loaded = try CampaignLoader.load(path: campaign, addressPolicy: addressPolicy())
                wanted = try DKIMSetup.LoadedKeys(files).placements(for: loaded)
            } else if let source = files.key, let selector, let domain {
                wanted = [DKIMSetup.Placement(source: source, key: try DKIMKeyFiles.load(source), selector: selector, domain: domain)]
            }
            guard !wanted.isEmpty else {
                throw NurtureError("no DKIM key: pass --key FILE or set \(DKIMKeyFiles.keyVariable)")
            }
            for placement in wanted {
                print("the \(placement.key) in \(placement.source) needs:")
                print(DKIMDNSRecord(selector: placement.selector, domain: placement.domain, key: placement.key).zoneLine)
            }
        }
    }
}
