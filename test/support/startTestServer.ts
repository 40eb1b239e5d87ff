// Starts the scripted server on a fixed port for the Playwright run (see test/e2e/playwright.config.ts).
import { startTestServer } from './openAiTestServer';

const portArg = process.argv.indexOf('--port');
const port = portArg >= 0 ? Number(process.argv[portArg + 1]) : 8787;
const delayArg = process.argv.indexOf('--delay-ms');
const delayMs = delayArg >= 0 ? Number(process.argv[delayArg + 1]) : 0;
const server = await startTestServer({ port, delayMs });
console.log(`scripted OpenAI-compatible server listening on ${server.url}`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
