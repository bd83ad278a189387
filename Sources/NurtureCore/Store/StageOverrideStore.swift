/// Stages people set by hand (`nurture contact EMAIL --stage S --reason "…"`), kept with their time,
/// reason and author. Histories carry them (`ContactHistory.stageOverrides`), so every worker planning
/// from the store qualifies the contact alike.
public protocol StageOverrideStore: Sendable {
    /// Records that a person set the contact's stage, in one transaction. Throws when the store has no
    /// contact with this address.
    func recordStageOverride(_ override: StageOverride, for email: EmailAddress) throws
}
