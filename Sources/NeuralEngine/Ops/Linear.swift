// Matrix products on oneDNN's matmul primitive. Transposes are free (strided views), and the backward of a
// matmul is two matmuls, so gradients of any order stay in this one operation.

extension Tensor {
    /// Matrix product of [M, K] × [K, N] (or batched [B, M, K] × [B, K, N]).
    public func matmul(_ other: Tensor) -> Tensor {
        precondition((rank == 2 || rank == 3) && other.rank == rank && shape[rank - 1] == other.shape[rank - 2]
                     && (rank == 2 || shape[0] == other.shape[0]),
                     "NeuralEngine: matmul of \(describe(shape)) and \(describe(other.shape)): inner extents or batch differ")
        let a = self, b = other
        let y = Matmul.forward(a, b)
        return y.recorded("matmul", [a, b]) { g, _, needs in
            [needs[0] ? g.matmul(b.transposed()) : nil, needs[1] ? a.transposed().matmul(g) : nil]
        }
    }

    /// `x · weightᵀ + bias` with PyTorch's Linear weight layout [out, in], for input [N, in].
    public func linear(_ weight: Tensor, bias: Tensor? = nil) -> Tensor {
        precondition(rank == 2 && weight.rank == 2 && weight.shape[1] == shape[1],
                     "NeuralEngine: linear: input \(describe(shape)) does not match weight \(describe(weight.shape)) ([out, in])")
        let y = matmul(weight.transposed())
        guard let bias else { return y }
        precondition(bias.shape == [weight.shape[0]], "NeuralEngine: linear: bias \(describe(bias.shape)) must be [\(weight.shape[0])]")
        return y + bias
    }
}
