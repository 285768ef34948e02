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

    /// A service safepoint as PD's HTTP API lists it.
    public struct ServiceSafePoint: Sendable, Equatable {
        public var serviceID: String
        public var safePoint: TSO
        /// Epoch microseconds; `Int64.max` for one that never expires.
        public var expiresAtMicroseconds: Int64
    }

    /// Every stored service safepoint, expired ones too (PD drops those only when a service
    /// updates), in service id order, as PD's HTTP API lists them.
    public func serviceSafePoints() -> [ServiceSafePoint] {
        self.safePoints.withLock { state in
            state.services.map { ServiceSafePoint(serviceID: $0.key, safePoint: $0.value.0, expiresAtMicroseconds: $0.value.1) }
                .sorted { $0.serviceID < $1.serviceID }
        }
    }

    /// PD's `UpdateServiceGCSafePoint`: a TTL of zero or less removes the service; otherwise the
    /// safepoint is stored (for `ttlSeconds`) when the service holds the minimum, or there is
    /// none, or it is not below the minimum. Returns the minimum as PD does: the one before the
    /// update, read again only when this service held it or there was none; nil when no service
    /// holds one (docs/ticdc/pd-http.md). TiCDC refuses a start TS at or below it.
    @discardableResult
    public func updateServiceSafePoint(
        service: String,
        safePoint: TSO,
        ttlSeconds: Int64,
        nowMicroseconds: Int64
    ) -> ServiceSafePoint? {
        self.safePoints.withLock { state in
            state.services = state.services.filter { $0.value.1 > nowMicroseconds }
            func minimum() -> ServiceSafePoint? {
                state.services.min { ($0.value.0, $0.key) < ($1.value.0, $1.key) }.map {
                    ServiceSafePoint(serviceID: $0.key, safePoint: $0.value.0, expiresAtMicroseconds: $0.value.1)
                }
            }
            guard ttlSeconds > 0 else {
                state.services[service] = nil
                return minimum()
            }
            let current = minimum()
            if current == nil || current?.serviceID == service || safePoint >= current!.safePoint {
                let ttl = ttlSeconds > Int64.max / 1_000_000 ? Int64.max : ttlSeconds * 1_000_000
                state.services[service] = (safePoint, nowMicroseconds > Int64.max - ttl ? .max : nowMicroseconds + ttl)
                // PD loads the minimum again only when the service held it (or there was none).
                if current == nil || current?.serviceID == service { return minimum() }
            }
            return current
        }
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
