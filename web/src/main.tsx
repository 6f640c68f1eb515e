import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./i18n/index.ts";
import "./styles.css";
import { App } from "./App.tsx";

// Chromium lays out text met before a web font has loaded with a fallback, and does not always
// redo it once the font is there: Devanagari in the header stayed as empty boxes after a reload.
// So the Devanagari font (shipped with the app, cached after the first visit) is loaded first;
// the application starts anyway after a moment if it cannot be.
const devanagari = document.fonts.load('1em "Accord Devanagari"', "\u0915").catch(() => []);
const aMoment = new Promise((resolve) => setTimeout(resolve, 1500));

void Promise.race([devanagari, aMoment]).then(() => {
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
