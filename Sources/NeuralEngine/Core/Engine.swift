import Dispatch
import Foundation
import Synchronization

/// Process-wide engine settings: threads and inference precision.
///
/// oneDNN runs its primitives on OpenMP threads; the Swift-side loops (elementwise, reductions, copies,
/// optimiser steps) split their work over the same OpenMP team. Both follow `Engine.threads`, which starts from
/// the `ENSEMBLE_THREADS` environment variable (default: all active cores).
public enum Engine {
    private static let threadCount = Atomic<Int>(Engine.initialThreads())

    /// Number of threads for oneDNN primitives and Swift-side parallel loops (at least 1).
    public static var threads: Int {
        get { threadCount.load(ordering: .relaxed) }
        set {
            let n = max(1, newValue)
            threadCount.store(n, ordering: .relaxed)
        }
    }

    /// Arithmetic used by convolutions when no graph is recorded (inference). `.bfloat16` runs them on
    /// bfloat16 inputs and weights with float32 accumulation and outputs, about 2× faster on CPUs with
    /// AVX512-BF16 (measured accuracy in docs/neural-engine.md); training always uses float32. Starts from
    /// `ENSEMBLE_INFERENCE_PRECISION=bf16`; ignored (float32) where the CPU has no fast bfloat16 kernels.
    public static var inferencePrecision: Precision {
        get { Precision(rawValue: precision.load(ordering: .relaxed)) ?? .float32 }
        set { precision.store(newValue.rawValue, ordering: .relaxed) }
    }

    public enum Precision: Int, Sendable { case float32, bfloat16 }

    private static let precision = Atomic<Int>(
        ProcessInfo.processInfo.environment["ENSEMBLE_INFERENCE_PRECISION"] == "bf16" ? Precision.bfloat16.rawValue : 0)

    private static func initialThreads() -> Int {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        if let text = ProcessInfo.processInfo.environment["ENSEMBLE_THREADS"], let n = Int(text), n > 0 {
            return n
        }
        return max(1, cores)
    }

    /// Below this many elements a loop runs on the calling thread: waking a second thread costs more.
    static let parallelThreshold = 1 << 15

    /// Runs `body(range)` over `0..<count` split into at most `threads` contiguous ranges of at least `grain`.
    /// Small counts run inline on the calling thread.
    @inline(__always)
    static func parallelFor(_ count: Int, grain: Int = Engine.parallelThreshold, _ body: (Range<Int>) -> Void) {
        let n = threads
        if n <= 1 || count < grain * 2 {
            body(0..<count)
            return
        }
        let chunks = min(n, count / grain)
        let per = (count + chunks - 1) / chunks
        concurrentPerform(chunks) { c in
            let lo = c * per
            let hi = min(count, lo + per)
            if lo < hi { body(lo..<hi) }
        }
    }

    /// Runs `body(0..<iterations)` in parallel on the OpenMP thread team that oneDNN uses. Sharing one team
    /// matters on a small machine: OpenMP threads spin-wait between regions, and a second pool of threads
    /// (Dispatch) competing with them makes every oneDNN barrier wait for a descheduled thread (measured:
    /// a 5 µs tanh took 10 ms). Falls back to Dispatch when libgomp is not present.
    static func concurrentPerform(_ iterations: Int, _ body: (Int) -> Void) {
        if OpenMP.parallel(iterations, body) { return }
        withoutActuallyEscaping(body) { body in
            let box = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: iterations) { box.value($0) }
        }
    }
}

/// The OpenMP runtime oneDNN was built with (libgomp), looked up at run time so no header is needed.
/// OpenMP's thread count is a per-thread setting, so `ensure` is called before each primitive runs.
enum OpenMP {
    private typealias SetThreads = @convention(c) (Int32) -> Void
    private typealias GetInt = @convention(c) () -> Int32
    private typealias Region = @convention(c) (UnsafeMutableRawPointer?) -> Void
    private typealias Parallel = @convention(c) (Region, UnsafeMutableRawPointer?, UInt32, UInt32) -> Void

    private static let set: SetThreads? = symbol("omp_set_num_threads")
    private static let get: GetInt? = symbol("omp_get_max_threads")
    private static let threadNumber: GetInt? = symbol("omp_get_thread_num")
    private static let teamSize: GetInt? = symbol("omp_get_num_threads")
    private static let gompParallel: Parallel? = symbol("GOMP_parallel")

    private static func symbol<T>(_ name: String) -> T? {
        dlsym(nil, name).map { unsafeBitCast($0, to: T.self) }
    }

    static func setThreads(_ n: Int) { set?(Int32(n)) }

    /// Makes the calling thread's OpenMP team size match `Engine.threads`.
    @inline(__always)
    static func ensure() {
        let want = Int32(Engine.threads)
        if let get, get() != want { set?(want) }
    }

    /// Runs `body(i)` for i in 0..<n on an OpenMP team of up to n threads; false when OpenMP is unavailable.
    static func parallel(_ n: Int, _ body: (Int) -> Void) -> Bool {
        guard let gompParallel, let threadNumber, let teamSize else { return false }
        typealias Job = (body: (Int) -> Void, n: Int, thread: GetInt, team: GetInt)
        return withoutActuallyEscaping(body) { body in
            var job: Job = (body, n, threadNumber, teamSize)
            withUnsafeMutablePointer(to: &job) { pointer in
                gompParallel({ raw in
                    let job = raw!.assumingMemoryBound(to: Job.self).pointee
                    // The team may be smaller than asked for: each thread takes every team-th iteration.
                    for i in stride(from: Int(job.thread()), to: job.n, by: max(Int(job.team()), 1)) { job.body(i) }
                }, UnsafeMutableRawPointer(pointer), UInt32(n), 0)
            }
            return true
        }
    }
}

/// Carries a value across a concurrency boundary the compiler cannot verify (raw-buffer loops).
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
