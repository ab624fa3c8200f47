/// Marks a stored tensor of a `Module` as a trainable parameter (found by `namedParameters()`).
@propertyWrapper
public struct Parameter<Value: OptionalTensor> {
    public var wrappedValue: Value
    public init(wrappedValue: Value) {
        wrappedValue.tensor?.requiresGrad = true
        self.wrappedValue = wrappedValue
    }
}

/// Marks a stored tensor of a `Module` as a buffer: state saved with the weights but not trained
/// (running statistics).
@propertyWrapper
public struct Buffer<Value: OptionalTensor> {
    public var wrappedValue: Value
    public init(wrappedValue: Value) { self.wrappedValue = wrappedValue }
}

/// `Tensor` or `Tensor?`, so optional parameters (bias) can be declared.
public protocol OptionalTensor { var tensor: Tensor? { get } }
extension Tensor: OptionalTensor { public var tensor: Tensor? { self } }
extension Optional: OptionalTensor where Wrapped == Tensor { public var tensor: Tensor? { self } }

private protocol ParameterSlot { var slotTensor: Tensor? { get } }
private protocol BufferSlot { var slotTensor: Tensor? { get } }
extension Parameter: ParameterSlot { var slotTensor: Tensor? { wrappedValue.tensor } }
extension Buffer: BufferSlot { var slotTensor: Tensor? { wrappedValue.tensor } }

/// A network or part of one: holds parameters, buffers and child modules, found by reflection on stored
/// properties and named as PyTorch's `state_dict` names them (`camelCase` → `snake_case`, arrays and
/// `Sequential` children by index): `d1.0.weight`, `d2.2.running_mean`, ...
///
/// Modules are not Sendable: a model (and the tensors it holds) is used from one task at a time.
open class Module {
    /// Training mode (batch statistics, dropout on) or evaluation mode.
    public private(set) var isTraining = true

    public init() {}

    /// Direct children with their names. Default: stored `Module`, `Module?` and `[Module]` properties.
    open var namedChildren: [(String, Module)] {
        var out: [(String, Module)] = []
        forEachStoredProperty { label, value in
            if let m = value as? Module {
                out.append((label, m))
            } else if let list = value as? [Module] {
                for (i, m) in list.enumerated() { out.append(("\(label).\(i)", m)) }
            }
        }
        return out
    }

    /// This module's own parameters (not its children's), from `@Parameter` properties.
    open var ownParameters: [(String, Tensor)] {
        var out: [(String, Tensor)] = []
        forEachStoredProperty { label, value in
            if let p = value as? any ParameterSlot, let t = p.slotTensor { out.append((label, t)) }
        }
        return out
    }

    /// This module's own buffers, from `@Buffer` properties.
    open var ownBuffers: [(String, Tensor)] {
        var out: [(String, Tensor)] = []
        forEachStoredProperty { label, value in
            if let b = value as? any BufferSlot, let t = b.slotTensor { out.append((label, t)) }
        }
        return out
    }

    private func forEachStoredProperty(_ body: (String, Any) -> Void) {
        var mirrors: [Mirror] = []
        var m: Mirror? = Mirror(reflecting: self)
        while let current = m { mirrors.append(current); m = current.superclassMirror }
        for mirror in mirrors.reversed() {
            for child in mirror.children {
                guard let label = child.label else { continue }
                body(Module.stateDictName(label), child.value)
            }
        }
    }

    /// `_runningMean` → `running_mean` (property-wrapper storage names start with an underscore).
    static func stateDictName(_ label: String) -> String {
        var out = ""
        for ch in label.drop(while: { $0 == "_" }) {
            if ch.isUppercase { out += "_" + ch.lowercased() } else { out.append(ch) }
        }
        return out
    }

    /// Every module in the tree with its dotted path ("" for self), parents first.
    public func namedModules(prefix: String = "") -> [(String, Module)] {
        var out = [(prefix, self)]
        for (name, child) in namedChildren {
            out += child.namedModules(prefix: prefix.isEmpty ? name : prefix + "." + name)
        }
        return out
    }

    /// All trainable parameters with their state-dict names.
    public func namedParameters() -> [(String, Tensor)] {
        namedModules().flatMap { path, m in m.ownParameters.map { (path.isEmpty ? $0.0 : path + "." + $0.0, $0.1) } }
    }

    /// All buffers with their state-dict names.
    public func namedBuffers() -> [(String, Tensor)] {
        namedModules().flatMap { path, m in m.ownBuffers.map { (path.isEmpty ? $0.0 : path + "." + $0.0, $0.1) } }
    }

    /// Parameters and buffers in PyTorch's `state_dict()` order (per module: parameters, buffers; then children).
    public func stateDict() -> [(String, Tensor)] {
        namedModules().flatMap { path, m in
            (m.ownParameters + m.ownBuffers).map { (path.isEmpty ? $0.0 : path + "." + $0.0, $0.1) }
        }
    }

    public func parameters() -> [Tensor] { namedParameters().map(\.1) }

    /// Sets training (true) or evaluation (false) mode on the whole tree.
    public func train(_ on: Bool = true) {
        for (_, m) in namedModules() { m.isTraining = on }
    }

    public func eval() { train(false) }

    /// Clears `.grad` of every parameter.
    public func zeroGrad() {
        for p in parameters() { p.grad = nil }
    }
}

/// A module with one input and one output, usable in `Sequential`.
public protocol Layer: Module {
    func callAsFunction(_ x: Tensor) -> Tensor
}

/// Layers applied in order; children are named "0", "1", ... as in PyTorch.
public final class Sequential: Module, Layer {
    public let layers: [any Layer]

    public init(_ layers: [any Layer]) { self.layers = layers }
    public convenience init(_ layers: any Layer...) { self.init(layers) }

    override public var namedChildren: [(String, Module)] {
        layers.enumerated().map { ("\($0.offset)", $0.element) }
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        layers.reduce(x) { $1($0) }
    }
}
