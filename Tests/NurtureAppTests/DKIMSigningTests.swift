import Foundation
import NurtureApp
import NurtureCampaign
import NurtureCore
import NurtureDKIM
import NurtureRender
import NurtureTestSupport
import Testing

/// DKIM in the use cases: `DKIMSetup` turning key files and campaigns into signers (or one clear error,
/// or a warning), and `MessageComposer` putting the signature on top of the message it would otherwise send.
struct DKIMSigningTests {
    static let time = AppFixture.now

    func keyFile(_ folder: TemporaryFolder, _ name: String, _ key: DKIMKey) throws -> DKIMKeyFiles.Source {
        DKIMKeyFiles.Source(path: try folder.write(name, key.pemRepresentation), setting: "NURTURE_DKIM_KEY_FILE")
    }

    @Test func theComposerSignsTheMessageItWouldSendUnsigned() throws {
        let folder = try TemporaryFolder(prefix: "nurture-dkim")
        let loaded = try AppFixture.campaign()
        let key = DKIMKey.generateEd25519()
        let setup = try DKIMSetup.make(keys: DKIMKeyFiles(key: try keyFile(folder, "ed.pem", key)), campaigns: [loaded])
        let signer = try #require(setup.signers[loaded.campaign.name])
        #expect(setup.warnings == [])
        #expect(signer.signers.map(\.selector) == ["nurture2026"])

        let plain = try AppFixture().composer()
        let signing = MessageComposer(campaign: plain.campaign, templates: plain.templates, signer: signer)
        let history = ContactHistory(contact: MessageComposerTests.hostile)
        guard case let .send(send) = Planner(campaign: plain.campaign).plan(history, now: Self.time).decision else {
            Issue.record("no send decision")
            return
        }
        let unsigned = try plain.compose(send, for: history, date: Self.time)
        let signed = try signing.compose(send, for: history, date: Self.time)
        let text = String(decoding: signed.bytes, as: UTF8.self)
        #expect(text.hasPrefix("DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed;"))
        #expect(text.hasSuffix("\r\n" + String(decoding: unsigned.bytes, as: UTF8.self)))
        #expect(text.contains(" t=\(Int(Self.time.timeIntervalSince1970));"), "t= is the message's date, not the wall clock")
        #expect(signed.messageID == unsigned.messageID && signed.envelope == unsigned.envelope)
        // Ed25519 signatures are deterministic: the same message at the same time signs the same.
        #expect(try signing.compose(send, for: history, date: Self.time).bytes == signed.bytes)
    }

    @Test func bothKeysGiveTwoSignersUnderTheirSelectors() throws {
        let folder = try TemporaryFolder(prefix: "nurture-dkim")
        let loaded = try AppFixture.campaign()
        let files = DKIMKeyFiles(
            key: try keyFile(folder, "rsa.pem", try DKIMKey.generateRSA()),
            ed25519Key: DKIMKeyFiles.Source(path: try folder.write("ed.pem", DKIMKey.generateEd25519().pemRepresentation), setting: "NURTURE_DKIM_ED25519_KEY_FILE")
        )
        let signer = try #require(try DKIMSetup.make(keys: files, campaigns: [loaded]).signers[loaded.campaign.name])
        #expect(signer.signers.map(\.key.algorithm) == [.rsaSHA256, .ed25519SHA256])
        #expect(signer.signers.map(\.selector) == ["nurture2026", "nurture2026-ed"])
        #expect(signer.signers.allSatisfy { $0.domain == "northwind-analytics.example" })
    }

    @Test func noKeyMeansUnsignedWithOneWarningPerCampaignThatNamesASelector() throws {
        let setup = try DKIMSetup.make(keys: DKIMKeyFiles(), campaigns: [try AppFixture.campaign()])
        #expect(setup.signers.isEmpty)
        #expect(setup.warnings.count == 1)
        #expect(setup.warnings.first?.contains("no key is configured") == true)
    }

    @Test func theEnvironmentOrTheFlagNamesTheKeyFile() {
        let environment = ["NURTURE_DKIM_KEY_FILE": "/env/rsa.pem", "NURTURE_DKIM_ED25519_KEY_FILE": ""]
        let fromEnvironment = DKIMKeyFiles.resolve(environment: environment, keyFlag: nil, ed25519KeyFlag: nil)
        #expect(fromEnvironment.key == DKIMKeyFiles.Source(path: "/env/rsa.pem", setting: "NURTURE_DKIM_KEY_FILE"))
        #expect(fromEnvironment.ed25519Key == nil, "an empty variable is no key")
        let fromFlag = DKIMKeyFiles.resolve(environment: environment, keyFlag: "flag.pem", ed25519KeyFlag: "ed.pem")
        #expect(fromFlag.key == DKIMKeyFiles.Source(path: "flag.pem", setting: "--dkim-key"))
        #expect(fromFlag.ed25519Key == DKIMKeyFiles.Source(path: "ed.pem", setting: "--dkim-ed25519-key"))
    }
}
