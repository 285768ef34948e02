import FoundationEssentials
import GoFormats
import Hummingbird
import NIOCore
import TiCDCCore

/// TiCDC's OpenAPI v2 (`/api/v2/...`), `/status` and `/metrics`, as classic TiCDC v8.5 answers
/// them (ticdc-api.md §2): bodies, states, error bodies `{"error_msg","error_code"}` with 400 or
/// 500 by TiCDC's rule.
enum OpenAPIRoutes {
    struct Context: Sendable {
        var owner: Owner
        var metrics: ChangefeedMetrics
        var status: @Sendable () async -> TiCDCAPI.ServerStatus
        var address: @Sendable () async -> String
    }

    static func add(to router: Router<BasicRequestContext>, context: Context) {
        let owner = context.owner
        router.get("metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: context.metrics.exposition()))
            )
        }
        router.get("status") { _, _ in try Self.json(await context.status()) }
        let api = router.group("api/v2")
        api.get("status") { _, _ in try Self.json(await context.status()) }
        api.get("health") { _, _ in
            await owner.isReady ? try Self.json(TiCDCAPI.Empty()) : try Self.error(.clusterUnhealthy())
        }
        api.get("captures") { _, _ in
            let status = await context.status()
            return try Self.json(
                TiCDCAPI.List(
                    items: [
                        TiCDCAPI.Capture(
                            id: status.id,
                            isOwner: true,
                            address: await context.address(),
                            clusterID: status.clusterID
                        )
                    ]
                )
            )
        }
        api.post("tso") { request, requestContext in
            try await Self.answer {
                // `cdc cli --upstream-pd` asks another upstream's PD (`pd_addrs`).
                struct Body: Decodable { var pd_addrs: [String]? }
                let body = try? await Self.decode(request, requestContext) as Body
                let tso = try await owner.currentTSO(pdAddresses: body?.pd_addrs)
                return TiCDCAPI.TSO(timestamp: Int64(tso >> 18), logicTime: Int64(tso & 0x3FFFF))
            }
        }
        api.post("verify_table") { request, requestContext in
            try await Self.answer {
                let body: TiCDCAPI.ChangefeedConfig = try await Self.decode(request, requestContext)
                return try await owner.verifyTables(body)
            }
        }
        api.get("changefeeds") { request, _ in
            try Self.json(await owner.list(state: request.uri.queryParameters.get("state")))
        }
        api.post("changefeeds") { request, requestContext in
            try await Self.answer {
                let body: TiCDCAPI.ChangefeedConfig = try await Self.decode(request, requestContext)
                return try await owner.create(body)
            }
        }
        api.get("changefeeds/:id") { request, requestContext in
            try await Self.answer {
                try await owner.record(namespace: Self.namespace(request), id: Self.id(requestContext)).info()
            }
        }
        api.put("changefeeds/:id") { request, requestContext in
            try await Self.answer {
                let body: TiCDCAPI.ChangefeedConfig = try await Self.decode(request, requestContext)
                return try await owner.update(namespace: Self.namespace(request), id: Self.id(requestContext), body)
            }
        }
        api.post("changefeeds/:id/pause") { request, requestContext in
            try await Self.answer {
                try await owner.pause(namespace: Self.namespace(request), id: Self.id(requestContext))
                return TiCDCAPI.Empty()
            }
        }
        api.post("changefeeds/:id/resume") { request, requestContext in
            try await Self.answer {
                let body: TiCDCAPI.ResumeChangefeedConfig = try await Self.decode(
                    request,
                    requestContext,
                    emptyAllowed: true
                )
                try await owner.resume(namespace: Self.namespace(request), id: Self.id(requestContext), body)
                return TiCDCAPI.Empty()
            }
        }
        api.delete("changefeeds/:id") { request, requestContext in
            try await Self.answer {
                try await owner.remove(namespace: Self.namespace(request), id: Self.id(requestContext))
                return TiCDCAPI.Empty()
            }
        }
        api.get("changefeeds/:id/status") { request, requestContext in
            try await Self.answer {
                try await owner.record(namespace: Self.namespace(request), id: Self.id(requestContext)).status()
            }
        }
        api.get("changefeeds/:id/synced") { request, requestContext in
            try await Self.answer {
                try await owner.synced(namespace: Self.namespace(request), id: Self.id(requestContext))
            }
        }
    }

    // MARK: Plumbing

    static func namespace(_ request: Request) -> String {
        request.uri.queryParameters.get("namespace").flatMap { $0.isEmpty ? nil : $0 } ?? "default"
    }

    static func id(_ context: BasicRequestContext) -> String {
        context.parameters.get("id") ?? ""
    }

    /// A JSON body; TiCDC answers 400 ErrAPIInvalidParam to one that does not decode.
    static func decode<Body: Decodable>(
        _ request: Request,
        _ context: BasicRequestContext,
        emptyAllowed: Bool = false
    ) async throws(TiCDCError) -> Body {
        let bytes: ByteBuffer
        do {
            bytes = try await request.body.collect(upTo: 16 << 20)
        } catch {
            throw .invalidParameter("invalid api parameter: \(error)")
        }
        let data = bytes.readableBytes == 0 && emptyAllowed ? Data("{}".utf8) : Data(bytes.readableBytesView)
        do {
            return try JSONDecoder().decode(Body.self, from: data)
        } catch {
            throw .invalidParameter(bytes.readableBytes == 0 ? "EOF" : "invalid api parameter: \(error)")
        }
    }

    /// The body's answer as JSON, or its TiCDC error as TiCDC's error body.
    static func answer<Body: Encodable>(_ body: () async throws -> Body) async throws -> Response {
        let value: Body
        do {
            value = try await body()
        } catch let error as TiCDCError {
            return try Self.error(error)
        }
        return try Self.json(value)
    }

    static func error(_ error: TiCDCError) throws -> Response {
        try Self.json(TiCDCAPI.ErrorBody(error), status: .init(code: error.httpStatus))
    }

    /// As gin's `c.JSON` writes: compact, fields in their struct's order, Go's escaping.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: try GoJSONEncoder().encode(value).compact))
        )
    }
}
