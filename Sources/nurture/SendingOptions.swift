import ArgumentParser
import Foundation
import Logging
import NurtureApp
import NurtureCampaign
import NurtureCore
import NurtureRender
import NurtureSMTP
import ServiceLifecycle

/// What `run` and `serve` share: the campaigns, SMTP and DKIM settings, connections, and wiring them
/// into a `RunService`.
struct SendingOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions
    @OptionGroup var campaign: CampaignSetOptions
    @OptionGroup var smtp: SMTPOptions
    @OptionGroup var dkim: DKIMOptions
    @Option(help: "SMTP connections (messages in flight at once).") var connections: Int = 4

    func validate() throws {
        guard (1...64).contains(connections) else { throw ValidationError("--connections must be between 1 and 64") }
    }
}

/// The campaigns loaded, checked and given a composer each, with the store they send from.
struct SendingSetup {
    let loaded: [LoadedCampaign]
    let composers: [MessageComposer]
    let signing: DKIMSetup
    let store: any NurtureStore
    /// nil when `NURTURE_SECRET` is not set (a dry run's links are then signed with a throwaway key).
    let unsubscribeKeys: UnsubscribeKeys?

    /// - Parameter sending: true for a real send: the unsubscribe links must be signed with the configured
    ///   secret, and the store is opened for writing.
    init(_ options: SendingOptions, sending: Bool) throws {
        loaded = try options.campaign.load()
        signing = try options.dkim.setup(for: loaded)
        let keys = try UnsubscribeKeys.fromEnvironment()
        unsubscribeKeys = keys
        if sending, keys == nil, let linked = loaded.first(where: { $0.campaign.sender.unsubscribeURL != nil }) {
            throw NurtureError("\(linked.file): sender unsubscribe_url needs a secret to sign each contact's link: set NURTURE_SECRET (or NURTURE_SECRET_FILE) to at least 16 random bytes, e.g. `openssl rand -base64 32`")
        }
        let signing = self.signing
        // Each template directory is loaded once, for composing and for the check below.
        let libraries = try loaded.map { try TemplateLibrary(directory: $0.templatesDirectory) }
        composers = zip(loaded, libraries).map { loaded, templates in
            // A dry run shows no message bytes: nothing to sign.
            MessageComposer(campaign: loaded.campaign, templates: templates,
                            signer: sending ? signing.signers[loaded.campaign.name] : nil, unsubscribeKeys: keys)
        }
        store = sending ? try StoreOpener.open(path: options.store.db, create: false) : try StoreOpener.openForReading(path: options.store.db)
        let validation = CampaignValidation(customFields: try store.customFieldNames())
        for (loaded, templates) in zip(loaded, libraries) { try validation.requireSendable(loaded, templates: templates) }
    }

    /// The run service over an SMTP connection pool.
    func runService(_ options: SendingOptions, limit: Int?, clock: @escaping @Sendable () -> Date) throws -> (RunService, SMTPConnectionPool) {
        guard let ledgerStore = store as? any NurtureStore & SendLedger else { throw NurtureError("this store has no send ledger") }
        let transport = SMTPConnectionPool(configuration: try options.smtp.configuration(connections: options.connections))
        let service = RunService(
            store: ledgerStore, composers: composers, transport: transport,
            options: RunOptions(connections: options.connections, limit: limit, only: try options.campaign.only()), clock: clock
        )
        return (service, transport)
    }
}

/// A clock that starts at `start` (`--at`, or now) and moves with real time.
func movingClock(from start: Date) -> @Sendable () -> Date {
    let origin = ContinuousClock.now
    return { start.addingTimeInterval(RunService.seconds(ContinuousClock.now - origin)) }
}

/// Runs `services` (the send loop among them) in a service group that shuts down gracefully on SIGINT,
/// SIGTERM or SIGHUP: the messages in flight are finished and recorded. A second signal, while a silent
/// server is awaited, ends that transaction now (recorded `unknown`). The transport is shut down however
/// the group ends. Services come with a name (`serviceName`): without one, ServiceLifecycle names a service by
/// printing it whole, by reflection, which for a send loop (its campaigns, templates and store) took 12 ms.
func runSendingGroup(_ services: [ServiceGroupConfiguration.ServiceConfiguration], transport: SMTPConnectionPool, logger: Logger) async throws {
    let escalation = StopSignalEscalation { count in
        if count == 2 { StandardError.line("nurture: second signal: ending the message in flight without waiting for its reply") }
        transport.abortInFlight()
    }
    // Listed first, so shut down last: it must hear a second signal while the send loop finishes.
    let group = ServiceGroup(configuration: .init(
        services: [.init(service: escalation, serviceName: "signals")] + services,
        gracefulShutdownSignals: StopSignalEscalation.signals,
        logger: logger
    ))
    do {
        try await group.run()
    } catch {
        await transport.shutdown()
        throw error
    }
    await transport.shutdown()
}
