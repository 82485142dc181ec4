import Extract
import RulesMakerCore
import Testing

@Suite struct NecessityTests {
    let classifier = GuidanceClassifier()

    @Test func assertedNecessityIsAMust() {
        #expect(classifier.classify("You need to call `close()` before the process exits.")?.kind == .must)
        #expect(classifier.classify("Every handler has to return a response object.")?.kind == .must)
    }

    @Test func negatedNecessityIsNotAMust() {
        for s in ["This part isn't something you need to know, but you may be interested.",
                  "You don't have to configure anything for local development.",
                  "There is no need to call `flush()` yourself; it does not need to be called."] {
            #expect(classifier.classify(s)?.kind != .must, "\(s)")
        }
    }

    @Test func hedgedNecessityIsAdvice() {
        let m = classifier.classify("In rare or extreme cases you might need to run subtasks synchronously.")
        #expect(m?.kind != .must)
    }

    @Test func onlyBeCalledRestrictsWhenImposedNotWhenDescribed() {
        #expect(classifier.classify("This method can only be called from the main thread.")?.kind == .must)
        #expect(classifier.classify("This means that the `__init__` constructor will only be called once per process.")?.kind != .must)
    }
}
