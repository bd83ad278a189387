import ArgumentParser

@main
struct Nurture: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Runs B2B lead-nurture email campaigns.")
}
