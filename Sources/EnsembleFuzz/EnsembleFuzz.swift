import Foundation
import FuzzTargets

// Built two ways (docs/fuzzing.md):
// - by `make fuzz` with `--sanitize=fuzzer --sanitize=address -Xswiftc -DFUZZING`: a libFuzzer binary whose
//   target is chosen by ENSEMBLE_FUZZ_TARGET; libFuzzer's own main parses its options and corpus folders;
// - by a plain `swift build`: a replay tool, `EnsembleFuzz TARGET FILE|DIR...`, that runs inputs through the same
//   target (how a crasher is reproduced without sanitizers), and `EnsembleFuzz --seeds DIR` that writes the seeds
//   made in Swift.

#if FUZZING
nonisolated(unsafe) var selectedTarget: FuzzTarget?

@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>) -> Int32 {
    let name = ProcessInfo.processInfo.environment["ENSEMBLE_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        FileHandle.standardError.write(Data("EnsembleFuzz: set ENSEMBLE_FUZZ_TARGET to one of: \(names)\n".utf8))
        exit(2)
    }
    selectedTarget = target
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    selectedTarget?.run(bytes)
    return 0
}
#else
@main
struct Replay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "--seeds", arguments.count == 2 {
            exit(writeSeeds(to: arguments[1]))
        }
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
            print("usage: EnsembleFuzz TARGET FILE|DIR...   replay inputs through a fuzz target")
            print("       EnsembleFuzz --seeds DIR           write the seeds made in Swift into DIR/TARGET/")
            for target in FuzzTarget.allCases { print("  \(target.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(target.about)") }
            exit(arguments.isEmpty || arguments == ["--help"] ? 0 : 2)
        }
        var count = 0
        for path in FuzzInputs.files(arguments.dropFirst()) {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("EnsembleFuzz: \(path): cannot be read\n".utf8))
                exit(1)
            }
            target.run([UInt8](data))
            count += 1
        }
        print("\(target.rawValue): \(count) input\(count == 1 ? "" : "s") ran without a crash")
    }

    static func writeSeeds(to directory: String) -> Int32 {
        for target in FuzzTarget.allCases {
            let seeds = FuzzSeeds.made(for: target)
            guard !seeds.isEmpty else { continue }
            let folder = directory + "/" + target.rawValue
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for (name, bytes) in seeds {
                guard FileManager.default.createFile(atPath: folder + "/" + name, contents: Data(bytes)) else {
                    FileHandle.standardError.write(Data("EnsembleFuzz: \(folder)/\(name): cannot be written\n".utf8))
                    return 1
                }
            }
            print("\(folder): \(seeds.count) seed\(seeds.count == 1 ? "" : "s")")
        }
        return 0
    }
}
#endif
