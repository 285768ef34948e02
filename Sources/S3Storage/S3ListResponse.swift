/// The parts of a ListObjectsV2 answer that listing needs: the keys, whether more pages follow,
/// and the token for the next one. Read with a plain scan, as `S3ErrorResponse` reads errors:
/// the document is flat and Foundation's XMLParser would pull in all of Foundation.
struct S3ListResponse: Equatable {
    var keys: [String] = []
    var isTruncated = false
    var nextContinuationToken: String?

    init(keys: [String], isTruncated: Bool, nextContinuationToken: String?) {
        self.keys = keys
        self.isTruncated = isTruncated
        self.nextContinuationToken = nextContinuationToken
    }

    init(_ body: [UInt8]) {
        let text = String(decoding: body, as: UTF8.self)
        for contents in Self.elements("Contents", in: Substring(text)) {
            if let key = Self.elements("Key", in: contents).first { self.keys.append(Self.unescaped(key)) }
        }
        self.isTruncated = Self.elements("IsTruncated", in: Substring(text)).first == "true"
        self.nextContinuationToken = Self.elements("NextContinuationToken", in: Substring(text)).first.map(
            Self.unescaped
        )
    }

    /// The texts of every `<name>…</name>` in `text`, in order.
    static func elements(_ name: String, in text: Substring) -> [Substring] {
        var found: [Substring] = []
        var rest = text
        while let open = rest.firstRange(of: "<\(name)>"),
            let close = rest[open.upperBound...].firstRange(of: "</\(name)>")
        {
            found.append(rest[open.upperBound..<close.lowerBound])
            rest = rest[close.upperBound...]
        }
        return found
    }

    /// XML's five predefined entities and numeric character references.
    static func unescaped(_ text: Substring) -> String {
        guard text.contains("&") else { return String(text) }
        var result = ""
        var rest = text
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: amp)..<semicolon]
            switch entity {
            case "amp": result += "&"
            case "lt": result += "<"
            case "gt": result += ">"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                let scalar: UInt32? =
                    entity.hasPrefix("#x")
                    ? UInt32(entity.dropFirst(2), radix: 16)
                    : entity.hasPrefix("#") ? UInt32(entity.dropFirst(), radix: 10) : nil
                if let scalar, let character = Unicode.Scalar(scalar) {
                    result.unicodeScalars.append(character)
                } else {
                    result += rest[amp...semicolon]
                }
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return result + rest
    }
}
