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
        let key = try keys.key.map { source throws(NurtureError) in try DKIMKeyFiles.load(source) }
        let ed25519Key = try keys.ed25519Key.map { source throws(NurtureError) -> DKIMKey in
            let key = try DKIMKeyFiles.load(source)
            guard key.algorithm == .ed25519SHA256 else {
                throw NurtureError("DKIM key \(source): \(DKIMKeyError.wrongType(expected: .ed25519SHA256, found: key.algorithm))")
            }
            return key
        }
        var signers: [String: DKIMMessageSigner] = [:]
        for loaded in campaigns {
            let name = loaded.campaign.name
            guard let dkim = loaded.campaign.sender.dkim else {
                let source = keys.key ?? keys.ed25519Key
                throw NurtureError("\(loaded.file): campaign '\(name)' has no sender dkim (domain, selector) to sign with the key from \(source?.setting ?? "")")
            }
            var list: [DKIMSigner] = []
            do {
                if let key { list.append(try DKIMSigner(key: key, domain: dkim.domain, selector: dkim.selector)) }
                if let ed25519Key {
                    guard let selector = dkim.ed25519Selector else {
                        throw NurtureError("\(loaded.file): campaign '\(name)' has no sender dkim ed25519_selector for the key from \(keys.ed25519Key?.setting ?? "")")
                    }
                    list.append(try DKIMSigner(key: ed25519Key, domain: dkim.domain, selector: selector))
                }
            } catch let error as NurtureError {
                throw error
            } catch {
                throw NurtureError("\(loaded.file): campaign '\(name)': \(error)")
            }
            signers[name] = DKIMMessageSigner(signers: list)
        }
        return DKIMSetup(signers: signers)
    }
}
