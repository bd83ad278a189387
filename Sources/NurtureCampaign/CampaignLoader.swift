import Foundation
import NurtureCore
import Yams

/// Reads campaign files (`campaigns/*.yaml`) into validated `Campaign`s.
public enum CampaignLoader {
    /// Loads and validates a campaign file; throws every problem found when there is any.
    public static func load(path: String, addressPolicy: EmailAddress.Policy = .standard) throws(CampaignFileError) -> LoadedCampaign {
        let (loaded, problems) = check(path: path, addressPolicy: addressPolicy)
        guard let loaded, problems.isEmpty else { throw CampaignFileError(problems: problems) }
        return loaded
    }

    /// Reads a campaign file and returns what could be built (possibly partial: check the problems before
    /// using it) and every problem found, in line order.
    public static func check(path: String, addressPolicy: EmailAddress.Policy = .standard) -> (LoadedCampaign?, [CampaignProblem]) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            return (nil, [CampaignProblem(file: path, line: 1, message: "cannot read the campaign file: \(ReadFailure.describe(error))")])
        }
        return parse(yaml: text, file: path, addressPolicy: addressPolicy)
    }

    /// Parses campaign YAML. `file` names the source in problems and anchors the templates directory.
    /// The shared pacing file of a campaigns folder: `pacing.yaml` beside the campaign files. It is not a
    /// campaign, and commands that take every `campaigns/*.yaml` leave it out.
    public static let sharedPacingFile = "pacing.yaml"

    /// Campaign files in `directory` (`*.yaml`, `*.yml`), sorted, without the shared pacing file.
    public static func campaignFiles(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && $0 != sharedPacingFile && $0 != "pacing.yml" }
            .sorted().map { directory == "." ? $0 : "\(directory)/\($0)" }
    }

    /// The pacing a campaign in `file`'s folder starts from: the shared file's, over the defaults.
    public static func sharedPacing(besideCampaign file: String) -> (PacingPolicy, [CampaignProblem]) {
        let directory = URL(fileURLWithPath: file).deletingLastPathComponent()
        for name in [sharedPacingFile, "pacing.yml"] {
            let url = directory.appendingPathComponent(name)
            guard url.standardizedFileURL.path != URL(fileURLWithPath: file).standardizedFileURL.path,
                  let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            let shown = (file as NSString).deletingLastPathComponent.isEmpty ? name : "\((file as NSString).deletingLastPathComponent)/\(name)"
            do {
                guard let node = try Yams.compose(yaml: text) else { return (.default, []) }
                guard case .mapping = node else {
                    return (.default, [CampaignProblem(file: shown, line: node.mark?.line ?? 1, message: "a pacing file must be a mapping (contact, send_window, relay, domains, time_zone)")])
                }
                let sink = ProblemSink(file: shown)
                let policy = PacingParser.parse(NodeReader(node: node, context: "the shared pacing file", problems: sink), base: .default)
                return (policy, sink.sorted)
            } catch let error as YamlError {
                return (.default, [yamlProblem(error, file: shown)])
            } catch {
                return (.default, [CampaignProblem(file: shown, line: 1, message: "not valid YAML: \(error)")])
            }
        }
        return (.default, [])
    }

    /// `addressPolicy` is what the sender's addresses are checked against.
    public static func parse(yaml: String, file: String, addressPolicy: EmailAddress.Policy = .standard) -> (LoadedCampaign?, [CampaignProblem]) {
        // A key pasted into a campaign file is refused before anything else is read from it.
        let keyProblems = CampaignParser.privateKeyProblems(yaml: yaml, file: file)
        guard keyProblems.isEmpty else { return (nil, keyProblems) }
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
        let (shared, sharedProblems) = sharedPacing(besideCampaign: file)
        let parser = CampaignParser(root: node, file: file, basePacing: shared, addressPolicy: addressPolicy)
        // What could be built comes back even with problems, so templates can be checked too.
        let loaded = parser.parse()
        return (loaded, sharedProblems + parser.problems.sorted + parser.scoringProblems)
    }

    /// A YAML parser's error as a problem at its line.
    static func problem(yaml error: any Error, file: String) -> CampaignProblem {
        if let error = error as? YamlError { return yamlProblem(error, file: file) }
        return CampaignProblem(file: file, line: 1, message: "not valid YAML: \(error)")
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
