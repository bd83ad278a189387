import NurtureCore

/// A suppression's scope in words: `every campaign`, `campaign 'lead-nurture'`.
enum SuppressionScope {
    static func text(_ campaign: String?) -> String {
        campaign.map { "campaign '\($0.debugSafe)'" } ?? "every campaign"
    }

    static func list(_ suppressions: [Suppression]) -> String {
        suppressions.map { text($0.campaign) }.joined(separator: ", ")
    }
}
