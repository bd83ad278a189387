import CCurl

/// Work a thread does while its transfer waits for the network, instead of sleeping in libcurl's poll: a
/// connection thread that is also a task executor runs the Swift tasks waiting for it (`SMTPWorkQueue`). That is
/// while the server answers the connection, the envelope and DATA, and takes the body; libcurl 7.88 waits for the
/// reply to the final dot inside `curl_multi_perform` (SMTP's done phase blocks), so not then.
protocol CurlIdleWork: AnyObject {
    /// Runs one piece of waiting work; false when there was none.
    func runOne() -> Bool
    /// While a transfer runs, `waker` is what interrupts libcurl's wait when work arrives; nil once it ends.
    func wake(with waker: CurlWaker?)
}

/// Interrupts a `curl_multi_poll` on another thread (`curl_multi_wakeup` is the one multi call that is safe
/// from any thread). Valid while the transfer that handed it out runs: a holder calls it only where the transfer
/// cannot end meanwhile (under the lock that `CurlIdleWork.wake(with: nil)` takes).
struct CurlWaker: @unchecked Sendable {
    let multi: UnsafeMutableRawPointer

    func wake() {
        _ = curl_multi_wakeup(multi)
    }
}
