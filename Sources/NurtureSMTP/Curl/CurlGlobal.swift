import CCurl

/// `curl_global_init`, run once per process before the first handle is made.
enum CurlGlobal {
    private static let initialization: Result<Void, CurlError> = {
        let code = CCurl_global_init_default()
        return code == CURLE_OK ? .success(()) : .failure(CurlError(code, place: "curl_global_init"))
    }()

    static func ensureInitialized() throws(CurlError) {
        try initialization.get()
    }
}
