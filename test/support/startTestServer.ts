// Starts the scripted server on a fixed port for the Playwright run (see test/e2e/playwright.config.ts).
import { loadScriptedQuestions, startTestServer } from './openAiTestServer';

const portArg = process.argv.indexOf('--port');
const port = portArg >= 0 ? Number(process.argv[portArg + 1]) : 8787;
// 'hostile-math' answers with XSS payloads (test/e2e/untrustedOutput.spec.ts).
const server = await startTestServer({
  port,
  extraModels: { 'hostile-math': loadScriptedQuestions('hostile-math') },
});
console.log(`scripted OpenAI-compatible server listening on ${server.url}`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
