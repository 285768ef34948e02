import MySQLTypes
import MySQLWire
import Testing

/// The one zero-padding helper and the one temporal text formatter (MySQLTypes), and the wire's
/// temporal values as text.
@Suite struct TemporalTextTests {
    @Test func zeroPaddingCountsTheSignAndKeepsWideNumbers() {
        #expect(7.zeroPadded(2) == "07")
        #expect(0.zeroPadded(3) == "000")
        #expect(2024.zeroPadded(4) == "2024")
        #expect(12345.zeroPadded(4) == "12345")
        #expect(5.zeroPadded(0) == "5")
        // C's and Go's `%03d`: the sign takes one of the three places.
        #expect((-5).zeroPadded(3) == "-05")
        #expect((-5).zeroPadded(1) == "-5")
        #expect(Int64.min.zeroPadded(2) == "-9223372036854775808")
        #expect(UInt8(9).zeroPadded(2) == "09")
        #expect(UInt64.max.zeroPadded(2) == "18446744073709551615")
        #expect(Int32(3).zeroPadded(6) == "000003")
    }

    @Test func datesAndDatetimes() {
        #expect(TemporalText.date(year: 7, month: 1, day: 2) == "0007-01-02")
        let fields = (year: 2024, month: 9, day: 19, hour: 3, minute: 4, second: 5)
        func datetime(_ microsecond: Int, _ digits: Int?) -> String {
            TemporalText.datetime(
                year: fields.year,
                month: fields.month,
                day: fields.day,
                hour: fields.hour,
                minute: fields.minute,
                second: fields.second,
                microsecond: microsecond,
                fractionDigits: digits
            )
        }
        // The binary protocol's rule: six digits or none.
        #expect(datetime(0, nil) == "2024-09-19 03:04:05")
        #expect(datetime(120, nil) == "2024-09-19 03:04:05.000120")
        // A column's precision: exactly that many digits, truncated.
        #expect(datetime(0, 0) == "2024-09-19 03:04:05")
        #expect(datetime(0, 3) == "2024-09-19 03:04:05.000")
        #expect(datetime(123_999, 3) == "2024-09-19 03:04:05.123")
        #expect(datetime(5, 6) == "2024-09-19 03:04:05.000005")
    }

    @Test func timesFoldDaysIntoHoursAndKeepTheSign() {
        #expect(TemporalText.time(negative: false, hours: 0, minutes: 0, seconds: 0, microseconds: 0) == "00:00:00")
        #expect(
            TemporalText.time(negative: true, hours: 838, minutes: 59, seconds: 59, microseconds: 0) == "-838:59:59"
        )
        #expect(
            TemporalText.time(negative: false, hours: 1, minutes: 2, seconds: 3, microseconds: 40) == "01:02:03.000040"
        )
        #expect(
            TemporalText.time(
                negative: false,
                hours: 1,
                minutes: 2,
                seconds: 3,
                microseconds: 500_000,
                fractionDigits: 1
            )
                == "01:02:03.5"
        )
        let time = BinaryValue.time(
            negative: true,
            days: 2,
            hours: 3,
            minutes: 4,
            seconds: 5,
            microseconds: 6
        )
        #expect(time.temporalText == "-51:04:05.000006")
        #expect(BinaryValue.date(year: 2024, month: 2, day: 29).temporalText == "2024-02-29")
        #expect(
            BinaryValue.datetime(year: 1, month: 2, day: 3, hour: 4, minute: 5, second: 6, microsecond: 0).temporalText
                == "0001-02-03 04:05:06"
        )
        #expect(BinaryValue.int(1).temporalText == nil)
    }
}
