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

    @Test func necessityInALeadingConditionSetsTheScene() {
        // What the condition needs is not what the sentence asks: its main clause is.
        #expect(classifier.classify("When you need to retry, the pool grows by one connection.")?.kind != .must)
        // A main clause that instructs keeps the necessity, and so does a lead-in or a sentence without a comma.
        #expect(classifier.classify("If you need to add HTTP headers to a request, pass them in a dict to the headers parameter.")?.kind == .must)
        #expect(classifier.classify("If you need to pass config arguments to workers then you'll have to subclass `UvicornWorker`:")?.kind == .must)
        #expect(classifier.classify("If you use the src layout you need to extend the module search path.")?.kind == .must)
    }

    @Test func onlyBeCalledRestrictsWhenImposedNotWhenDescribed() {
        #expect(classifier.classify("This method can only be called from the main thread.")?.kind == .must)
        #expect(classifier.classify("This means that the `__init__` constructor will only be called once per process.")?.kind != .must)
    }

    @Test func necessityInARelativeClauseDescribesTheNoun() {
        #expect(classifier.classify("At its most basic level, a runtime has a collection of tasks that need to be scheduled.")?.kind != .must)
        #expect(classifier.classify("Method `terminated()` can be overridden to perform any special processing that needs to be done.")?.kind != .must)
        #expect(classifier.classify("Every buffer needs to be released with `free()`.")?.kind == .must)
    }

    @Test func needAsANounAsksNothing() {
        #expect(classifier.classify("This also avoids the need to import OpenOptions.")?.kind != .must)
        #expect(classifier.classify("With write, we can avoid the need to write through a raw pointer.")?.kind != .must)
    }

    @Test func requiredToObligesOnlyWhatIsRequired() {
        #expect(classifier.classify("Callers are required to hold the lock while calling `wait()`.")?.kind == .must)
        #expect(classifier.classify("The key may be required to sign every request.")?.kind == .must)
        // After a noun the words measure, they do not oblige.
        #expect(classifier.classify("Reads the exact number of bytes required to fill buf.")?.kind != .must)
    }
}
