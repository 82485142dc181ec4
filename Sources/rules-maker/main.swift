import RulesMakerCLI

await RulesMakerMain.run()
