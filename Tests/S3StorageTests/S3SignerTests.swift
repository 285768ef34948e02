import S3Storage
import Testing

/// AWS's published SigV4 examples for S3 ("Examples of signature calculations" in the S3 API
/// reference, header-based auth): same credentials, date and bucket for all four.
@Suite struct S3SignerTests {
    let signer = S3Signer(
        credentials: .init(
            accessKeyID: "AKIAIOSFODNN7EXAMPLE",
            secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
        ),
        region: "us-east-1"
    )
    let date = SigningDate(year: 2013, month: 5, day: 24)
    let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    let host = ("host", "examplebucket.s3.amazonaws.com")

    @Test func getObjectWithRange() {
        let signature = self.signer.sign(
            .init(
                method: "GET",
                path: "/test.txt",
                headers: [self.host, ("Range", "bytes=0-9")],
                payloadHash: S3Signer.sha256Hex([])
            ),
            at: self.date
        )
        #expect(
            signature.canonicalRequest == """
                GET
                /test.txt

                host:examplebucket.s3.amazonaws.com
                range:bytes=0-9
                x-amz-content-sha256:\(self.emptyHash)
                x-amz-date:20130524T000000Z

                host;range;x-amz-content-sha256;x-amz-date
                \(self.emptyHash)
                """
        )
        #expect(
            signature.stringToSign == """
                AWS4-HMAC-SHA256
                20130524T000000Z
                20130524/us-east-1/s3/aws4_request
                7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972
                """
        )
        #expect(signature.signature == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        #expect(
            signature.authorization
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        )
        let names = signature.headers.map(\.name)
        #expect(names == ["x-amz-date", "x-amz-content-sha256", "Authorization"])
        #expect(signature.headers.first { $0.name == "x-amz-date" }?.value == "20130524T000000Z")
    }

    @Test func putObject() {
        let body = Array("Welcome to Amazon S3.".utf8)
        let payloadHash = S3Signer.sha256Hex(body)
        #expect(payloadHash == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
        let signature = self.signer.sign(
            .init(
                method: "PUT",
                path: "/" + S3Signer.uriEncode("test$file.text", keepSlash: true),
                headers: [
                    self.host, ("Date", "Fri, 24 May 2013 00:00:00 GMT"),
                    ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
                ],
                payloadHash: payloadHash
            ),
            at: self.date
        )
        #expect(signature.canonicalRequest.hasPrefix("PUT\n/test%24file.text\n\ndate:Fri, 24 May 2013 00:00:00 GMT\n"))
        #expect(
            signature.stringToSign.hasSuffix("\n9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d")
        )
        #expect(signature.signature == "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")
        #expect(
            signature.authorization.contains(
                "SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,"
            )
        )
    }

    @Test func getBucketLifecycleSignsAParameterWithoutValue() {
        let signature = self.signer.sign(
            .init(
                method: "GET",
                path: "/",
                query: [("lifecycle", "")],
                headers: [self.host],
                payloadHash: self.emptyHash
            ),
            at: self.date
        )
        #expect(signature.canonicalRequest.hasPrefix("GET\n/\nlifecycle=\n"))
        #expect(signature.signature == "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543")
    }

    @Test func listObjectsSortsTheQuery() {
        let signature = self.signer.sign(
            .init(
                method: "GET",
                path: "/",
                query: [("prefix", "J"), ("max-keys", "2")],
                headers: [self.host],
                payloadHash: self.emptyHash
            ),
            at: self.date
        )
        #expect(signature.canonicalRequest.hasPrefix("GET\n/\nmax-keys=2&prefix=J\n"))
        #expect(signature.signature == "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")
    }

    @Test func sessionTokenIsSentAndSigned() {
        var signer = self.signer
        signer.credentials.sessionToken = "token/with+chars"
        let signature = signer.sign(
            .init(method: "GET", path: "/test.txt", headers: [self.host], payloadHash: self.emptyHash),
            at: self.date
        )
        #expect(signature.headers.contains { $0.name == "x-amz-security-token" && $0.value == "token/with+chars" })
        #expect(signature.canonicalRequest.contains("\nx-amz-security-token:token/with+chars\n"))
        #expect(
            signature.authorization.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,")
        )
        // The token changes what is signed.
        let without = self.signer.sign(
            .init(method: "GET", path: "/test.txt", headers: [self.host], payloadHash: self.emptyHash),
            at: self.date
        )
        #expect(without.signature != signature.signature)
    }

    @Test func headerValuesAreTrimmedAndNamesLowercased() {
        let signature = self.signer.sign(
            .init(
                method: "GET",
                path: "/",
                headers: [("HOST", "  examplebucket.s3.amazonaws.com "), ("X-Custom", "a   b  c")],
                payloadHash: self.emptyHash
            ),
            at: self.date
        )
        #expect(signature.canonicalRequest.contains("\nhost:examplebucket.s3.amazonaws.com\nx-amz-content-sha256:"))
        #expect(signature.canonicalRequest.contains("\nx-custom:a b c\n"))
    }

    @Test func uriEncoding() {
        #expect(S3Signer.uriEncode("AZaz09-_.~") == "AZaz09-_.~")
        #expect(S3Signer.uriEncode("a b+c/d=é") == "a%20b%2Bc%2Fd%3D%C3%A9")
        #expect(S3Signer.uriEncode("backup/2024 05/a$b", keepSlash: true) == "backup/2024%2005/a%24b")
    }

    @Test func signingDates() {
        #expect(SigningDate(secondsSinceEpoch: 1_369_353_600) == self.date)
        #expect(SigningDate(secondsSinceEpoch: 1_369_353_600).amzDate == "20130524T000000Z")
        let leapDay = SigningDate(secondsSinceEpoch: 1_709_251_199)
        #expect(leapDay.amzDate == "20240229T235959Z")
        #expect(leapDay.dateStamp == "20240229")
        #expect(SigningDate(secondsSinceEpoch: -1).amzDate == "19691231T235959Z")
        #expect(SigningDate(secondsSinceEpoch: 0).amzDate == "19700101T000000Z")
    }
}
