import Synchronization

/// The PD state of one cluster: the TSO oracle, the external timestamp TiCDC's syncpoint sets,
/// and the GC safe point with the service safepoints that hold it back.
public final class PlacementDriver: Sendable {
    public let oracle: TSOOracle
    private let externalTimestamp: Mutex<TSO>
    private let safePoints: Mutex<SafePoints>

    struct SafePoints {
        var gcSafePoint = TSO.zero
        /// Service id → (safepoint, expiry in epoch microseconds).
        var services: [String: (TSO, Int64)] = [:]
    }

    public init(clock: any WallClock) {
        self.oracle = TSOOracle(clock: clock)
        self.externalTimestamp = Mutex(.zero)
        self.safePoints = Mutex(SafePoints())
    }

    /// A PD-side rejection; TiDB surfaces the text unmapped, as 1105.
    public struct Rejection: Error, Sendable, Equatable {
        public var message: String
    }

    public var currentExternalTimestamp: TSO {
        self.externalTimestamp.withLock { $0 }
    }

    /// PD's `SetExternalTimestamp`: not above the global TSO, strictly above the current value.
    public func setExternalTimestamp(_ ts: TSO) throws(Rejection) {
        let globalTS = self.oracle.lastAllocated
        let result: Rejection? = self.externalTimestamp.withLock { current in
            if ts > globalTS {
                return Rejection(message: "[pd]the external timestamp should not be larger than global ts")
            }
            if ts <= current {
                return Rejection(message: "[pd]the external timestamp should be larger than current external timestamp")
            }
            current = ts
            return nil
        }
        if let result { throw result }
    }

    public var gcSafePoint: TSO {
        self.safePoints.withLock { $0.gcSafePoint }
    }

    /// The smallest live service safepoint, which GC may not pass.
    public func minimumServiceSafePoint(nowMicroseconds: Int64) -> TSO? {
        self.safePoints.withLock { state in
            state.services = state.services.filter { $0.value.1 > nowMicroseconds }
            return state.services.values.map(\.0).min()
        }
    }

    /// Registers or refreshes a service safepoint (BR, TiCDC).
    public func updateServiceSafePoint(service: String, safePoint: TSO, expiresAtMicroseconds: Int64) {
        self.safePoints.withLock { $0.services[service] = (safePoint, expiresAtMicroseconds) }
    }

    /// A service's registered safepoint, expired or not.
    public func serviceSafePoint(_ service: String) -> TSO? {
        self.safePoints.withLock { $0.services[service]?.0 }
    }

    public func removeServiceSafePoint(service: String) {
        _ = self.safePoints.withLock { $0.services.removeValue(forKey: service) }
    }

    /// Moves the GC safe point forward (never back); returns the value in effect.
    @discardableResult
    public func advanceGCSafePoint(to candidate: TSO) -> TSO {
        self.safePoints.withLock { state in
            if candidate > state.gcSafePoint { state.gcSafePoint = candidate }
            return state.gcSafePoint
        }
    }
}
