import Foundation

/// Input files for replay: files as given, folders' regular files (not recursive), in name order.
public enum FuzzInputs {
    public static func files(_ paths: some Sequence<String>) -> [String] {
        paths.flatMap { path -> [String] in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return [path] }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            return names.sorted().map { path + "/" + $0 }.filter {
                var inner: ObjCBool = false
                return FileManager.default.fileExists(atPath: $0, isDirectory: &inner) && !inner.boolValue
            }
        }
    }
}
