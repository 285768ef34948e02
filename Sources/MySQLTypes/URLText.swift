/// Percent-encoding for URL paths and query values: every byte of the UTF-8 but RFC 3986's
/// unreserved characters (`A-Z a-z 0-9 - _ . ~`) as `%XX` (upper-case hex), `/` kept when asked.
/// SigV4's URI encoding, the sink URI's and DSN's user info and the OpenAPI paths all use it.
public enum URLText {
    public static func escaped(_ text: String, keepingSlashes: Bool = false) -> String {
        let digits = Array("0123456789ABCDEF")
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where keepingSlashes:
                output.append("/")
            default:
                output += "%" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
            }
        }
        return output
    }
}
