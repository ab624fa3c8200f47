/// Undo and redo as whole-project snapshots (projects are small values; a snapshot is cheap and can never
/// disagree with the edit it undoes). Keeps the last `limit` steps.
public struct UndoHistory: Equatable, Sendable {
    public struct Step: Equatable, Sendable {
        public var label: String
        public var project: Project
    }

    public static let defaultLimit = 100
    public private(set) var past: [Step] = []
    public private(set) var future: [Step] = []
    public let limit: Int

    public init(limit: Int = UndoHistory.defaultLimit) { self.limit = max(1, limit) }

    /// Remember `project` as it was before the edit called `label`. A new edit forgets the redo steps.
    public mutating func record(_ label: String, before project: Project) {
        past.append(Step(label: label, project: project))
        if past.count > limit { past.removeFirst(past.count - limit) }
        future.removeAll()
    }

    /// The project before the last edit, and that edit's label; `current` becomes redoable.
    public mutating func undo(current: Project) -> Step? {
        guard let step = past.popLast() else { return nil }
        future.append(Step(label: step.label, project: current))
        return step
    }

    public mutating func redo(current: Project) -> Step? {
        guard let step = future.popLast() else { return nil }
        past.append(Step(label: step.label, project: current))
        return step
    }

    public var canUndo: Bool { !past.isEmpty }
    public var canRedo: Bool { !future.isEmpty }
}
