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
    fileprivate let multi: UnsafeMutableRawPointer

    func wake() {
        _ = curl_multi_wakeup(multi)
    }
}

extension CurlEasy {
    /// Runs the transfer; the code is returned, not thrown, because callers classify it. With `idleWork`, through
    /// the handle's own multi handle, calling it whenever libcurl would wait for the network (the connection stays
    /// in that multi handle's cache between transfers, as `curl_easy_perform` keeps it in the easy handle's);
    /// without, `curl_easy_perform`, the same loop inside libcurl with no handle to re-add for each transfer
    /// (measured 3% less CPU at eight connections). A handle keeps to one of the two.
    func perform(idleWork: (any CurlIdleWork)?) -> CURLcode {
        errorBuffer[0] = 0
        guard let idleWork else { return curl_easy_perform(handle) }
        let multi: UnsafeMutableRawPointer
        do {
            multi = try attachedMulti()
        } catch {
            return fail(CURLcode(rawValue: error.code), "\(error)")
        }
        idleWork.wake(with: CurlWaker(multi: multi))
        defer { idleWork.wake(with: nil) }
        while true {
            var running: Int32 = 0
            let performed = curl_multi_perform(multi, &running)
            guard performed == CURLM_OK else {
                return fail(CURLE_FAILED_INIT, "curl_multi_perform: " + String(cString: curl_multi_strerror(performed)))
            }
            if running == 0 {
                var queued: Int32 = 0
                while let message = curl_multi_info_read(multi, &queued) {
                    if message.pointee.msg == CURLMSG_DONE, message.pointee.easy_handle == handle {
                        return message.pointee.data.result
                    }
                }
                return fail(CURLE_FAILED_INIT, "curl_multi_perform: the transfer ended without a result")
            }
            // Work done meanwhile may have taken a while: look at the sockets again without waiting.
            let wait: Int32 = idleWork.runOne() ? 0 : Self.longestWait
            let polled = curl_multi_poll(multi, nil, 0, wait, nil)
            guard polled == CURLM_OK else {
                return fail(CURLE_FAILED_INIT, "curl_multi_poll: " + String(cString: curl_multi_strerror(polled)))
            }
        }
    }

    /// The longest a poll waits, in milliseconds, before libcurl looks at its timers and the progress callback
    /// (the abort switch) again: as `curl_easy_perform` waits.
    static let longestWait: Int32 = 1000
}
