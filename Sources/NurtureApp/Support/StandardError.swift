import Foundation

/// Lines for people on standard error: progress, warnings and what a run stopped for.
public enum StandardError {
    public static func line(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    public static func raw(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
