import NurtureCore

/// A campaign read from a file, with where its parts stand, so later checks (templates) can say `file:line`.
public struct LoadedCampaign: Sendable {
    public var campaign: Campaign
    public var file: String
    /// The directory holding the campaign's templates (the file's `templates:` key, resolved against
    /// the campaign file's directory; by default `../templates`).
    public var templatesDirectory: String
    /// Line of each step's `template:` value, by step id.
    public var templateLines: [String: Int]
    /// Line of each step's entry, by step id.
    public var stepLines: [String: Int]
    /// Line of the `templates:` key (1 when the file does not name the directory).
    public var templatesLine: Int
    /// Line of the `sender:` key.
    public var senderLine: Int

    public init(campaign: Campaign, file: String, templatesDirectory: String, templateLines: [String: Int], stepLines: [String: Int], templatesLine: Int = 1, senderLine: Int = 1) {
        self.senderLine = senderLine
        self.campaign = campaign
        self.file = file
        self.templatesDirectory = templatesDirectory
        self.templateLines = templateLines
        self.stepLines = stepLines
        self.templatesLine = templatesLine
    }
}
