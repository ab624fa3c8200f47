import Foundation

/// One line saying why a file operation failed: the POSIX reason where there is one ("Permission denied", "Is a
/// directory"), else the first line of Foundation's description. Shared by the library and the command line.
public enum FileErrorReason {
    public static func line(_ error: Error) -> String {
        let ns = error as NSError
        for candidate in [ns.userInfo[NSUnderlyingErrorKey] as? NSError, ns].compactMap({ $0 })
        where candidate.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(candidate.code)))
        }
        let text = error.localizedDescription
        return text.split(separator: "\n").first.map(String.init) ?? text
    }
}
