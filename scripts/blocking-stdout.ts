/**
 * Loaded into every test file's process by run-node-tests.ts: makes its stdout (the pipe that
 * carries each test's verdict to the runner) blocking. With `--test-force-exit` a test process
 * exits as soon as its last test ends, and on Linux, where pipe writes are asynchronous, the last
 * verdicts could still be buffered: the runner then reported fewer tests than ran, and a failure
 * among them could go unreported (nodejs/node#64833; seen here as 611 of 635 unit tests
 * reported, the rest of one file missing, exit code 0).
 */
const handle = (process.stdout as unknown as { _handle?: { setBlocking?: (blocking: boolean) => void } })._handle;
handle?.setBlocking?.(true);
