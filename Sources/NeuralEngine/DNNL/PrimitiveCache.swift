import CDNNL

/// A created oneDNN primitive with one reusable memory object per argument.
///
/// Creating a primitive (and its JIT code) costs far more than running a small one, so primitives live in
/// `PrimitiveCache` keyed by everything that determines them (op, shapes, layouts, attributes). Executing one
/// only swaps data pointers into its memory objects.
final class Primitive: @unchecked Sendable {
    let pd: dnnl_primitive_desc_t
    let primitive: dnnl_primitive_t
    private var memories: [Int32: dnnl_memory_t] = [:]
    /// Buffers owned by this primitive (weights in the primitive's preferred layout, ...), with the
    /// (storage id, version) they were computed from.
    var buffers: [String: (storage: Storage, source: (UInt64, UInt64))] = [:]
    /// Helper primitives (reorders into and out of preferred layouts).
    var helpers: [String: Primitive] = [:]
    /// Next slot to reuse per cached-input name (see `slot(_:for:)`).
    private var nextSlot: [String: Int] = [:]

    /// Reordered copies kept per cached input. Layers of equal shape (a network's per-track branches) share one
    /// primitive; with a single buffer each call would evict the previous layer's weights and reorder again
    /// (MuseGAN with 4 roles: 4 weight reorders per layer per call). Slots are matched by storage id.
    static let cachedSlots = 8

    /// Creates the primitive from an initialised op descriptor.
    init(_ what: String, desc: UnsafeRawPointer, attr: dnnl_primitive_attr_t? = nil, hint: dnnl_primitive_desc_t? = nil) {
        var pd: dnnl_primitive_desc_t?
        DNNL.check(dnnl_primitive_desc_create(&pd, desc, attr, DNNL.engine, hint), "primitive_desc_create(\(what))")
        self.pd = pd!
        var p: dnnl_primitive_t?
        DNNL.check(dnnl_primitive_create(&p, pd), "primitive_create(\(what))")
        primitive = p!
    }

    /// Wraps an already created primitive descriptor (reorders are created that way).
    init(_ what: String, pd: dnnl_primitive_desc_t) {
        self.pd = pd
        var p: dnnl_primitive_t?
        DNNL.check(dnnl_primitive_create(&p, pd), "primitive_create(\(what))")
        primitive = p!
    }

    deinit {
        for m in memories.values { dnnl_memory_destroy(m) }
        dnnl_primitive_destroy(primitive)
        dnnl_primitive_desc_destroy(pd)
    }

    /// The memory descriptor the primitive expects for `query` (e.g. `dnnl_query_weights_md`).
    func md(_ query: dnnl_query_t, _ index: Int32 = 0) -> dnnl_memory_desc_t {
        guard let md = dnnl_primitive_desc_query_md(pd, query, index) else {
            fatalError("NeuralEngine: oneDNN primitive has no memory descriptor for query \(query.rawValue)")
        }
        return md.pointee
    }

    /// Name of the implementation oneDNN picked, e.g. "brgconv:avx512_core" (avoid "ref:", it is slow).
    var implementation: String {
        var info: UnsafePointer<CChar>?
        guard dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &info) == dnnl_success, let info else { return "?" }
        return String(cString: info)
    }

    /// Binds argument `arg` to descriptor `md` (done once, when the primitive is built).
    func bind(_ arg: Int32, _ md: dnnl_memory_desc_t) {
        var md = md
        var m: dnnl_memory_t?
        DNNL.check(dnnl_memory_create(&m, &md, DNNL.engine, nil), "memory_create")
        memories[arg] = m
    }

    /// Binds `arg` to the descriptor the primitive reports for `query`.
    func bind(_ arg: Int32, query: dnnl_query_t) { bind(arg, md(query)) }

    /// Runs the primitive on the given buffers. Call inside `DNNL.run`.
    func execute(_ args: [(Int32, UnsafeMutableRawPointer)]) {
        var list: [dnnl_exec_arg_t] = []
        list.reserveCapacity(args.count)
        for (arg, pointer) in args {
            guard let m = memories[arg] else { fatalError("NeuralEngine: oneDNN argument \(arg) was not bound") }
            DNNL.check(dnnl_memory_set_data_handle(m, pointer), "memory_set_data_handle")
            list.append(dnnl_exec_arg_t(arg: arg, memory: m))
        }
        let status = dnnl_primitive_execute(primitive, DNNL.stream, Int32(list.count), list)
        if status != dnnl_success {
            fatalError("NeuralEngine: oneDNN primitive_execute(\(implementation)) failed: \(DNNL.name(status)); \(diagnose(args.map(\.0)))")
        }
        DNNL.check(dnnl_stream_wait(DNNL.stream), "stream_wait")
    }

    /// Which arguments are duplicated or bound to a descriptor the primitive does not expect.
    private func diagnose(_ args: [Int32]) -> String {
        var notes: [String] = []
        var seen = Set<Int32>()
        for arg in args {
            if !seen.insert(arg).inserted { notes.append("argument \(arg) passed twice") }
            var have: UnsafePointer<dnnl_memory_desc_t>?
            guard let m = memories[arg], dnnl_memory_get_memory_desc(m, &have) == dnnl_success, let have,
                  let want = dnnl_primitive_desc_query_md(pd, dnnl_query_exec_arg_md, arg) else { continue }
            if !MemoryDesc.equal(want.pointee, have.pointee) { notes.append("argument \(arg) has an unexpected layout") }
        }
        return notes.isEmpty ? "arguments look consistent" : notes.joined(separator: ", ")
    }

    /// A buffer of `bytes` kept in this primitive under `name`, refreshed by `fill` when `source` changed
    /// (e.g. weights reordered into the primitive's layout, redone only after an optimiser step).
    func buffer(_ name: String, bytes: Int, source: Tensor?, fill: (UnsafeMutablePointer<Float>) -> Void) -> UnsafeMutablePointer<Float> {
        let tag = source.map { ($0.storage.id, $0.storage.version) }
        if let cached = buffers[name], let tag, cached.source == tag { return cached.storage.pointer }
        let storage = buffers[name]?.storage ?? Storage(count: (bytes + 3) / 4)
        fill(storage.pointer)
        buffers[name] = (storage, tag ?? (0, 0))
        return storage.pointer
    }
}

/// Primitives by key. Accessed only inside `DNNL.run`.
enum PrimitiveCache {
    nonisolated(unsafe) private static var entries: [String: Primitive] = [:]
    /// A model has a few dozen shapes; inputs of ever new lengths must not grow the cache without end.
    static let capacity = 2048

    static func get(_ key: String, _ build: () -> Primitive) -> Primitive {
        if let p = entries[key] { return p }
        if entries.count >= capacity { entries.removeAll() }
        let p = build()
        entries[key] = p
        return p
    }

    /// Number of cached primitives (for tests).
    static var count: Int { DNNL.run { entries.count } }

    /// The implementation names of cached primitives whose key starts with `prefix` (for tests and benchmarks).
    static func implementations(prefix: String) -> [String: String] {
        DNNL.run { entries.filter { $0.key.hasPrefix(prefix) }.mapValues(\.implementation) }
    }
}

extension Primitive {
    /// Pointer to `t`'s values in the layout this primitive wants for `query`: `t`'s own buffer when the layouts
    /// agree, else a reorder into buffer `name`. With `cached`, the reorder is skipped while `t` is unchanged
    /// (weights between optimiser steps).
    func input(_ name: String, _ query: dnnl_query_t, _ t: Tensor, cached: Bool = false) -> UnsafeMutableRawPointer {
        let want = md(query), have = MemoryDesc.of(t)
        if MemoryDesc.equal(want, have) { return UnsafeMutableRawPointer(t.data) }
        let key = name + "\(t.strides)"
        let slot = cached ? self.slot(key, for: t) : key
        return UnsafeMutableRawPointer(buffer(slot, bytes: MemoryDesc.bytes(want), source: cached ? t : nil) { buffer in
            reorder(key, from: have, UnsafeMutableRawPointer(t.data), to: want, UnsafeMutableRawPointer(buffer))
        })
    }

    /// The buffer name holding (or to hold) `t`'s reordered copy: the slot that has its storage, else the least
    /// recently assigned one.
    private func slot(_ key: String, for t: Tensor) -> String {
        for k in 0..<Self.cachedSlots where buffers["\(key)#\(k)"]?.source.0 == t.storage.id { return "\(key)#\(k)" }
        let k = nextSlot[key, default: 0]
        nextSlot[key] = (k + 1) % Self.cachedSlots
        return "\(key)#\(k)"
    }

    /// Where the primitive should write its `query` result for tensor `t`, and a step that moves it into `t`
    /// afterwards when the primitive's layout differs from `t`'s.
    func output(_ name: String, _ query: dnnl_query_t, _ t: Tensor) -> (pointer: UnsafeMutableRawPointer, finish: () -> Void) {
        let want = md(query), have = MemoryDesc.of(t)
        if MemoryDesc.equal(want, have) { return (UnsafeMutableRawPointer(t.data), {}) }
        let scratch = UnsafeMutableRawPointer(buffer(name, bytes: MemoryDesc.bytes(want), source: nil) { _ in })
        return (scratch, { self.reorder(name, from: want, scratch, to: have, UnsafeMutableRawPointer(t.data)) })
    }

    /// A reorder primitive between two layouts of one tensor.
    static func reorder(from: dnnl_memory_desc_t, to: dnnl_memory_desc_t) -> Primitive {
        var pd: dnnl_primitive_desc_t?
        var f = from, t = to
        DNNL.check(dnnl_reorder_primitive_desc_create(&pd, &f, DNNL.engine, &t, DNNL.engine, nil), "reorder_primitive_desc_create")
        let p = Primitive("reorder", pd: pd!)
        p.bind(DNNL_ARG_FROM, from)
        p.bind(DNNL_ARG_TO, to)
        return p
    }

    /// Copies between two layouts with a reorder kept as helper `name` of this primitive. Call inside `DNNL.run`.
    func reorder(_ name: String, from: dnnl_memory_desc_t, _ src: UnsafeMutableRawPointer,
                 to: dnnl_memory_desc_t, _ dst: UnsafeMutableRawPointer) {
        let r: Primitive
        if let cached = helpers[name] { r = cached } else { r = Primitive.reorder(from: from, to: to); helpers[name] = r }
        r.execute([(DNNL_ARG_FROM, src), (DNNL_ARG_TO, dst)])
    }
}
