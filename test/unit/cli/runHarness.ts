// The `scalequest run` test setup lives in test/support, shared with the remote tests.
export * from '../../support/headlessRunHarness';
