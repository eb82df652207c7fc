public enum SessionLintVersion {
    public static let current = "0.1.0"
}
