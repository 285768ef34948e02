public import MySQLTypes
public import NIOCore

/// The server side of one MySQL connection as a value: it takes events (a packet arrived, the
/// host finished authenticating or executing) and returns the action the host performs.
///
/// It owns the protocol rules (phases, sequence ids, capability negotiation, which command is
/// which); the host owns I/O and everything SQL. Unexpected input never traps: it becomes an
/// ERR packet and, where the stream can no longer be trusted, closing the connection. An event
/// the host sends in the wrong state (a bug in the host, not the client) closes the connection
/// too, with `.closeAfterHostMisuse`, which the host makes loud.
public struct ConnectionStateMachine {
    public struct Configuration: Sendable {
        public var serverVersion: String
        public var connectionID: UInt32
        public var capabilities: CapabilityFlags
        public var characterSet: UInt8
        public var authPluginName: String
        /// The 20-byte scramble for this connection; it must not contain NUL bytes.
        public var scramble: [UInt8]
        public var status: ServerStatus

        public init(
            serverVersion: String,
            connectionID: UInt32,
            capabilities: CapabilityFlags,
            characterSet: UInt8,
            authPluginName: String,
            scramble: [UInt8],
            status: ServerStatus
        ) {
            self.serverVersion = serverVersion
            self.connectionID = connectionID
            self.capabilities = capabilities
            self.characterSet = characterSet
            self.authPluginName = authPluginName
            self.scramble = scramble
            self.status = status
        }
    }

    /// How to write a reply: the first sequence id and the negotiated capabilities.
    public struct ResponseContext: Sendable, Equatable {
        public var sequenceID: UInt8
        public var capabilities: CapabilityFlags

        public init(sequenceID: UInt8, capabilities: CapabilityFlags) {
            self.sequenceID = sequenceID
            self.capabilities = capabilities
        }
    }

    /// A command-phase request the host carries out.
    public enum Command: Sendable, Equatable {
        /// The SQL text's bytes, as sent (the host decides how to turn them into text).
        case query(ByteBuffer)
        case initDB(String)
        case ping
        case fieldList(table: String, wildcard: String)
        case statistics
        case resetConnection
        /// COM_SET_OPTION: multi-statements switched on or off (the machine already applied it).
        case setOption(multiStatements: Bool)
        /// COM_STMT_PREPARE: the SQL text as sent (a trailing NUL included, if any).
        /// The statement text as sent: string literals in it may be any bytes.
        case prepareStatement([UInt8])
        /// COM_STMT_EXECUTE: the statement id and the body after the command byte, at least the 9-byte
        /// header. The parameters depend on the statement, so the host decodes them
        /// (`StatementExecuteRequest.decode`).
        case executeStatement(statementID: UInt32, body: ByteBuffer)
        /// COM_STMT_SEND_LONG_DATA: the host writes nothing unless it fails (unknown statement or
        /// parameter).
        case sendLongData(StatementLongData)
        /// COM_STMT_CLOSE: the host writes nothing, ever.
        case closeStatement(UInt32)
        /// COM_STMT_RESET: the host clears the statement's long data and cursor and writes OK.
        case resetStatement(UInt32)
        /// COM_STMT_FETCH: rows from the statement's open cursor; TiDB sends at most
        /// `maximumFetchRows` per request, so `rowCount` is already capped.
        case fetch(statementID: UInt32, rowCount: UInt32)
    }

    /// TiDB caps the row count of one COM_STMT_FETCH at 1024 (`maxFetchSize`).
    public static let maximumFetchRows: UInt32 = 1024

    /// Credentials the host checks against its user accounts.
    public struct AuthenticationRequest: Sendable, Equatable {
        public enum Origin: Sendable, Equatable {
            case handshake
            case changeUser(characterSet: UInt16?)
        }

        public var origin: Origin
        public var username: String
        /// The scramble the client hashed its password with.
        public var scramble: [UInt8]
        public var authResponse: [UInt8]
        /// The plugin that computed `authResponse`.
        public var pluginName: String
        public var database: String?
        public var characterSet: UInt8
        public var clientCapabilities: CapabilityFlags
        public var attributes: [String: String]
    }

    public enum AuthenticationVerdict: Sendable, Equatable {
        case success
        case failure(MySQLError)
        /// Ask the client to answer again with this plugin (TiDB does so when the client's plugin
        /// is not the user's).
        case switchPlugin(String)
    }

    public enum Action: Sendable, Equatable {
        case sendHandshake(HandshakeV10)
        case authenticate(AuthenticationRequest)
        case sendAuthSwitchRequest(AuthSwitchRequest, ResponseContext)
        /// Authentication passed: the host writes an OK packet with the session's status.
        case sendAuthenticationOK(ResponseContext)
        case execute(Command, ResponseContext)
        case sendError(MySQLError, ResponseContext, closeConnection: Bool)
        /// Close without a reply (COM_QUIT, or the stream ended).
        case close
        /// The host called an event the state does not allow (`commandCompleted` before login,
        /// `authenticationFinished` with no authentication running, ...): a bug in the host. The
        /// machine is closed; the host closes without a reply and traps in debug builds.
        case closeAfterHostMisuse(HostMisuse)
        case wait
    }

    /// Which event came in which state, for the host's log and assertion.
    public struct HostMisuse: Sendable, Equatable, CustomStringConvertible {
        public var event: String
        public var state: String

        public init(event: String, state: String) {
            self.event = event
            self.state = state
        }

        public var description: String { "ConnectionStateMachine: \(self.event) in state \(self.state)" }
    }

    private enum State {
        case initialized
        case awaitingHandshakeResponse
        case authenticating(AuthenticationRequest, switched: Bool)
        case awaitingAuthSwitchResponse(AuthenticationRequest, expectedSequenceID: UInt8)
        case ready
        case executing
        case closed
    }

    private var state: State = .initialized
    private let configuration: Configuration
    /// Client capabilities intersected with the server's; COM_SET_OPTION toggles multi-statements.
    public private(set) var capabilities: CapabilityFlags = []
    /// The sequence id the next reply starts with.
    private var replySequenceID: UInt8 = 0
    /// Packets that arrived while a command was executing (pipelining clients).
    private var pendingPackets = CircularBuffer<MySQLPacket>()

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    private var context: ResponseContext {
        ResponseContext(sequenceID: self.replySequenceID, capabilities: self.capabilities)
    }

    // MARK: Events

    public mutating func connectionEstablished() -> Action {
        guard case .initialized = self.state else { return self.misuse("connectionEstablished") }
        self.state = .awaitingHandshakeResponse
        return .sendHandshake(
            HandshakeV10(
                serverVersion: self.configuration.serverVersion,
                connectionID: self.configuration.connectionID,
                authPluginData: self.configuration.scramble,
                capabilities: self.configuration.capabilities,
                characterSet: self.configuration.characterSet,
                status: self.configuration.status,
                authPluginName: self.configuration.authPluginName
            )
        )
    }

    public mutating func packetReceived(_ packet: MySQLPacket) -> Action {
        switch self.state {
        case .initialized, .closed:
            return .close
        case .awaitingHandshakeResponse:
            return self.handshakeResponseReceived(packet)
        case .awaitingAuthSwitchResponse(var request, let expected):
            guard packet.sequenceID == expected else {
                return self.sequenceError(received: packet.sequenceID, expected: expected, after: packet)
            }
            self.replySequenceID = packet.lastSequenceID &+ 1
            request.authResponse = Array(packet.payload.readableBytesView)
            self.state = .authenticating(request, switched: true)
            return .authenticate(request)
        case .authenticating, .executing:
            // The running command may take long (a lock wait): later commands wait their turn
            // and nothing is answered until the host calls `commandCompleted`.
            self.pendingPackets.append(packet)
            return .wait
        case .ready:
            guard self.pendingPackets.isEmpty else {
                // Queued packets go first.
                self.pendingPackets.append(packet)
                return self.nextPendingPacket()
            }
            return self.commandReceived(packet)
        }
    }

    public mutating func authenticationFinished(_ verdict: AuthenticationVerdict) -> Action {
        guard case .authenticating(var request, let switched) = self.state else {
            return self.misuse("authenticationFinished")
        }
        let isChangeUser = request.origin != .handshake
        switch verdict {
        case .success:
            self.state = .ready
            return .sendAuthenticationOK(self.finishReply())
        case .failure(let error):
            // A failed COM_CHANGE_USER ends the connection too, as in MySQL and TiDB.
            self.state = .closed
            return .sendError(error, self.finishReply(), closeConnection: true)
        case .switchPlugin(let plugin) where !switched:
            let context = self.context
            request.pluginName = plugin
            self.state = .awaitingAuthSwitchResponse(request, expectedSequenceID: context.sequenceID &+ 1)
            return .sendAuthSwitchRequest(
                AuthSwitchRequest(pluginName: plugin, pluginData: request.scramble),
                context
            )
        case .switchPlugin(let plugin):
            self.state = .closed
            let what = isChangeUser ? "COM_CHANGE_USER" : "handshake"
            return .sendError(
                .unsupportedAuthentication(detail: "client did not switch to \(plugin) during \(what)"),
                self.finishReply(),
                closeConnection: true
            )
        }
    }

    /// The host wrote the reply to the current command (or an error or OK packet the machine asked
    /// for in the command phase); returns work for a queued packet, if any. Packets that arrive
    /// while a command runs (pipelining clients, or a statement waiting for a lock) are only taken
    /// up here, in order.
    public mutating func commandCompleted() -> Action {
        switch self.state {
        case .executing:
            self.state = .ready
            return self.nextPendingPacket()
        case .ready:
            return self.nextPendingPacket()
        case .initialized, .awaitingHandshakeResponse, .authenticating, .awaitingAuthSwitchResponse, .closed:
            return self.misuse("commandCompleted")
        }
    }

    /// The framing layer rejected the stream; the connection cannot continue.
    public mutating func framingFailed(_ error: MySQLFramingError) -> Action {
        let reply = self.context
        self.state = .closed
        switch error.kind {
        case .packetTooLarge:
            return .sendError(.packetTooLarge, reply, closeConnection: true)
        case .outOfOrderContinuation(let expected, let received):
            return .sendError(.invalidSequence(received: received, expected: expected), reply, closeConnection: true)
        case .incompletePacketAtClose:
            return .close
        }
    }

    public mutating func connectionClosed() {
        self.state = .closed
    }

    // MARK: Connection phase

    private mutating func handshakeResponseReceived(_ packet: MySQLPacket) -> Action {
        guard packet.sequenceID == 1 else {
            return self.sequenceError(received: packet.sequenceID, expected: 1, after: packet)
        }
        self.replySequenceID = packet.lastSequenceID &+ 1
        var payload = packet.payload
        if let caps = payload.getInteger(at: payload.readerIndex, endianness: .little, as: UInt16.self),
            !CapabilityFlags(rawValue: UInt32(caps)).contains(.protocol41)
        {
            self.state = .closed
            return .sendError(.unsupportedAuthentication(detail: nil), self.context, closeConnection: true)
        }
        guard let response = HandshakeResponse41.decode(from: &payload) else {
            // A bare SSLRequest lands here too: this server offers no TLS.
            self.state = .closed
            return .sendError(.malformedPacket, self.context, closeConnection: true)
        }
        self.capabilities = response.capabilities.intersection(self.configuration.capabilities)
        let plugin = response.authPluginName.flatMap { $0.isEmpty ? nil : $0 } ?? "mysql_native_password"
        var attributes: [String: String] = [:]
        for (key, value) in response.attributes { attributes[key] = value }
        let request = AuthenticationRequest(
            origin: .handshake,
            username: response.username,
            scramble: self.configuration.scramble,
            authResponse: response.authResponse,
            pluginName: plugin,
            database: response.capabilities.contains(.connectWithDB)
                ? response.database.flatMap { $0.isEmpty ? nil : $0 } : nil,
            characterSet: response.characterSet,
            clientCapabilities: response.capabilities,
            attributes: attributes
        )
        self.state = .authenticating(request, switched: false)
        return .authenticate(request)
    }

    // MARK: Command phase

    private mutating func commandReceived(_ packet: MySQLPacket) -> Action {
        guard packet.sequenceID == 0 else {
            return self.sequenceError(received: packet.sequenceID, expected: 0, after: packet)
        }
        self.replySequenceID = packet.lastSequenceID &+ 1
        var payload = packet.payload
        guard let rawCode = payload.readInteger(as: UInt8.self) else {
            self.state = .closed
            return .sendError(.malformedPacket, self.context, closeConnection: true)
        }
        let code = CommandCode(rawValue: rawCode)
        switch code {
        case .quit:
            self.state = .closed
            return .close
        case .query:
            return self.execute(.query(payload))
        case .initDB:
            return self.execute(.initDB(payload.readString(length: payload.readableBytes) ?? ""))
        case .ping:
            return self.execute(.ping)
        case .statistics:
            return self.execute(.statistics)
        case .resetConnection:
            return self.execute(.resetConnection)
        case .fieldList:
            let table = payload.readNullTerminatedString() ?? payload.readString(length: payload.readableBytes) ?? ""
            let wildcard = payload.readString(length: payload.readableBytes) ?? ""
            return self.execute(.fieldList(table: table, wildcard: wildcard))
        case .setOption:
            switch payload.readInteger(endianness: .little, as: UInt16.self) {
            case 0:
                self.capabilities.insert(.multiStatements)
                return self.execute(.setOption(multiStatements: true))
            case 1:
                self.capabilities.remove(.multiStatements)
                return self.execute(.setOption(multiStatements: false))
            default:
                return self.malformed()
            }
        case .statementPrepare:
            return self.execute(.prepareStatement(Array(payload.readableBytesView)))
        case .statementExecute:
            // TiDB calls a body without the statement id, flags and iteration count malformed
            // before it looks the statement up.
            guard let statementID = StatementExecuteRequest.peekStatementID(payload) else {
                return self.malformed()
            }
            return self.execute(.executeStatement(statementID: statementID, body: payload))
        case .statementSendLongData:
            guard let longData = StatementLongData.decode(from: &payload) else { return self.malformed() }
            return self.execute(.sendLongData(longData))
        case .statementClose:
            // Never answered; TiDB ignores a body too short to name a statement.
            guard let statementID = payload.readInteger(endianness: .little, as: UInt32.self) else {
                return self.nextPendingPacket()
            }
            return self.execute(.closeStatement(statementID))
        case .statementReset:
            guard let statementID = payload.readInteger(endianness: .little, as: UInt32.self) else {
                return self.malformed()
            }
            return self.execute(.resetStatement(statementID))
        case .statementFetch:
            guard payload.readableBytes == 8,
                let statementID = payload.readInteger(endianness: .little, as: UInt32.self),
                let rowCount = payload.readInteger(endianness: .little, as: UInt32.self)
            else { return self.malformed() }
            return self.execute(.fetch(statementID: statementID, rowCount: min(rowCount, Self.maximumFetchRows)))
        case .changeUser:
            guard let change = ChangeUserRequest.decode(from: &payload, capabilities: self.capabilities) else {
                return self.malformed()
            }
            let request = AuthenticationRequest(
                origin: .changeUser(characterSet: change.characterSet),
                username: change.username,
                scramble: self.configuration.scramble,
                authResponse: change.authResponse,
                pluginName: change.authPluginName.flatMap { $0.isEmpty ? nil : $0 } ?? "mysql_native_password",
                database: change.database,
                characterSet: UInt8(truncatingIfNeeded: change.characterSet ?? UInt16(self.configuration.characterSet)),
                clientCapabilities: self.capabilities,
                attributes: [:]
            )
            self.state = .authenticating(request, switched: false)
            return .authenticate(request)
        default:
            return .sendError(.unknownCommand(code), self.context, closeConnection: false)
        }
    }

    private mutating func execute(_ command: Command) -> Action {
        self.state = .executing
        return .execute(command, self.context)
    }

    /// A command body TiDB cannot parse: ERR, and the connection goes on.
    private func malformed() -> Action {
        .sendError(.malformedPacket, self.context, closeConnection: false)
    }

    private mutating func finishReply() -> ResponseContext {
        let context = self.context
        self.replySequenceID = 0
        return context
    }

    /// An event in a state that does not allow it. A closed connection has nothing left to do
    /// (a command may close its own connection, KILL CONNECTION_ID(), before it completes);
    /// in any other state the machine closes.
    private mutating func misuse(_ event: String) -> Action {
        if case .closed = self.state { return .wait }
        let misuse = HostMisuse(event: event, state: self.stateName)
        self.state = .closed
        return .closeAfterHostMisuse(misuse)
    }

    private var stateName: String {
        switch self.state {
        case .initialized: "initialized"
        case .awaitingHandshakeResponse: "awaitingHandshakeResponse"
        case .authenticating: "authenticating"
        case .awaitingAuthSwitchResponse: "awaitingAuthSwitchResponse"
        case .ready: "ready"
        case .executing: "executing"
        case .closed: "closed"
        }
    }

    private mutating func nextPendingPacket() -> Action {
        guard case .ready = self.state, let packet = self.pendingPackets.popFirst() else { return .wait }
        return self.commandReceived(packet)
    }

    private mutating func sequenceError(received: UInt8, expected: UInt8, after packet: MySQLPacket) -> Action {
        self.state = .closed
        let reply = ResponseContext(sequenceID: packet.lastSequenceID &+ 1, capabilities: self.capabilities)
        return .sendError(.invalidSequence(received: received, expected: expected), reply, closeConnection: true)
    }
}
