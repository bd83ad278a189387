@testable import NurtureRender
import Testing

@Suite struct URLAttributeCheckTests {
    @Test(arguments: [
        "javascript:alert(1)", "JaVaScRiPt:alert(1)", " java\tscript:alert(1)", "\u{1}javascript:x", "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox", "javascript&colon;alert(1)", "jav&#x09;ascript:alert(1)", "file:///etc/passwd", "ftp://x.example/",
    ])
    func refused(url: String) {
        #expect(!URLAttributeCheck.isAllowed(url), "\(url)")
        #expect(URLAttributeCheck.firstRefused(in: "<p><a class=\"x\" href=\"\(url)\">go</a></p>")?.attribute == "href")
    }

    @Test(arguments: ["https://n.example/a?b=c", "http://n.example", "mailto:hi@n.example", "/relative/path", "#top", "page.html", "?q=1", ""])
    func allowed(url: String) {
        #expect(URLAttributeCheck.isAllowed(url), "\(url)")
        #expect(URLAttributeCheck.firstRefused(in: "<a href='\(url)'>x</a><img src=\(url.isEmpty ? "x.png" : url)>") == nil)
    }

    @Test func everyURLAttributeAndOnlyThoseAreChecked() {
        #expect(URLAttributeCheck.firstRefused(in: "<img SRC = \"javascript:x\">")?.attribute == "src")
        #expect(URLAttributeCheck.firstRefused(in: "<form action=javascript:x>")?.attribute == "action")
        #expect(URLAttributeCheck.firstRefused(in: "<img srcset=\"https://a.example/1.png 1x, javascript:x 2x\">")?.attribute == "srcset")
        #expect(URLAttributeCheck.firstRefused(in: "<p title=\"javascript:x\">javascript:alert(1) in text is text</p>") == nil)
    }
}
