import MySQLTypes

/// `validate_password.*` as TiDB applies it to clear-text passwords of CREATE USER, ALTER USER
/// and SET PASSWORD (`pkg/sessionctx/variable/validator.go`): the session user's name, then the
/// length, then (MEDIUM, STRONG) the character classes.
extension Session {
    /// Plugins whose passwords TiDB validates.
    static let validatedPlugins: Set<String> = [
        NativePassword.pluginName, CachingSHA2Password.pluginName, "tidb_sm3_password",
    ]

    private func globalInteger(_ name: String) -> Int {
        SystemVariables.definition(name).flatMap { Int(self.globalValue($0)) } ?? 0
    }

    private func globalText(_ name: String) -> String {
        SystemVariables.definition(name).map(self.globalValue) ?? ""
    }

    /// 1819 when `validate_password.enable` is ON and the password breaks the policy. `plugin` is
    /// the account's plugin after the statement; a hashed (`AS`, `BY PASSWORD`) value is not checked.
    func validatePassword(_ authentication: AccountAuthentication?, plugin: String) throws(MySQLError) {
        guard Self.validatedPlugins.contains(plugin), authentication?.hashed == nil,
            ["ON", "1"].contains(self.globalText("validate_password.enable").uppercased())
        else { return }
        let password = authentication?.password ?? ""
        if let problem = self.passwordProblem(password) {
            throw .tidb(1819, "HY000", "Your password does not satisfy the current policy requirements (\(problem))")
        }
    }

    private func passwordProblem(_ password: String) -> String? {
        if ["ON", "1"].contains(self.globalText("validate_password.check_user_name").uppercased()) {
            for name in Set([self.identity.account.name, self.identity.user]) where !name.isEmpty {
                if password.contains(name) { return "Password Contains User Name" }
                if password.contains(String(name.reversed())) { return "Password Contains Reversed User Name" }
            }
        }
        let length = self.globalInteger("validate_password.length")
        if password.unicodeScalars.count < length { return "Require Password Length: \(length)" }
        let policy = self.globalText("validate_password.policy").uppercased()
        if policy == "LOW" || policy == "0" { return nil }
        var (lower, upper, digits, special) = (0, 0, 0, 0)
        for scalar in password.unicodeScalars {
            if scalar.properties.isUppercase {
                upper += 1
            } else if scalar.properties.isLowercase {
                lower += 1
            } else if scalar.properties.numericType == .decimal {
                digits += 1
            } else {
                special += 1
            }
        }
        let mixed = self.globalInteger("validate_password.mixed_case_count")
        if lower < mixed { return "Require Password Lowercase Count: \(mixed)" }
        if upper < mixed { return "Require Password Uppercase Count: \(mixed)" }
        let numbers = self.globalInteger("validate_password.number_count")
        if digits < numbers { return "Require Password Digit Count: \(numbers)" }
        let specials = self.globalInteger("validate_password.special_char_count")
        if special < specials { return "Require Password Non-alphanumeric Count: \(specials)" }
        return nil
    }
}
