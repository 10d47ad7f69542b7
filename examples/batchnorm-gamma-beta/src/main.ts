import { walkthrough } from "./walkthrough.js";

walkthrough((line) => process.stdout.write(`${line}\n`));
