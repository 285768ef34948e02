import MySQLTypes

/// The instant a request is signed, in the two UTC forms SigV4 uses (`20130524T000000Z` and
/// `20130524`). Computed from epoch seconds by hand: the package avoids Foundation.
public struct SigningDate: Sendable, Equatable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// UTC calendar fields of a Unix time .
    public init(secondsSinceEpoch: Int64) {
        let days = secondsSinceEpoch >= 0 ? secondsSinceEpoch / 86_400 : (secondsSinceEpoch - 86_399) / 86_400
        let secondOfDay = Int(secondsSinceEpoch - days * 86_400)
        let (year, month, day) = CivilCalendar.date(fromDays: days)
        self.init(
            year: year,
            month: month,
            day: day,
            hour: secondOfDay / 3600,
            minute: secondOfDay / 60 % 60,
            second: secondOfDay % 60
        )
    }

    /// `yyyyMMdd`, the credential scope's date.
    public var dateStamp: String {
        self.year.zeroPadded(4) + self.month.zeroPadded(2) + self.day.zeroPadded(2)
    }

    /// `yyyyMMdd'T'HHmmss'Z'`, the `x-amz-date` header.
    public var amzDate: String {
        "\(self.dateStamp)T\(self.hour.zeroPadded(2))\(self.minute.zeroPadded(2))\(self.second.zeroPadded(2))Z"
    }
}
