import ArgumentParser
import Foundation
import NurtureApp
import NurtureCampaign

/// DKIM key files: NURTURE_DKIM_KEY_FILE and NURTURE_DKIM_ED25519_KEY_FILE from the environment, each
/// overridable by a flag. Paths only: the key itself is never a flag value, nor in a campaign file.
struct DKIMOptions: ParsableArguments {
    @Option(name: .customLong("dkim-key"), help: ArgumentHelp("The DKIM private key (PEM) to sign with, under the campaign's dkim selector. Default: $NURTURE_DKIM_KEY_FILE.", valueName: "file"))
    var key: String?
    @Option(name: .customLong("dkim-ed25519-key"), help: ArgumentHelp("An Ed25519 key for a second signature, under the campaign's dkim ed25519_selector. Default: $NURTURE_DKIM_ED25519_KEY_FILE.", valueName: "file"))
    var ed25519Key: String?

    var files: DKIMKeyFiles {
        DKIMKeyFiles.resolve(environment: ProcessInfo.processInfo.environment, keyFlag: key, ed25519KeyFlag: ed25519Key)
    }

    /// The keys read once and a signer per campaign; fails with one line when a key cannot be used.
    func setup(for campaigns: [LoadedCampaign]) throws -> DKIMSetup {
        try DKIMSetup.make(keys: files, campaigns: campaigns)
    }
}

extension DKIMSetup {
    /// The warnings, once something was composed: messages went out (or were previewed) unsigned.
    func printWarnings(composedAny: Bool) {
        guard composedAny else { return }
        for warning in warnings { printError("warning: \(warning)") }
    }
}
