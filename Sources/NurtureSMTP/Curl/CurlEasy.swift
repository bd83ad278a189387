import CCurl
#if canImport(Glibc)
import Glibc
#endif

/// One libcurl easy handle. It keeps its connection open between transfers, so reusing it for many
/// messages reuses the SMTP session. Not thread-safe: a handle lives on one thread.
final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    let errorBuffer: UnsafeMutablePointer<CChar>
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

    /// The multi handle, with this handle (re-)added to it for a new transfer (`perform(idleWork:)`).
    func attachedMulti() throws(CurlError) -> UnsafeMutableRawPointer {
        if multi == nil {
            guard let made = curl_multi_init() else { throw CurlError(CURLE_OUT_OF_MEMORY, place: "curl_multi_init") }
            multi = made
        }
        let multi = multi!
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
    func fail(_ code: CURLcode, _ detail: String) -> CURLcode {
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
