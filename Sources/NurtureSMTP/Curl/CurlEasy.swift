import CCurl
#if canImport(Glibc)
import Glibc
#endif

/// One libcurl easy handle. It keeps its connection open between transfers, so reusing it for many
/// messages reuses the SMTP session. Not thread-safe: a handle lives on one thread.
final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// The multi handle `perform(idleWork:)` drives the transfers through, made by the first; the handle stays
    /// added to it after a transfer (its connection lives in the multi handle's cache, and
    /// `CURLINFO_ACTIVESOCKET` still finds it) until the next transfer re-adds it.
    private var multi: UnsafeMutableRawPointer?
    private var isAdded = false

    init() throws(CurlError) {
        try CurlGlobal.ensureInitialized()
        guard let handle = curl_easy_init() else {
            throw CurlError(CURLE_FAILED_INIT, place: "curl_easy_init")
        }
        self.handle = handle
        let size = Int(CURL_ERROR_SIZE)
        errorBuffer = .allocate(capacity: size)
        errorBuffer.initialize(repeating: 0, count: size)
        try check(CCurl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer), "CURLOPT_ERRORBUFFER")
    }

    deinit {
        if let multi, isAdded { curl_multi_remove_handle(multi, handle) }
        curl_easy_cleanup(handle)
        // Closes the cached connection (libcurl sends QUIT on a live one).
        if let multi { curl_multi_cleanup(multi) }
        errorBuffer.deallocate()
    }

    /// Every `CURLcode` goes through here.
    func check(_ code: CURLcode, _ place: @autoclosure () -> String) throws(CurlError) {
        guard code == CURLE_OK else { throw CurlError(code, place: "curl_easy_setopt(\(place()))") }
    }

    func set(_ option: CURLoption, long value: Int, _ name: String) throws(CurlError) {
        try check(CCurl_easy_setopt_long(handle, option, value), name)
    }

    /// libcurl copies string options, so `value` need not outlive the call.
    func set(_ option: CURLoption, string value: String?, _ name: String) throws(CurlError) {
        let code = value.map { text in text.withCString { CCurl_easy_setopt_string(handle, option, $0) } }
            ?? CCurl_easy_setopt_string(handle, option, nil)
        try check(code, name)
    }

    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?, _ name: String) throws(CurlError) {
        try check(CCurl_easy_setopt_pointer(handle, option, value), name)
    }

    /// libcurl does not copy a list: it must stay alive until the transfer ends.
    func set(_ option: CURLoption, list value: UnsafeMutablePointer<curl_slist>?, _ name: String) throws(CurlError) {
        try check(CCurl_easy_setopt_slist(handle, option, value), name)
    }

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

    /// The multi handle, with this handle (re-)added to it for a new transfer (`perform(idleWork:)`).
    private func attachedMulti() throws(CurlError) -> UnsafeMutableRawPointer {
        guard let multi = multi ?? curl_multi_init() else { throw CurlError(CURLE_OUT_OF_MEMORY, place: "curl_multi_init") }
        self.multi = multi
        if isAdded {
            curl_multi_remove_handle(multi, handle)
            isAdded = false
        }
        guard curl_multi_add_handle(multi, handle) == CURLM_OK else {
            throw CurlError(CURLE_FAILED_INIT, place: "curl_multi_add_handle")
        }
        isAdded = true
        return multi
    }

    /// `code`, with `detail` in the error buffer (for a failure of the multi interface itself).
    private func fail(_ code: CURLcode, _ detail: String) -> CURLcode {
        let bytes = Array(detail.utf8.prefix(Int(CURL_ERROR_SIZE) - 1))
        for (index, byte) in bytes.enumerated() { errorBuffer[index] = CChar(bitPattern: byte) }
        errorBuffer[bytes.count] = 0
        return code
    }

    /// Shuts the connection's socket down so that cleaning the handle up does not wait for a server that
    /// stopped answering: libcurl's QUIT then fails at once instead of awaiting a reply for the whole
    /// response timeout.
    func severConnection() {
        var socket = curl_socket_t(-1)
        guard CCurl_easy_getinfo_socket(handle, CURLINFO_ACTIVESOCKET, &socket) == CURLE_OK, socket != -1 else { return }
        _ = shutdown(socket, Int32(SHUT_RDWR))
    }

    /// `CURLINFO_RESPONSE_CODE`: the last SMTP reply code, 0 if none.
    func responseCode() -> Int {
        var code = 0
        guard CCurl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code) == CURLE_OK else { return 0 }
        return code
    }

    /// The detail libcurl wrote into the error buffer during the last transfer.
    var errorDetail: String { String(cString: errorBuffer) }
}
