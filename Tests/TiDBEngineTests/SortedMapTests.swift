import TestRandom
import Testing

@testable import TiDBEngine

struct SortedMapTests {
    /// Hashed and plain maps agree with a reference dictionary through inserts, replacements and
    /// removals across chunk splits, and scans stay in key order.
    @Test(arguments: [false, true])
    func lookupsAndScansMatchAReference(hashed: Bool) {
        var map = SortedMap<Int>(hashed: hashed)
        var reference: [[UInt8]: Int] = [:]
        let seed = TestSeed.value(default: 97)
        let replay = Comment(rawValue: TestSeed.replay(seed))
        var generator = SplitMix64(seed: seed)
        for step in 0..<5000 {
            let key = [UInt8(truncatingIfNeeded: Int.random(in: 0..<40, using: &generator)), UInt8(step % 97)]
            if step % 5 == 4 {
                #expect(map.remove(key) == reference.removeValue(forKey: key), replay)
            } else {
                #expect(map.set(key, step) == reference.updateValue(step, forKey: key), replay)
            }
        }
        #expect(map.count == reference.count, replay)
        for (key, value) in reference { #expect(map[key] == value, replay) }
        #expect(map[[255, 255]] == nil)
        var scanned: [[UInt8]] = []
        map.scan(from: nil, to: nil) { key, _ in
            scanned.append(key)
            return true
        }
        #expect(scanned == reference.keys.sorted { ByteOrder.compare($0, $1) < 0 }, replay)
        map.removeAll()
        #expect(map.isEmpty && map[scanned[0]] == nil)
    }
}
