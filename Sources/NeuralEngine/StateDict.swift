// The bridge between modules and safetensors files: a module's parameters and buffers under PyTorch's
// state_dict names, saved and loaded with strict checking, so weights move between Ensemble and PyTorch.

extension SafeTensor {
    /// The values as an engine tensor (converted to float32).
    public func tensor() -> Tensor { Tensor(shape: shape, data: floats()) }
}

extension Tensor {
    /// The values stored as `dtype` (F32, F16 or BF16; halves rounded to nearest even).
    public func safeTensor(_ dtype: SafeTensorsDType = .f32) -> SafeTensor {
        SafeTensor(floats: toArray(), shape: shape, dtype: dtype)
    }
}

/// Buffers PyTorch keeps as int64 (BatchNorm's batch counter); they are written as I64 so PyTorch's
/// `load_state_dict` accepts the file.
private func isIntegerBuffer(_ name: String) -> Bool {
    name == "num_batches_tracked" || name.hasSuffix(".num_batches_tracked")
}

extension Module {
    /// The state dict (parameters and buffers) as a safetensors file. Floats are stored as `dtype`;
    /// integer buffers as I64.
    public func stateDictFile(dtype: SafeTensorsDType = .f32, metadata: [String: String] = [:]) -> SafeTensorsFile {
        var file = SafeTensorsFile()
        file.metadata = metadata
        for (name, t) in stateDict() {
            file[name] = isIntegerBuffer(name)
                ? SafeTensor(int64s: t.toArray().map { Int64($0) }, shape: t.shape)
                : t.safeTensor(dtype)
        }
        return file
    }

    /// Copies every parameter and buffer from `file`, by state-dict name.
    ///
    /// Everything is checked before anything is written, so a refused file leaves the module untouched:
    /// a name the module expects but the file lacks, or (when `strict`) a name in the file the module does not
    /// have, or a shape that differs, is refused with a message naming the tensor.
    public func loadStateDict(_ file: SafeTensorsFile, strict: Bool = true) throws(SafeTensorsError) {
        let expected = stateDict()
        let missing = expected.map(\.0).filter { file[$0] == nil }
        if strict, let first = missing.first {
            throw SafeTensorsError(tensor: first, "missing from the file" + also(missing.dropFirst(), "missing"))
        }
        let known = Set(expected.map(\.0))
        let unexpected = file.names.filter { !known.contains($0) }
        if strict, let first = unexpected.first {
            throw SafeTensorsError(tensor: first, "is in the file but not in the model" + also(unexpected.dropFirst(), "unexpected"))
        }
        var updates: [(Tensor, SafeTensor)] = []
        for (name, target) in expected {
            guard let stored = file[name] else { continue }
            guard stored.shape == target.shape else {
                throw SafeTensorsError(tensor: name, "has shape \(stored.shape) in the file, the model needs \(target.shape)")
            }
            updates.append((target, stored))
        }
        for (target, stored) in updates { target.copy_(from: stored.floats()) }
    }
}

private func also(_ names: ArraySlice<String>, _ kind: String) -> String {
    guard !names.isEmpty else { return "" }
    let shown = names.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
    return " (also \(kind): \(shown)\(names.count > 5 ? " and \(names.count - 5) more" : ""))"
}
