/// Reverse-mode automatic differentiation.
///
/// Every operation that sees an input requiring gradients attaches a `Node` to its result: the inputs and a
/// backward function mapping the gradient of the result to gradients of the inputs. Backward functions are
/// written with the same differentiable operations as forward code, so when they run with recording on
/// (`createGraph: true`) they extend the graph and can be differentiated again: exact higher-order gradients,
/// as WGAN-GP's gradient penalty needs.
final class Node: @unchecked Sendable {
    typealias Backward = (_ grad: Tensor, _ output: Tensor, _ needs: [Bool]) -> [Tensor?]
    let name: String
    let inputs: [Tensor]
    let backward: Backward

    init(name: String, inputs: [Tensor], backward: @escaping Backward) {
        self.name = name
        self.inputs = inputs
        self.backward = backward
    }
}

extension Tensor {
    /// Attaches the backward function of the operation that produced `self` from `inputs`, when recording is on
    /// and some input requires gradients. `backward` receives the gradient of `self`, `self` itself (so that
    /// functions like tanh or sqrt can reuse their output differentiably) and which inputs need gradients;
    /// it returns one gradient (or nil) per input, each shaped like that input.
    @discardableResult
    func recorded(_ name: String, _ inputs: [Tensor], _ backward: @escaping Node.Backward) -> Tensor {
        if GradMode.isEnabled && inputs.contains(where: { $0.requiresGrad }) {
            gradFn = Node(name: name, inputs: inputs, backward: backward)
            requiresGrad = true
        }
        return self
    }

    /// Backpropagates from this tensor, adding gradients into `.grad` of every leaf that requires them.
    /// - Parameters:
    ///   - gradient: gradient of the final objective with respect to `self`; defaults to 1 for one-element tensors.
    ///   - createGraph: record the backward computation so that the resulting `.grad`s can be differentiated.
    public func backward(_ gradient: Tensor? = nil, createGraph: Bool = false) {
        precondition(requiresGrad, "NeuralEngine: backward() on a tensor that does not require gradients")
        let seed = gradient ?? {
            precondition(count == 1, "NeuralEngine: backward() without a gradient needs a one-element tensor, got \(describe(shape))")
            return Tensor(shape: shape, repeating: 1)
        }()
        Autograd.run(roots: [self], seeds: [seed], targets: nil, createGraph: createGraph)
    }
}

/// Gradients of the sum of `outputs` (each weighted by its `gradOutputs`, default 1) with respect to `inputs`,
/// like `torch.autograd.grad`. `.grad` fields are left untouched.
/// - Parameter createGraph: record the backward computation so the returned gradients are differentiable.
/// - Returns: one gradient per input; zeros when an input does not influence the outputs.
public func grad(of outputs: [Tensor], wrt inputs: [Tensor], gradOutputs: [Tensor]? = nil,
                 createGraph: Bool = false) -> [Tensor] {
    let seeds = gradOutputs ?? outputs.map { out in
        precondition(out.count == 1, "NeuralEngine: grad(of:) without gradOutputs needs one-element outputs, got \(describe(out.shape))")
        return Tensor(shape: out.shape, repeating: 1)
    }
    precondition(seeds.count == outputs.count, "NeuralEngine: grad(of:) needs one gradOutput per output")
    for (o, s) in zip(outputs, seeds) {
        precondition(o.shape == s.shape, "NeuralEngine: gradOutput \(describe(s.shape)) for output \(describe(o.shape))")
    }
    let found = Autograd.run(roots: outputs.filter { $0.requiresGrad },
                             seeds: zip(outputs, seeds).filter { $0.0.requiresGrad }.map { $0.1 },
                             targets: inputs, createGraph: createGraph)
    return inputs.map { found[ObjectIdentifier($0)] ?? Tensor.zeros($0.shape) }
}

enum Autograd {
    /// Runs the backward pass. With `targets`, returns their gradients; without, accumulates into leaves' `.grad`.
    @discardableResult
    static func run(roots: [Tensor], seeds: [Tensor], targets: [Tensor]?, createGraph: Bool) -> [ObjectIdentifier: Tensor] {
        let order = topologicalOrder(roots)
        let targetIDs = Set((targets ?? []).map(ObjectIdentifier.init))

        // A tensor is needed when a wanted gradient flows through it (inputs come before users in `order`).
        var needed = Set<ObjectIdentifier>()
        for t in order {
            let id = ObjectIdentifier(t)
            let wanted = targets == nil ? (t.isLeaf && t.requiresGrad) : targetIDs.contains(id)
            if wanted || (t.gradFn?.inputs.contains { needed.contains(ObjectIdentifier($0)) } ?? false) {
                needed.insert(id)
            }
        }

        var grads: [ObjectIdentifier: Tensor] = [:]
        for (r, s) in zip(roots, seeds) { accumulate(&grads, ObjectIdentifier(r), s) }
        var results: [ObjectIdentifier: Tensor] = [:]

        withGradMode(createGraph) {
            for t in order.reversed() {
                let id = ObjectIdentifier(t)
                guard needed.contains(id), let g = grads.removeValue(forKey: id) else { continue }
                if targetIDs.contains(id) { results[id] = g }
                guard let node = t.gradFn else {
                    if targets == nil { accumulateLeaf(t, g, createGraph: createGraph) }
                    continue
                }
                let needs = node.inputs.map { needed.contains(ObjectIdentifier($0)) }
                guard needs.contains(true) else { continue }
                let inputGrads = node.backward(g, t, needs)
                for (input, ig) in zip(node.inputs, inputGrads) {
                    guard let ig, needed.contains(ObjectIdentifier(input)) else { continue }
                    precondition(ig.shape == input.shape,
                                 "NeuralEngine: backward of \(node.name) gave \(describe(ig.shape)) for input \(describe(input.shape))")
                    accumulate(&grads, ObjectIdentifier(input), ig)
                }
            }
        }
        return results
    }

    private static func accumulate(_ grads: inout [ObjectIdentifier: Tensor], _ id: ObjectIdentifier, _ g: Tensor) {
        if let old = grads[id] { grads[id] = old + g } else { grads[id] = g }
    }

    private static func accumulateLeaf(_ leaf: Tensor, _ g: Tensor, createGraph: Bool) {
        // Gradients are stored in the parameter's own layout so optimisers can run flat loops.
        var g = g.withLayout(of: leaf)
        if !createGraph { g = g.detach() }
        if let old = leaf.grad { leaf.grad = createGraph ? old + g : (old + g).detach() } else { leaf.grad = g }
    }

    /// Tensors reachable from `roots` through recorded operations, each after all of its inputs.
    static func topologicalOrder(_ roots: [Tensor]) -> [Tensor] {
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(Tensor, Bool)] = roots.reversed().map { ($0, false) }
        while let (t, expanded) = stack.popLast() {
            let id = ObjectIdentifier(t)
            if expanded { order.append(t); continue }
            if visited.contains(id) { continue }
            visited.insert(id)
            stack.append((t, true))
            for input in (t.gradFn?.inputs ?? []).reversed() where !visited.contains(ObjectIdentifier(input)) {
                stack.append((input, false))
            }
        }
        return order
    }
}
