import Foundation
import NurtureCore
import Yams

/// Reads campaign files (`campaigns/*.yaml`) into validated `Campaign`s.
public enum CampaignLoader {
    /// Loads and validates a campaign file; throws every problem found when there is any.
    public static func load(path: String) throws(CampaignFileError) -> LoadedCampaign {
        let (loaded, problems) = check(path: path)
        guard let loaded, problems.isEmpty else { throw CampaignFileError(problems: problems) }
        return loaded
    }

    /// Reads a campaign file and returns what could be built (possibly partial: check the problems before
    /// using it) and every problem found, in line order.
    public static func check(path: String) -> (LoadedCampaign?, [CampaignProblem]) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            return (nil, [CampaignProblem(file: path, line: 1, message: "cannot read the campaign file: \(ReadFailure.describe(error))")])
        }
        return parse(yaml: text, file: path)
    }

    /// Parses campaign YAML. `file` names the source in problems and anchors the templates directory.
    public static func parse(yaml: String, file: String) -> (LoadedCampaign?, [CampaignProblem]) {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            return (nil, [yamlProblem(error, file: file)])
        } catch {
            return (nil, [CampaignProblem(file: file, line: 1, message: "not valid YAML: \(error)")])
        }
        guard let node, case .mapping = node else {
            return (nil, [CampaignProblem(file: file, line: node?.mark?.line ?? 1, message: "a campaign file must be a mapping with name, sender, catalog and steps")])
        }
        let parser = CampaignParser(root: node, file: file)
        // What could be built comes back even with problems, so templates can be checked too.
        return (parser.parse(), parser.problems.sorted)
    }

    private static func yamlProblem(_ error: YamlError, file: String) -> CampaignProblem {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return CampaignProblem(file: file, line: mark.line, message: "not valid YAML: \(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return CampaignProblem(file: file, line: context.mark.line, message: "duplicate key \(duplicates.joined(separator: ", "))")
        default:
            return CampaignProblem(file: file, line: 1, message: "not valid YAML: \(error)")
        }
    }
}

/// A file-system error as one short phrase.
enum ReadFailure {
    static func describe(_ error: any Error) -> String {
        let ns = error as NSError
        if ns.domain == NSCocoaErrorDomain {
            switch ns.code {
            case NSFileReadNoSuchFileError, NSFileNoSuchFileError: return "no such file"
            case NSFileReadNoPermissionError: return "permission denied"
            case NSFileReadInapplicableStringEncodingError: return "not UTF-8 text"
            default: break
            }
        }
        return ns.localizedDescription
    }
}
