/// Why a dataset cannot be read, built or used. One line; the caller names the file (`ensemble: FILE: …`).
public struct DatasetError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
