// The start-up's steps, marked for the start-up bench (src-tauri/benches/startup.rs).
performance.mark("tavolo:script");
import { mount } from "svelte";
import "./styles/tokens.css";
import "./styles/app.css";
import App from "./App.svelte";

const target = document.getElementById("app");
if (!target) throw new Error("missing #app element");

export default mount(App, { target });
