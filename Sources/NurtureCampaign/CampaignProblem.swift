import NurtureCore

/// A problem in a campaign file, where it is: `campaigns/x.yaml:12: unknown key 'dealy' (did you mean 'delay'?)`.
public typealias CampaignProblem = FileProblem

/// A campaign file that cannot be used: every problem found, in file order.
public struct CampaignFileError: Error, Sendable, CustomStringConvertible {
    public var problems: [CampaignProblem]

    public init(problems: [CampaignProblem]) { self.problems = problems }

    public var description: String {
        problems.first.map { first in
            problems.count == 1 ? first.description : "\(first) (and \(problems.count - 1) more problem\(problems.count == 2 ? "" : "s"); run `nurture validate`)"
        } ?? "campaign file has problems"
    }
}
