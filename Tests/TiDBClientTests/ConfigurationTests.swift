import Testing
import TiDBClient

@Suite("DSN parsing and redaction")
struct ConfigurationTests {
    @Test func fullDSN() throws {
        let configuration = try ConnectionConfiguration(
            dsn: "mysql://dr%40ops:p%3Ass@db.example:4001/app?connect-timeout=5s&read-timeout=1m30s&write-timeout=500ms"
                + "&tls=required&tls-ca=/etc/ca.pem&tls-cert=/c.pem&tls-key=/k.pem&multi-statements=false"
        )
        #expect(configuration.user == "dr@ops")
        #expect(configuration.password == "p:ss")
        #expect(configuration.host == "db.example")
        #expect(configuration.port == 4001)
        #expect(configuration.database == "app")
        #expect(configuration.connectTimeout == .seconds(5))
        #expect(configuration.readTimeout == .seconds(90))
        #expect(configuration.writeTimeout == .milliseconds(500))
        #expect(configuration.tls == .required)
        #expect(configuration.tlsCA == "/etc/ca.pem")
        #expect(configuration.tlsCertificate == "/c.pem")
        #expect(configuration.tlsKey == "/k.pem")
        #expect(configuration.multiStatements == false)
    }

    @Test func defaults() throws {
        let configuration = try ConnectionConfiguration(dsn: "mysql://127.0.0.1")
        #expect(configuration.user == "root")
        #expect(configuration.password == "")
        #expect(configuration.port == 4000)
        #expect(configuration.database == nil)
        #expect(configuration.readTimeout == nil)
        #expect(configuration.tls == .preferred)
        #expect(configuration.multiStatements)
    }

    @Test func ipv6Host() throws {
        let configuration = try ConnectionConfiguration(dsn: "mysql://root@[::1]:4002/")
        #expect(configuration.host == "::1")
        #expect(configuration.port == 4002)
        #expect(configuration.redactedDSN == "mysql://root@[::1]:4002")
    }

    @Test(arguments: [
        ("postgres://h", "mysql://"),
        ("mysql://root@h:99999", "port"),
        ("mysql://root@h:4000?tls=maybe", "tls must be"),
        ("mysql://root@h?read-timeout=soon", "read-timeout must be a duration"),
        ("mysql://root@h?colour=blue", "unknown option 'colour'"),
        ("mysql://root:se%ZZ@h", "percent-encoding"),
        ("mysql://:4000", "no host"),
    ])
    func invalidDSN(dsn: String, expected: String) {
        #expect {
            try ConnectionConfiguration(dsn: dsn)
        } throws: { error in
            guard let error = error as? TiDBClientError else { return false }
            return error.kind == .usage && error.message.contains(expected)
        }
    }

    @Test func passwordsNeverShow() throws {
        let configuration = try ConnectionConfiguration(dsn: "mysql://dr:hunter2@h:4000/db")
        #expect(configuration.redactedDSN == "mysql://dr:xxxxx@h:4000/db")
        #expect(!"\(configuration)".contains("hunter2"))
        #expect {
            try ConnectionConfiguration(dsn: "mysql://dr:hunter2@h:4000?bogus=1")
        } throws: { error in
            !"\(error)".contains("hunter2") && "\(error)".contains("dr:xxxxx@h")
        }
    }

    @Test func statementRedaction() {
        let statement =
            "BACKUP DATABASE * TO 's3://b/p?access-key=AKIA&secret-access-key=s3cr3t&endpoint=http://127.0.0.1:9000'"
        #expect(
            StatementRedaction.redact(statement)
                == "BACKUP DATABASE * TO 's3://b/p?access-key=xxxxx&secret-access-key=xxxxx&endpoint=http://127.0.0.1:9000'"
        )
        #expect(StatementRedaction.redact("CREATE USER u IDENTIFIED BY 'pw'") == "CREATE USER u IDENTIFIED BY 'xxxxx'")
        let error = TiDBClientError(kind: .server, errno: 8124, message: "failed", statement: statement)
        #expect(!"\(error)".contains("s3cr3t"))
    }

    @Test func goDurations() {
        #expect(Duration(goStyle: "1h2m3s") == .seconds(3723))
        #expect(Duration(goStyle: "1.5s") == .milliseconds(1500))
        #expect(Duration(goStyle: "250us") == .microseconds(250))
        #expect(Duration(goStyle: "") == nil)
        #expect(Duration(goStyle: "5") == nil)
        #expect(Duration(goStyle: "5 s") == nil)
    }
}
