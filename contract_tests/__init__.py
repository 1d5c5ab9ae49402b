"""Contract suites of the CSBS replicate API: schemathesis and Hypothesis against a target
chosen at run time (see `contract_tests.target` and `contract_tests.conftest`)."""
