import NurtureCore

/// Something `nurture validate` reports about a template: a variable nothing provides, a missing part,
/// unescaped HTML output, a footer without the unsubscribe link. Shown as `file:line: message`.
public typealias TemplateProblem = FileProblem
