import Foundation
import Synchronization

/// The float buffer behind one or more tensors. When the last tensor using it dies, the buffer goes back to the
/// size-keyed `BufferPool` instead of the system allocator, so steady-state inference allocates nothing.
final class Storage: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int
    /// Unique per Storage object (buffers are recycled, ids are not): caches key on (id, version).
    let id: UInt64
    /// Bumped by every in-place write (optimiser steps, loads), so caches of derived data know when to refresh.
    private(set) var version: UInt64 = 0

    private static let nextID = Atomic<UInt64>(1)

    init(count: Int) {
        self.count = count
        pointer = BufferPool.shared.take(count)
        id = Storage.nextID.wrappingAdd(1, ordering: .relaxed).oldValue
    }

    deinit { BufferPool.shared.give(pointer, count) }

    func bumpVersion() { version &+= 1 }
}

/// A caching allocator: freed buffers are kept by element count and handed out again for the same count.
public final class BufferPool: Sendable {
    public static let shared = BufferPool()

    private struct State {
        var free: [Int: [UInt]] = [:]  // buffer addresses by element count
        var cachedBytes = 0
        var systemAllocations = 0
        var reused = 0
    }
    private let state = Mutex(State())
    /// Buffers beyond this many cached bytes go back to the system.
    public let limitBytes: Int

    init(limitBytes: Int = 8 << 30) { self.limitBytes = limitBytes }

    /// Counters for tests and benchmarks: buffers obtained from the system vs. reused from the pool.
    public var statistics: (systemAllocations: Int, reused: Int, cachedBytes: Int) {
        state.withLock { ($0.systemAllocations, $0.reused, $0.cachedBytes) }
    }

    /// Returns every cached buffer to the system.
    public func trim() {
        let buffers = state.withLock { s -> [UInt] in
            let all = s.free.values.flatMap { $0 }
            s.free = [:]
            s.cachedBytes = 0
            return all
        }
        for b in buffers { free(UnsafeMutableRawPointer(bitPattern: b)) }
    }

    func take(_ count: Int) -> UnsafeMutablePointer<Float> {
        let key = max(count, 1)
        let cached = state.withLock { s -> UInt? in
            if let b = s.free[key]?.popLast() {
                s.cachedBytes -= key * 4
                s.reused += 1
                return b
            }
            s.systemAllocations += 1
            return nil
        }
        if let cached { return UnsafeMutablePointer(bitPattern: cached)! }
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, 64, key * 4) == 0, let raw else {
            fatalError("NeuralEngine: out of memory allocating \(key) floats")
        }
        return raw.bindMemory(to: Float.self, capacity: key)
    }

    func give(_ pointer: UnsafeMutablePointer<Float>, _ count: Int) {
        let key = max(count, 1)
        let address = UInt(bitPattern: pointer)
        let kept = state.withLock { s -> Bool in
            guard s.cachedBytes + key * 4 <= limitBytes else { return false }
            s.free[key, default: []].append(address)
            s.cachedBytes += key * 4
            return true
        }
        if !kept { free(pointer) }
    }
}
