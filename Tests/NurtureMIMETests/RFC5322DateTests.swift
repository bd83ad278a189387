import Foundation
import NurtureMIME
import Testing

struct RFC5322DateTests {
    @Test func datesAreWrittenInUTCWithTheWeekday() throws {
        #expect(try RFC5322Date.format(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(try RFC5322Date.format(Samples.date) == "Thu, 05 Mar 2026 09:07:03 +0000")
        #expect(try RFC5322Date.format(Date(timeIntervalSince1970: 951_782_400)) == "Tue, 29 Feb 2000 00:00:00 +0000")
        #expect(try RFC5322Date.format(Date(timeIntervalSince1970: 4_102_444_799)) == "Thu, 31 Dec 2099 23:59:59 +0000")
        #expect(try RFC5322Date.format(Date(timeIntervalSince1970: -1)) == "Wed, 31 Dec 1969 23:59:59 +0000")
    }

    @Test func everyDayOfSomeYearsMatchesFoundation() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        var seconds: Int64 = -2_208_988_800 // 1900-01-01
        while seconds < 4_200_000_000 {
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            #expect(try RFC5322Date.format(date) == formatter.string(from: date))
            seconds += 86_400 * 37 + 3_671
        }
    }

    @Test func yearsOutsideRFC5322AreRefused() {
        #expect(throws: MessageError.dateOutOfRange) { try RFC5322Date.format(Date(timeIntervalSince1970: -2_300_000_000)) }
        #expect(throws: MessageError.dateOutOfRange) { try RFC5322Date.format(Date(timeIntervalSince1970: 253_402_300_800)) } // 10000-01-01
        #expect(throws: MessageError.dateOutOfRange) { try RFC5322Date.format(Date(timeIntervalSince1970: -2_208_988_801)) } // 1899-12-31
        #expect(throws: MessageError.dateOutOfRange) { try RFC5322Date.format(Date(timeIntervalSince1970: .nan)) }
    }
}
