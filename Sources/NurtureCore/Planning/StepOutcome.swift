/// What one step says for one contact: due now, due later, or not for this contact (and why).
enum StepOutcome {
    case due(Decision.Send)
    case later(Decision.Wait)
    case notApplicable(String)
}
