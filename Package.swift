// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Ensemble",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "ensemble", targets: ["ensemble"]),
        .library(name: "MusicCore", targets: ["MusicCore"]),
        .library(name: "NeuralEngine", targets: ["NeuralEngine"]),
        .library(name: "Generators", targets: ["Generators"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // C libraries: thin module maps with shim headers (macros and variadics wrapped there).
        .systemLibrary(name: "CNCurses", pkgConfig: "ncursesw", providers: [.apt(["libncursesw5-dev"])]),
        .systemLibrary(name: "CFluidSynth", pkgConfig: "fluidsynth", providers: [.apt(["libfluidsynth-dev"])]),
        .systemLibrary(name: "CALSA", pkgConfig: "alsa", providers: [.apt(["libasound2-dev"])]),
        .systemLibrary(name: "CDNNL", providers: [.apt(["libdnnl-dev"])]),

        // Pure music logic: notes, songs, piano rolls, MIDI files, analysis. No I/O besides bytes.
        .target(name: "MusicCore", resources: [.copy("Resources/Melodies")]),
        // Builds a General MIDI SoundFont (SF2 bytes) from synthesized waveforms. Pure.
        .target(name: "SoundFontMaker", dependencies: ["MusicCore"]),
        // FluidSynth adapter: live notes, scheduled playback, metronome, offline render.
        .target(name: "Audio", dependencies: ["MusicCore", "CFluidSynth", "CALSA", "FileOutput"]),
        // Tensors, autograd, layers and optimisers over oneDNN.
        .target(name: "NeuralEngine", dependencies: ["CDNNL"]),
        // Accompaniment generators (U-Net, MuseGAN) built on the engine; starts with the DeepComposer lab's models.
        .target(name: "Generators", dependencies: ["NeuralEngine", "MusicCore"]),
        // Trained models on disk: the user's (XDG data dir) and the shipped ones (Models/), manifests and weights.
        // The one writer of every file the program makes: atomic, symlink-following, refusing special files.
        .target(name: "FileOutput"),

        .target(name: "ModelLibrary", dependencies: ["Generators", "NeuralEngine", "MusicCore", "FileOutput"]),
        // The studio's pure core: state, events, reducer, key decoding, screen rendering into a buffer. No I/O.
        .target(name: "Studio", dependencies: ["MusicCore"]),
        // The studio's edges: ncurses output, FluidSynth, ALSA MIDI input, files, worker threads.
        .target(name: "StudioTerminal", dependencies: ["Studio", "MusicCore", "Audio", "CNCurses", "CALSA", "FileOutput"]),

        // Every reader of outside bytes as a fuzz target (docs/fuzzing.md), and the libFuzzer / replay executable.
        .target(name: "FuzzTargets", dependencies: [
            "MusicCore", "SoundFontMaker", "NeuralEngine", "Generators", "ModelLibrary", "Studio", "StudioTerminal",
        ]),
        .executableTarget(name: "EnsembleFuzz", dependencies: ["FuzzTargets"]),

        .executableTarget(
            name: "ensemble",
            dependencies: [
                "MusicCore", "Audio", "SoundFontMaker", "NeuralEngine", "Generators", "ModelLibrary", "CNCurses",
                "Studio", "StudioTerminal", "FileOutput",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Benchmarks (not tests): each prints `NAME VALUE` lines, peers side by side where there are peers.
        .executableTarget(name: "EngineBench", dependencies: ["NeuralEngine", "Generators"], path: "benchmarks/EngineBench"),
        .executableTarget(name: "GeneratorBench", dependencies: ["NeuralEngine", "Generators", "MusicCore"],
                          path: "benchmarks/GeneratorBench"),
        .executableTarget(name: "MusicBench", dependencies: ["MusicCore"], path: "benchmarks/MusicBench"),
        .executableTarget(name: "MetricsBench", dependencies: ["Generators", "MusicCore"], path: "benchmarks/MetricsBench"),
        .executableTarget(name: "AudioBench", dependencies: ["Audio", "MusicCore"], path: "benchmarks/AudioBench"),
        .executableTarget(name: "GenerationBench", dependencies: ["Generators", "ModelLibrary", "MusicCore", "NeuralEngine"], path: "benchmarks/GenerationBench"),
        .executableTarget(name: "StudioBench", dependencies: ["Studio", "StudioTerminal", "MusicCore"], path: "benchmarks/StudioBench"),

        .testTarget(name: "MusicCoreTests", dependencies: ["MusicCore"]),
        .testTarget(name: "FileOutputTests", dependencies: ["FileOutput"]),
        .testTarget(name: "SoundFontMakerTests", dependencies: ["SoundFontMaker"]),
        .testTarget(name: "AudioTests", dependencies: ["Audio", "MusicCore", "SoundFontMaker"]),
        .testTarget(name: "GeneratorsTests", dependencies: ["Generators", "MusicCore", "NeuralEngine", "ModelLibrary"], resources: [.copy("Fixtures")]),
        .testTarget(name: "StudioTests", dependencies: ["Studio", "StudioTerminal", "MusicCore"]),
        .testTarget(name: "FuzzTargetsTests", dependencies: ["FuzzTargets"], resources: [.copy("Corpus")]),
        .testTarget(name: "NeuralEngineTests", dependencies: ["NeuralEngine", "Generators"], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
