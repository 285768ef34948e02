import Testing

@testable import S3Storage

@Suite struct S3ListResponseTests {
    @Test func keysPagesAndEntities() {
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix>p/</Prefix>\
            <KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>true</IsTruncated>\
            <Contents><Key>p/a&amp;b&lt;c&gt;&#x41;&#66;</Key><Size>3</Size></Contents>\
            <Contents><Key>p/z</Key><Size>0</Size></Contents>\
            <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken></ListBucketResult>
            """
        let page = S3ListResponse(Array(body.utf8))
        #expect(page.keys == ["p/a&b<c>AB", "p/z"])
        #expect(page.isTruncated)
        #expect(page.nextContinuationToken == "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=")
        let last = S3ListResponse(Array("<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>".utf8))
        #expect(last == S3ListResponse(keys: [], isTruncated: false, nextContinuationToken: nil))
    }
}
