import FoundationEssentials
import GoFormats
import Hummingbird
import NIOCore

/// JSON in and out of the scenario control routes: answers with keys in a fixed order
/// (`GoJSONEncoder`), bodies decoded strictly (unknown keys refused, so a typo is not a silent
/// no-op), every bad input a 400 with `{"error": "..."}` and never a crash.
enum ControlJSON {
    static let maximumBodyBytes = 1 << 20

    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let text: String
        do {
            text = try GoJSONEncoder().encode(value).compact
        } catch {
            return Self.error("cannot encode the answer: \(error)", status: .internalServerError)
        }
        return Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: text + "\n"))
        )
    }

    static func error(_ message: String, status: HTTPResponse.Status = .badRequest) -> Response {
        let text = "{\"error\":" + Self.quoted(message) + "}"
        return Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: text + "\n"))
        )
    }

    /// A JSON string as Go writes it without HTML escaping: `<`, `>` and `&` stay as they are,
    /// so a query log line stays readable in `tail -f` and curl.
    static func quoted(_ text: String) -> String {
        GoJSON.quoted(text, escapingHTML: false)
    }

    /// Runs a route; whatever it throws becomes a 400 naming the problem.
    static func handle(_ route: () async throws -> Response) async -> Response {
        do {
            return try await route()
        } catch let error as ControlInputError {
            return Self.error(error.message)
        } catch let error as DecodingError {
            return Self.error(Self.describe(error))
        } catch {
            return Self.error("bad request: \(error)")
        }
    }

    /// The request's body as `T`.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maximumBodyBytes)
        } catch {
            throw ControlInputError("the body must be JSON of at most \(Self.maximumBodyBytes) bytes")
        }
        guard body.readableBytes > 0 else { throw ControlInputError("the body must be a JSON object; it is empty") }
        return try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the body" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, _): return "\(key.stringValue) is required"
        case .typeMismatch(let type, let context): return "\(path(context)) must be \(Self.name(of: type))"
        case .valueNotFound(let type, let context): return "\(path(context)) must be \(Self.name(of: type)), not null"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "the body is not valid JSON" : "\(path(context)) is invalid"
        @unknown default: return "the body is not what this route takes"
        }
    }

    private static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is UInt16.Type, is UInt64.Type: "a number"
        case is [Any].Type: "an array"
        default: "a JSON object"
        }
    }

    /// Throws for a key the body's type does not know.
    static func refuseUnknownKeys(in decoder: any Decoder, known: [String]) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        if let unknown = container.allKeys.first(where: { !known.contains($0.stringValue) }) {
            throw ControlInputError(
                "unknown field \"\(unknown.stringValue)\"; the fields are \(known.joined(separator: ", "))"
            )
        }
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
