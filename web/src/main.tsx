import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { startI18n } from "./i18n/index.ts";
import "./styles.css";
import { App } from "./App.tsx";

// The strings of the reader's language (and, for Hindi, its font) come before the first render,
// so no page is ever drawn with keys or boxes in place of words.
void startI18n().then(() => {
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
