import ArgumentParser
import Foundation

/// Runs a command body; any error becomes one line on standard error (`nurture: …`) and exit status 1.
/// Never a stack trace: the message is the error's own description.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch {
        printError("nurture: \(String(describing: error))")
        throw ExitCode.failure
    }
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// The async twin of `reportingErrors`.
func reportingErrorsAsync(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch {
        printError("nurture: \(String(describing: error))")
        throw ExitCode.failure
    }
}

func printErrorRaw(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}
