/// An n-dimensional float32 array that records the operations applied to it for automatic differentiation.
///
/// The logical shape is what every API speaks (NCHW for images, NCDHW for volumes). The physical layout is
/// a permutation of the axes given by `strides`, always dense (no gaps, no offsets): convolutions produce
/// channels-last tensors (NHWC), which oneDNN's fastest kernels read and write directly; everything else
/// follows its inputs. Layout never changes results, only speed.
///
/// Tensors are reference types, like PyTorch's: autograd needs identity, and optimisers update parameters in
/// place. A tensor graph belongs to one thread at a time.
public final class Tensor: @unchecked Sendable {
    public let shape: [Int]
    /// Element strides of each logical axis in `storage`.
    public let strides: [Int]
    let storage: Storage

    /// Leaves with `requiresGrad` collect `.grad` in `backward()`; results of operations on them require it too.
    public var requiresGrad: Bool {
        didSet {
            precondition(gradFn == nil || requiresGrad,
                         "NeuralEngine: requiresGrad can only be cleared on a leaf tensor (use detach())")
        }
    }
    /// Accumulated gradient of a leaf after `backward()`.
    public var grad: Tensor?
    /// The operation that produced this tensor (nil for leaves and for results computed without grad).
    var gradFn: Node?

    init(shape: [Int], strides: [Int], storage: Storage) {
        self.shape = shape
        self.strides = strides
        self.storage = storage
        requiresGrad = false
    }

    /// An uninitialised tensor (its buffer may hold old data from the pool); operations fill it.
    convenience init(uninitialized shape: [Int], strides: [Int]? = nil) {
        self.init(shape: shape, strides: strides ?? Shapes.contiguousStrides(shape),
                  storage: Storage(count: Shapes.count(shape)))
    }

    /// A tensor with `data` given in logical row-major order.
    public convenience init(shape: [Int], data: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "NeuralEngine: negative extent in shape \(describe(shape))")
        precondition(data.count == Shapes.count(shape),
                     "NeuralEngine: Tensor(shape: \(describe(shape))) needs \(Shapes.count(shape)) values, got \(data.count)")
        self.init(uninitialized: shape)
        data.withUnsafeBufferPointer { storage.pointer.update(from: $0.baseAddress!, count: data.count) }
    }

    /// A tensor filled with one value.
    public convenience init(shape: [Int], repeating value: Float) {
        precondition(shape.allSatisfy { $0 >= 0 }, "NeuralEngine: negative extent in shape \(describe(shape))")
        self.init(uninitialized: shape)
        storage.pointer.update(repeating: value, count: count)
    }

    /// A rank-0 tensor holding one value.
    public convenience init(_ value: Float) { self.init(shape: [], repeating: value) }

    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(shape: shape, repeating: 0) }
    public static func ones(_ shape: [Int]) -> Tensor { Tensor(shape: shape, repeating: 1) }

    public var rank: Int { shape.count }
    public var count: Int { storage.count }
    var data: UnsafeMutablePointer<Float> { storage.pointer }

    /// True for leaves (tensors not produced by a recorded operation).
    public var isLeaf: Bool { gradFn == nil }
    /// Name of the operation that produced this tensor, if recorded ("conv2d", "add", ...).
    public var gradFnName: String? { gradFn?.name }

    /// Whether the physical layout is row-major in logical order.
    public var isContiguous: Bool { Shapes.sameLayout(shape, strides, Shapes.contiguousStrides(shape)) }
    /// Whether the physical layout is channels-last (NHWC / NDHWC).
    public var isChannelsLast: Bool { Shapes.sameLayout(shape, strides, Shapes.channelsLastStrides(shape)) }

    /// Marks a leaf as requiring gradients and returns it (for chaining).
    @discardableResult
    public func requiringGrad(_ on: Bool = true) -> Tensor {
        requiresGrad = on
        return self
    }

    /// The same values without history; shares the buffer.
    public func detach() -> Tensor { Tensor(shape: shape, strides: strides, storage: storage) }

    /// The values in logical row-major order.
    public func toArray() -> [Float] {
        let c = contiguousStorage()
        return Array(UnsafeBufferPointer(start: c.pointer, count: count))
    }

    /// The single value of a one-element tensor.
    public func item() -> Float {
        precondition(count == 1, "NeuralEngine: item() needs one element, tensor has shape \(describe(shape))")
        return data.pointee
    }

    /// Calls `body` with the values in logical row-major order (no copy when already contiguous).
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        let c = contiguousStorage()
        return try withExtendedLifetime(c) { try body(UnsafeBufferPointer(start: c.pointer, count: count)) }
    }

    /// Overwrites the values in place from `source` (same shape, any layout); for loading and optimisers.
    /// Not recorded by autograd.
    public func copy_(from source: Tensor) {
        precondition(source.shape == shape,
                     "NeuralEngine: copy_ from \(describe(source.shape)) into \(describe(shape))")
        Kernels.copy(shape: shape, from: source.data, source.strides, to: data, strides)
        storage.bumpVersion()
    }

    /// Overwrites the values in place from logical row-major `values`.
    public func copy_(from values: [Float]) {
        precondition(values.count == count,
                     "NeuralEngine: copy_ of \(values.count) values into \(describe(shape))")
        values.withUnsafeBufferPointer {
            Kernels.copy(shape: shape, from: $0.baseAddress!, Shapes.contiguousStrides(shape), to: data, strides)
        }
        storage.bumpVersion()
    }

    /// Marks the buffer as changed after an in-place write through `data`.
    func didMutate() { storage.bumpVersion() }

    /// The storage in row-major order: this tensor's own when already contiguous, else a copy.
    func contiguousStorage() -> Storage {
        if isContiguous { return storage }
        let out = Storage(count: count)
        Kernels.copy(shape: shape, from: data, strides, to: out.pointer, Shapes.contiguousStrides(shape))
        return out
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let values = toArray()
        let shown = values.prefix(8).map { "\($0)" }.joined(separator: ", ")
        return "Tensor\(describe(shape))[\(shown)\(values.count > 8 ? ", ..." : "")]"
            + (gradFn.map { " (\($0.name))" } ?? "")
    }
}
