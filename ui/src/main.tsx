import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createPlatform } from "./platform";
import { App } from "./App";
import "./styles.css";

const root = createRoot(document.getElementById("root")!);
void createPlatform().then((platform) => {
  root.render(
    <StrictMode>
      <App platform={platform} />
    </StrictMode>,
  );
});
