/// Entry point used by the `rules-maker` executable.
public enum RulesMakerMain {
    public static func run() async {}
}
