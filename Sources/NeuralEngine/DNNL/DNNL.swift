import CDNNL
import Foundation
import Synchronization

/// The oneDNN CPU engine and stream, shared by every primitive.
///
/// oneDNN streams are not thread-safe, and the primitive cache hands out shared memory objects, so primitive
/// execution is serialised by `DNNL.run`. Both cores are used inside each primitive (OpenMP), so nothing is lost.
enum DNNL {
    nonisolated(unsafe) static let engine: dnnl_engine_t = {
        var e: dnnl_engine_t?
        check(dnnl_engine_create(&e, dnnl_cpu, 0), "engine_create")
        return e!
    }()
    nonisolated(unsafe) static let stream: dnnl_stream_t = {
        var s: dnnl_stream_t?
        check(dnnl_stream_create(&s, engine, dnnl_stream_default_flags.rawValue), "stream_create")
        return s!
    }()
    private static let lock = Mutex(())

    /// Runs `body` with exclusive use of the stream and the cached memory objects.
    @inline(__always)
    static func run<R>(_ body: () -> R) -> R {
        lock.withLock { _ in
            OpenMP.ensure()
            return body()
        }
    }

    /// Stops with a message naming the oneDNN call when it fails.
    @inline(__always)
    static func check(_ status: dnnl_status_t, _ what: @autoclosure () -> String) {
        if status != dnnl_success {
            fatalError("NeuralEngine: oneDNN \(what()) failed: \(name(status))")
        }
    }

    /// Like `check` but returns whether it succeeded (for optional fast paths).
    static func succeeded(_ status: dnnl_status_t) -> Bool { status == dnnl_success }

    static func name(_ status: dnnl_status_t) -> String {
        switch status {
        case dnnl_out_of_memory: return "out of memory"
        case dnnl_invalid_arguments: return "invalid arguments"
        case dnnl_unimplemented: return "unimplemented (no implementation for these shapes/layouts)"
        case dnnl_iterator_ends: return "iterator ends"
        case dnnl_runtime_error: return "runtime error"
        case dnnl_not_required: return "not required"
        default: return "status \(status.rawValue)"
        }
    }
}

/// Memory descriptors for tensors.
enum MemoryDesc {
    static func dims(_ v: [Int]) -> [Int64] { v.map(Int64.init) }

    /// A descriptor for a dense strided f32 buffer (any permutation of axes).
    static func strided(_ shape: [Int], _ strides: [Int], _ type: dnnl_data_type_t = dnnl_f32) -> dnnl_memory_desc_t {
        var md = dnnl_memory_desc_t()
        let d = dims(shape), s = dims(strides)
        DNNL.check(dnnl_memory_desc_init_by_strides(&md, Int32(shape.count), d, type, s),
                   "memory_desc_init_by_strides \(describe(shape))")
        return md
    }

    /// The descriptor of a tensor's buffer. Strides of extent-1 axes are arbitrary, so they are normalised to
    /// the canonical channels-last or row-major ones: oneDNN picks its kernels by the strides it is shown
    /// (a [1, 1, 32, 128] input shown as NCHW gets the slow reference convolution, shown as NHWC the JIT one).
    static func of(_ t: Tensor, _ type: dnnl_data_type_t = dnnl_f32) -> dnnl_memory_desc_t {
        strided(t.shape, canonicalStrides(t), type)
    }

    static func canonicalStrides(_ t: Tensor) -> [Int] {
        if t.rank >= 4 && t.isChannelsLast { return Shapes.channelsLastStrides(t.shape) }
        if t.isContiguous { return Shapes.contiguousStrides(t.shape) }
        return t.strides
    }

    /// A descriptor letting the primitive choose the layout.
    static func any(_ shape: [Int], _ type: dnnl_data_type_t = dnnl_f32) -> dnnl_memory_desc_t {
        var md = dnnl_memory_desc_t()
        DNNL.check(dnnl_memory_desc_init_by_tag(&md, Int32(shape.count), dims(shape), type, dnnl_format_tag_any),
                   "memory_desc_init_by_tag \(describe(shape))")
        return md
    }

    static func equal(_ a: dnnl_memory_desc_t, _ b: dnnl_memory_desc_t) -> Bool {
        var a = a, b = b
        return dnnl_memory_desc_equal(&a, &b) != 0
    }

    static func bytes(_ md: dnnl_memory_desc_t) -> Int {
        var md = md
        return dnnl_memory_desc_get_size(&md)
    }

    /// A stable text key for caching primitives by descriptor.
    static func key(_ shape: [Int], _ strides: [Int]) -> String { "\(shape)/\(strides)" }
}
