// Drives an MCP server over stdio with the official TypeScript SDK client, step by step, and prints
// one JSON document with everything that happened. Used by tests/src/test/java/dev/swarm/tests/McpIT.java.
//
//   node driver.mjs plan.json
//
// plan.json: {"command": "...", "args": [...], "env": {...},
//             "steps": [{"op": "list"} | {"op": "call", "name": "...", "arguments": {...},
//                        "timeout_ms": 60000, "progress": false}]}
// output:    {"server": {...}, "steps": [{"op", "name"?, "elapsed_ms", "tools" | "result" | "error"}],
//             "transport_errors": [...], "stderr": "..."}
import { readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport, getDefaultEnvironment } from "@modelcontextprotocol/sdk/client/stdio.js";

const plan = JSON.parse(readFileSync(process.argv[2], "utf8"));
const transport = new StdioClientTransport({
  command: plan.command,
  args: plan.args ?? [],
  env: { ...getDefaultEnvironment(), ...(plan.env ?? {}) },
  stderr: "pipe",
});
let stderr = "";
transport.stderr?.on("data", (chunk) => {
  stderr += chunk.toString();
});
const transportErrors = [];
const client = new Client({ name: "swarm-mcp-it", version: "0.1.0" });
client.onerror = (error) => transportErrors.push(String(error?.stack ?? error));

const output = { server: null, steps: [], transport_errors: transportErrors, stderr: "" };
try {
  await client.connect(transport);
  output.server = {
    info: client.getServerVersion(),
    capabilities: client.getServerCapabilities(),
    instructions: client.getInstructions(),
  };
  for (const step of plan.steps) {
    const started = Date.now();
    const record = { op: step.op };
    try {
      if (step.op === "list") {
        record.tools = (await client.listTools()).tools;
      } else if (step.op === "call") {
        record.name = step.name;
        record.progress_notifications = 0;
        const options = { timeout: step.timeout_ms ?? 60000 };
        if (step.progress) {
          options.resetTimeoutOnProgress = true;
          options.onprogress = () => {
            record.progress_notifications += 1;
          };
        }
        record.result = await client.callTool({ name: step.name, arguments: step.arguments ?? {} }, undefined,
          options);
      } else {
        throw new Error(`unknown step ${step.op}`);
      }
    } catch (error) {
      record.error = { code: error?.code ?? null, message: String(error?.message ?? error) };
    }
    record.elapsed_ms = Date.now() - started;
    output.steps.push(record);
  }
} catch (error) {
  output.fatal = String(error?.stack ?? error);
} finally {
  await client.close().catch(() => {});
  output.stderr = stderr;
  process.stdout.write(JSON.stringify(output) + "\n");
}
