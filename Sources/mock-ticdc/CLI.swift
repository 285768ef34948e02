import ArgumentParser
import TiCDCCLI

#if canImport(Glibc)
import Glibc
#endif

struct CLI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cli",
        abstract: "cdc cli v8.5 over OpenAPI v2: works against mock-ticdc and a real TiCDC.",
        subcommands: [Changefeed.self, Capture.self, TSOCommand.self]
    )
}

struct Changefeed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        subcommands: [Create.self, Query.self, List.self, Pause.self, Resume.self, Remove.self, Update.self]
    )
}

/// `-c/--changefeed-id` and `-n/--namespace`.
struct ChangefeedTarget: ParsableArguments {
    @Option(name: [.customShort("c"), .customLong("changefeed-id")], help: "Replication task (changefeed) ID.")
    var changefeedID: String

    @Option(name: [.customShort("n"), .long], help: "Namespace of the changefeed.")
    var namespace = "default"
}

/// A TOML file as `--config` names it.
func readConfig(_ path: String?) throws -> (path: String, text: String)? {
    guard let path else { return nil }
    guard let file = fopen(path, "r") else { throw ValidationError("cannot open --config \(path)") }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count <= 0 { break }
        bytes += buffer[0..<count]
    }
    return (path, String(decoding: bytes, as: UTF8.self))
}

extension Changefeed {
    struct Create: AsyncParsableCommand {
        @OptionGroup var global: CLIOptions
        @Option(
            name: [.customShort("c"), .customLong("changefeed-id")],
            help: "Changefeed ID (the server picks one when empty)."
        )
        var changefeedID = ""
        @Option(name: [.customShort("n"), .long]) var namespace = "default"
        @Option(name: .customLong("sink-uri"), help: "Downstream, mysql://user:password@host:port/") var sinkURI = ""
        @Option(name: .customLong("start-ts"), help: "0: now.") var startTS: UInt64 = 0
        @Option(name: .customLong("target-ts"), help: "0: never finish.") var targetTS: UInt64 = 0
        @Option(name: .customLong("config"), help: "Changefeed configuration, TOML.") var config: String?
        @Flag(name: .customLong("no-confirm"), help: "Do not ask.") var noConfirm = false
        @Flag(name: .customLong("disable-gc-check")) var disableGCCheck = false
        @Option(
            name: .customLong("upstream-pd"),
            help: ArgumentHelp("Another upstream's PD, comma-separated (a reverse changefeed).", visibility: .hidden)
        )
        var upstreamPD: String?

        func run() async throws {
            var options = CLICommands.CreateOptions()
            options.upstreamPD = self.upstreamPD.map { $0.split(separator: ",").map(String.init) }
            options.changefeedID = self.changefeedID
            options.namespace = self.namespace
            options.sinkURI = self.sinkURI
            options.startTS = self.startTS
            options.targetTS = self.targetTS
            options.config = try readConfig(self.config)
            options.noConfirm = self.noConfirm
            options.disableGCCheck = self.disableGCCheck
            let chosen = options
            try await self.global.run { await $0.create(chosen) }
        }
    }

    struct Query: AsyncParsableCommand {
        @OptionGroup var global: CLIOptions
        @OptionGroup var target: ChangefeedTarget
        @Flag(name: [.customShort("s"), .long], help: "The list's summary only.") var simple = false

        func run() async throws {
            let (id, namespace, simple) = (self.target.changefeedID, self.target.namespace, self.simple)
            try await self.global.run { await $0.query(id, namespace: namespace, simple: simple) }
        }
    }

    struct List: AsyncParsableCommand {
        @OptionGroup var global: CLIOptions
        @Option(name: [.customShort("n"), .long]) var namespace = "default"
        @Flag(name: [.customShort("a"), .long], help: "Finished and removed changefeeds too.") var all = false

        func run() async throws {
            let (namespace, all) = (self.namespace, self.all)
            try await self.global.run { await $0.list(namespace: namespace, all: all) }
        }
    }

    struct Pause: AsyncParsableCommand {
        @OptionGroup var global: CLIOptions
        @OptionGroup var target: ChangefeedTarget

        func run() async throws {
            let (id, namespace) = (self.target.changefeedID, self.target.namespace)
            try await self.global.run { await $0.pause(id, namespace: namespace) }
        }
    }

    struct Resume: AsyncParsableCommand {
        @OptionGroup var global: CLIOptions
        @OptionGroup var target: ChangefeedTarget
        @Option(name: .customLong("overwrite-checkpoint-ts"), help: "now, or a TSO.") var overwriteCheckpointTS: String?
        @Flag(name: .customLong("no-confirm")) var noConfirm = false

        func run() async throws {
            let (id, namespace, overwrite, noConfirm) =
                (self.target.changefeedID, self.target.namespace, self.overwriteCheckpointTS, self.noConfirm)
            try await self.global.run {
                await $0.resume(id, namespace: namespace, overwrite: overwrite, noConfirm: noConfirm)
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        @OptionGroup var global: CLIOptions
        @OptionGroup var target: ChangefeedTarget

        func run() async throws {
            let (id, namespace) = (self.target.changefeedID, self.target.namespace)
            try await self.global.run { await $0.remove(id, namespace: namespace) }
        }
    }

    struct Update: AsyncParsableCommand {
        @OptionGroup var global: CLIOptions
        @OptionGroup var target: ChangefeedTarget
        @Option(name: .customLong("sink-uri")) var sinkURI: String?
        @Option(name: .customLong("target-ts")) var targetTS: UInt64?
        @Option(name: .customLong("config")) var config: String?
        @Flag(name: .customLong("no-confirm")) var noConfirm = false

        func run() async throws {
            var options = CLICommands.UpdateOptions()
            options.sinkURI = self.sinkURI
            options.targetTS = self.targetTS
            options.config = try readConfig(self.config)
            options.noConfirm = self.noConfirm
            let (id, namespace, chosen) = (self.target.changefeedID, self.target.namespace, options)
            try await self.global.run { await $0.update(id, namespace: namespace, chosen) }
        }
    }
}

struct Capture: AsyncParsableCommand {
    static let configuration = CommandConfiguration(subcommands: [List.self])

    struct List: AsyncParsableCommand {
        @OptionGroup var global: CLIOptions

        func run() async throws {
            try await self.global.run { await $0.captureList() }
        }
    }
}

struct TSOCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tso", subcommands: [Query.self])

    struct Query: AsyncParsableCommand {
        @OptionGroup var global: CLIOptions

        func run() async throws {
            try await self.global.run { await $0.tsoQuery() }
        }
    }
}
