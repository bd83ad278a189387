import NurtureCampaign
import NurtureCore
import NurtureDKIM

/// The DKIM signing of one command: the key files read and parsed once, and a signer for each campaign
/// from its sender's domain and selectors. What cannot work is an error before anything is sent; a
/// campaign that names a selector while no key is configured is sent unsigned, with a warning.
public struct DKIMSetup: Sendable {
    /// By campaign name; a campaign without one is sent unsigned.
    public var signers: [String: DKIMMessageSigner]
    /// One line per campaign that names DKIM selectors but gets no signature (no key configured).
    public var warnings: [String]

    public init(signers: [String: DKIMMessageSigner] = [:], warnings: [String] = []) {
        self.signers = signers
        self.warnings = warnings
    }

    public static func make(keys: DKIMKeyFiles, campaigns: [LoadedCampaign]) throws(NurtureError) -> DKIMSetup {
        guard !keys.isEmpty else {
            let warnings = campaigns.compactMap { loaded -> String? in
                guard let dkim = loaded.campaign.sender.dkim else { return nil }
                return "campaign '\(loaded.campaign.name)' names DKIM selector '\(dkim.selector)' of \(dkim.domain), but no key is configured (\(DKIMKeyFiles.keyVariable) or --dkim-key): its messages are not signed"
            }
            return DKIMSetup(warnings: warnings)
        }
        let loadedKeys = try LoadedKeys(keys)
        var signers: [String: DKIMMessageSigner] = [:]
        for loaded in campaigns {
            var list: [DKIMSigner] = []
            for placement in try loadedKeys.placements(for: loaded) {
                do {
                    list.append(try DKIMSigner(key: placement.key, domain: placement.domain, selector: placement.selector))
                } catch {
                    throw NurtureError("\(loaded.file): campaign '\(loaded.campaign.name)': \(error)")
                }
            }
            signers[loaded.campaign.name] = DKIMMessageSigner(signers: list)
        }
        return DKIMSetup(signers: signers)
    }

    /// The configured key files, each read and parsed once; the Ed25519 one must be an Ed25519 key.
    public struct LoadedKeys: Sendable {
        public var files: DKIMKeyFiles
        public var key: DKIMKey?
        public var ed25519Key: DKIMKey?

        public init(_ files: DKIMKeyFiles) throws(NurtureError) {
            self.files = files
            key = try files.key.map { source throws(NurtureError) in try DKIMKeyFiles.load(source) }
            ed25519Key = try files.ed25519Key.map { source throws(NurtureError) -> DKIMKey in
                let key = try DKIMKeyFiles.load(source)
                guard key.algorithm == .ed25519SHA256 else {
                    throw NurtureError("DKIM key \(source): \(DKIMKeyError.wrongType(expected: .ed25519SHA256, found: key.algorithm))")
                }
                return key
            }
        }

        /// Where each key signs for one campaign: the key under the sender's `selector`, the Ed25519 key
        /// under its `ed25519_selector`, both for its `domain`. An error names the campaign file when the
        /// settings a key needs are missing.
        public func placements(for loaded: LoadedCampaign) throws(NurtureError) -> [Placement] {
            let name = loaded.campaign.name
            guard let dkim = loaded.campaign.sender.dkim else {
                let source = files.key ?? files.ed25519Key
                throw NurtureError("\(loaded.file): campaign '\(name)' has no sender dkim (domain, selector) to sign with the key from \(source?.setting ?? "")")
            }
            var placements: [Placement] = []
            if let key, let source = files.key { placements.append(Placement(source: source, key: key, selector: dkim.selector, domain: dkim.domain)) }
            if let ed25519Key, let source = files.ed25519Key {
                guard let selector = dkim.ed25519Selector else {
                    throw NurtureError("\(loaded.file): campaign '\(name)' has no sender dkim ed25519_selector for the key from \(source.setting)")
                }
                placements.append(Placement(source: source, key: ed25519Key, selector: selector, domain: dkim.domain))
            }
            return placements
        }
    }

    /// One key, the file it came from, and the selector and domain it signs under.
    public struct Placement: Sendable {
        public var source: DKIMKeyFiles.Source
        public var key: DKIMKey
        public var selector: String
        public var domain: String

        public init(source: DKIMKeyFiles.Source, key: DKIMKey, selector: String, domain: String) {
            self.source = source
            self.key = key
            self.selector = selector
            self.domain = domain
        }
    }
}
