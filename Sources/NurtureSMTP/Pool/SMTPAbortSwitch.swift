import Synchronization

/// Pulled once, it makes every transaction in flight on a pool's connections end at libcurl's next
/// progress check (about once a second while a server is silent): a second Ctrl-C does not wait out
/// `--smtp-timeout`. A message whose body was handed over becomes `unknown`; one not yet sent, `deferred`.
final class SMTPAbortSwitch: Sendable {
    private let pulled = Atomic<Bool>(false)

    func pull() { pulled.store(true, ordering: .relaxed) }
    var isPulled: Bool { pulled.load(ordering: .relaxed) }
}
