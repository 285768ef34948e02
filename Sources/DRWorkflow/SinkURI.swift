import MySQLTypes
import TiCDCCore
public import TiDBClient

/// TiCDC's MySQL sink URI for a cluster the driver reaches at `configuration`:
/// `mysql://user:password@host:port/`, user and password percent-escaped as Go's `url.Parse`
/// reads them. It holds the password: report `ServerURL.redacted(...)` of it, never the URI.
public enum SinkURI {
    public static func mysql(_ configuration: ConnectionConfiguration) -> String {
        var uri = "mysql://" + URLText.escaped(configuration.user)
        if !configuration.password.isEmpty { uri += ":" + URLText.escaped(configuration.password) }
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        return uri + "@\(host):\(configuration.port)/"
    }
}
