import ArgumentParser
import Foundation

/// Runs a command body; any error becomes one line on standard error (`nurture: …`) and exit status 1.
/// Never a stack trace: the message is the error's own description.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch {
        throw userFacing(error)
    }
}

/// The async twin of `reportingErrors`.
func reportingErrorsAsync(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch {
        throw userFacing(error)
    }
}

/// ArgumentParser's own errors pass through (usage, exit codes); anything else is printed as one line
/// and becomes exit status 1.
private func userFacing(_ error: any Error) -> any Error {
    if error is ExitCode || error is ValidationError { return error }
    printError("nurture: \(String(describing: error))")
    return ExitCode.failure
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

func printErrorRaw(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}
