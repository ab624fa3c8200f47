import ArgumentParser

/// Fixes applied to the raw arguments before swift-argument-parser sees them.
enum CommandLineArguments {
    /// `--tempo -1` → `--tempo=-1`: the parser reads a value that starts with "-" as an option and would say
    /// "Missing value for '--tempo'"; joined, the value reaches the option's own range check, which names the
    /// allowed range. Only numbers are joined, and nothing after `--`.
    static func joiningNegativeNumbers(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < arguments.count {
            let argument = arguments[i]
            if argument == "--" { return out + arguments[i...] }
            if argument.hasPrefix("--"), !argument.contains("="), i + 1 < arguments.count,
               isNegativeNumber(arguments[i + 1]) {
                out.append(argument + "=" + arguments[i + 1])
                i += 2
                continue
            }
            out.append(argument)
            i += 1
        }
        return out
    }

    static func isNegativeNumber(_ text: String) -> Bool {
        text.count > 1 && text.hasPrefix("-") && Double(text) != nil
    }

    /// The problem with `ensemble help TOPIC` when TOPIC is not a command (the parser would print the main help
    /// and exit 0), else nil.
    static func unknownHelpTopic(_ arguments: [String], commands: [String]) -> String? {
        guard arguments.count >= 2, arguments[0] == "help", !arguments[1].hasPrefix("-"),
              !commands.contains(arguments[1]) else { return nil }
        return "no command '\(CommandLineFiles.shortened(arguments[1]))'; one of: \(commands.joined(separator: ", "))"
    }
}
