import FoundationEssentials
import Hummingbird
import TiCDCCore

/// `/mock/v1/changefeeds/{id}/fault` (docs/ticdc/faults.md): mock-only, outside TiCDC's API.
/// `PUT` sets a changefeed's fault (replacing what was set), `GET` shows it, `DELETE` clears it;
/// `{id}` may be `*` for every changefeed without a fault of its own. Errors as TiCDC's body.
enum FaultRoutes {
    static func add(to router: Router<BasicRequestContext>, owner: Owner) {
        let faults = owner.faults
        let route = router.group("mock/v1/changefeeds/:id/fault")
        route.get { request, context in
            try await OpenAPIRoutes.answer {
                try await Self.checked(owner, request, context).map(faults.fault(for:)) ?? faults.fault(for: "*")
            }
        }
        route.put { request, context in
            try await OpenAPIRoutes.answer {
                let id = try await Self.checked(owner, request, context) ?? "*"
                let fault: ChangefeedFault = try await OpenAPIRoutes.decode(request, context)
                faults.set(fault, for: id)
                return faults.fault(for: id)
            }
        }
        route.delete { request, context in
            try await OpenAPIRoutes.answer {
                faults.clear(try await Self.checked(owner, request, context) ?? "*")
                return TiCDCAPI.Empty()
            }
        }
    }

    /// The changefeed's id, after checking it exists (`ErrChangeFeedNotExists` otherwise); nil
    /// for `*`.
    private static func checked(
        _ owner: Owner,
        _ request: Request,
        _ context: BasicRequestContext
    ) async throws(TiCDCError) -> String? {
        let id = OpenAPIRoutes.id(context)
        if id == "*" { return nil }
        _ = try await owner.record(namespace: OpenAPIRoutes.namespace(request), id: id)
        return id
    }
}
