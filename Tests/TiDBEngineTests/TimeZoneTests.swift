import Testing

@testable import TiDBEngine

@Suite struct TimeZoneTests {
    static func seconds(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 12) -> Int64 {
        SQLDateTime(year: year, month: month, day: day, hour: hour).microsecondsSinceEpoch(offsetSeconds: 0) / 1_000_000
    }

    @Test func namedZonesFromTheSystemDatabase() throws {
        let shanghai = try #require(TZifZone.named("Asia/Shanghai"))
        #expect(shanghai.offsetSeconds(at: Self.seconds(2024, 9, 19)) == 8 * 3600)
        let berlin = try #require(TZifZone.named("Europe/Berlin"))
        #expect(berlin.offsetSeconds(at: Self.seconds(2026, 1, 15)) == 3600)
        #expect(berlin.offsetSeconds(at: Self.seconds(2026, 7, 15)) == 7200)
        // 2026-03-29 01:00 UTC is when Berlin moves to summer time.
        #expect(berlin.offsetSeconds(at: Self.seconds(2026, 3, 29, 0) + 3599) == 3600)
        #expect(berlin.offsetSeconds(at: Self.seconds(2026, 3, 29, 1)) == 7200)
        #expect(TZifZone.named("Mars/Olympus") == nil)
        #expect(TZifZone.named("../../etc/passwd") == nil)
    }

    @Test func posixFooterRulesAgreeWithTheTable() throws {
        let newYork = try #require(POSIXTimeZoneRule("EST5EDT,M3.2.0,M11.1.0"))
        let table = try #require(TZifZone.named("America/New_York"))
        for (year, month, day) in [(2030, 1, 10), (2030, 3, 10), (2030, 7, 4), (2030, 11, 3), (2030, 12, 24)] {
            for hour in [0, 5, 6, 7, 12] {
                let instant = Self.seconds(year, month, day, hour)
                #expect(
                    newYork.offset(at: instant) == table.offsetSeconds(at: instant),
                    "\(year)-\(month)-\(day) \(hour):00"
                )
            }
        }
        // Beyond any table: the rule decides.
        #expect(table.offsetSeconds(at: Self.seconds(2090, 7, 1)) == -4 * 3600)
        #expect(table.offsetSeconds(at: Self.seconds(2090, 12, 1)) == -5 * 3600)
        let sydney = try #require(POSIXTimeZoneRule("AEST-10AEDT,M10.1.0,M4.1.0/3"))
        #expect(sydney.offset(at: Self.seconds(2090, 1, 15)) == 11 * 3600)
        #expect(sydney.offset(at: Self.seconds(2090, 7, 15)) == 10 * 3600)
        #expect(POSIXTimeZoneRule("<+0330>-3:30") == POSIXTimeZoneRule("IRST-3:30"))
        #expect(POSIXTimeZoneRule("<+0330>-3:30")?.offset(at: 0) == 12_600)
    }

    @Test func sessionTimeZonesUseTheDatabase() throws {
        let session = try EngineFixture().session()
        session.run("SET time_zone = 'Asia/Shanghai'")
        #expect(try session.scalar("SELECT TIDB_PARSE_TSO(452654700157468673)") == "2024-09-19 18:10:46.963000")
        session.run("SET time_zone = 'America/New_York'")
        #expect(try session.scalar("SELECT TIDB_PARSE_TSO(452654700157468673)") == "2024-09-19 06:10:46.963000")
        #expect(try session.scalar("SELECT NOW()") == "2024-09-19 06:10:46")
    }
}
