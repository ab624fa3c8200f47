import MusicCore

extension Key {
    /// Which of the 12 pitch classes (index 0 = C) belong to the key, for the in-scale rate.
    ///
    /// Major: the major scale. Minor: the natural minor scale plus the raised leading tone (harmonic minor's
    /// seventh), which tonal music in minor uses at nearly every cadence — counting it as out of key would mark
    /// the data itself as off-key.
    public var scaleMask: [Bool] {
        let steps = mode == .major ? [0, 2, 4, 5, 7, 9, 11] : [0, 2, 3, 5, 7, 8, 10, 11]
        var mask = [Bool](repeating: false, count: 12)
        for step in steps { mask[(tonic + step) % 12] = true }
        return mask
    }
}
