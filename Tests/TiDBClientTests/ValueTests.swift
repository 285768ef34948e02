import Foundation
import MySQLTypes
import Testing

@testable import TiDBClient

@Suite("TSO, temporal values, decoding, server info")
struct ValueTests {
    @Test func tsoParts() {
        // 2022-02-25 11:57:59.x UTC, from the seed's BACKUP output.
        let tso = TSO(rawValue: 431_434_047_157_698_561)
        #expect(tso.physicalMilliseconds == 431_434_047_157_698_561 >> 18)
        #expect(tso.logical == 1)
        #expect(TSO(physicalMilliseconds: tso.physicalMilliseconds, logical: 1) == tso)
        #expect(tso.physicalTimeText.hasPrefix("2022-02-25 11:57:"))
        #expect(tso.description.hasPrefix("431434047157698561 (2022-02-25 11:57:"))
        #expect(tso.description.hasSuffix("UTC, logical 1)"))
        #expect(abs(tso.physicalTime.timeIntervalSince1970 - Double(tso.physicalMilliseconds) / 1000) < 0.001)
        #expect(TSO(rawValue: 5) < TSO(rawValue: 6))
        #expect(TSO("123") == TSO(rawValue: 123))
        #expect(TSO("12a") == nil)
    }

    @Test func civilDatesRoundTrip() {
        for days: Int64 in [-719_468, -1, 0, 59, 365, 11_016, 19_000, 20_513, 2_932_896] {
            let (year, month, day) = CivilCalendar.date(fromDays: days)
            #expect(CivilCalendar.days(year: year, month: month, day: day) == days)
        }
        #expect(CivilCalendar.date(fromDays: 0) == (1970, 1, 1))
        #expect(CivilCalendar.date(fromDays: 11_016) == (2000, 2, 29))
    }

    @Test func timestampsAndTimes() throws {
        let stamp = try #require(SQLTimestamp(text: "2026-11-21 15:04:05.012300"))
        #expect(stamp.microsecond == 12_300)
        #expect(stamp.description == "2026-11-21 15:04:05.012300")
        #expect(stamp.date()?.timeIntervalSince1970 == 1_795_273_445.0123)
        #expect(SQLTimestamp(text: "2026-11-21")?.isDateOnly == true)
        #expect(SQLTimestamp(text: "0000-00-00 00:00:00")?.date() == nil)
        #expect(SQLTimestamp(text: "2026-13") == nil)
        let time = try #require(SQLTime(text: "-838:59:59.5"))
        #expect(time.isNegative && time.hours == 838 && time.microseconds == 500_000)
        #expect(time.duration == .zero - (.seconds(838 * 3600 + 59 * 60 + 59) + .milliseconds(500)))
        #expect(time.description == "-838:59:59.500000")
    }

    @Test func gcTimeFormat() throws {
        let date = try #require(GCTimeText.date(from: "20261121-15:04:05.250 +0100"))
        #expect(date.timeIntervalSince1970 == 1_795_269_845.25)
        #expect(GCTimeText.date(from: "2026-11-21 15:04:05") == nil)
    }

    /// A name finds the first column with that name ignoring case; an unknown name fails.
    @Test func columnLookupIgnoresCase() throws {
        let names = ColumnNames(
            ["BackupTS", "Destination", "id", "ID"].map { name in
                Column(
                    name: name,
                    table: "",
                    database: "",
                    type: .varchar,
                    length: 0,
                    flags: 0,
                    charset: 46,
                    decimals: 0
                )
            }
        )
        let row = Row(values: [.uint(1), .string("local:///b"), .int(3), .int(4)], names: names)
        #expect(try row.decode(UInt64.self, column: "backupts") == 1)
        #expect(try row.decode(String.self, column: "DESTINATION") == "local:///b")
        #expect(try row.decode(Int.self, column: "ID") == 3)
        #expect(try row.decode(Int.self, column: "id") == 3)
        #expect(try row.decode(Int.self, column: "Id") == 3)
        #expect(throws: TiDBClientError.self) { try row.decode(Int.self, column: "missing") }
    }

    @Test func serverInfo() {
        let tidb = ServerInfo(version: "8.0.11-TiDB-v8.5.8")
        #expect(tidb.isTiDB && tidb.release == "v8.5.8" && tidb.mysqlCompatibility == "8.0.11")
        let mariadb = ServerInfo(version: "10.11.19-MariaDB-0+deb12u1")
        #expect(mariadb.flavor == .mariadb && mariadb.release == "10.11.19" && mariadb.mysqlCompatibility == nil)
        let mysql = ServerInfo(version: "8.4.3")
        #expect(mysql.flavor == .mysql && mysql.release == "8.4.3" && !mysql.isTiDB)
    }

    @Test func decodingRules() throws {
        #expect(try Int64(sqlValue: .uint(5)) == 5)
        #expect(throws: TiDBClientError.self) { try Int64(sqlValue: .uint(.max)) }
        #expect(try UInt64(sqlValue: .string("18446744073709551615")) == .max)
        #expect(throws: TiDBClientError.self) { try UInt64(sqlValue: .int(-1)) }
        #expect(try Int?(sqlValue: .null) == nil)
        #expect(throws: TiDBClientError.self) { try Int(sqlValue: .null) }
        #expect(try Bool(sqlValue: .string("OFF")) == false)
        #expect(try Bool(sqlValue: .int(1)))
        #expect(throws: TiDBClientError.self) { try Bool(sqlValue: .int(2)) }
        #expect(try Decimal(sqlValue: .decimal(Decimal(string: "12.50")!)) == Decimal(string: "12.5"))
        #expect(try Int64(sqlValue: .decimal(Decimal(string: "42")!)) == 42)
        #expect(try Data(sqlValue: .bytes([0, 255])) == Data([0, 255]))
        #expect(throws: TiDBClientError.self) { try String(sqlValue: .bytes([0xFF, 0xFE])) }
        #expect(try String(sqlValue: .int(7)) == "7")
    }

    @Test func quoting() {
        #expect(SQLText.identifier("we`ird") == "`we``ird`")
        #expect(SQLText.quoted("it's a \\ path") == "'it''s a \\\\ path'")
    }
}
