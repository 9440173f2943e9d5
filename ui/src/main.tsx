import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createPlatform, onRecordedData, PlatformError, NO_ENGINE_MESSAGE } from "./platform";
import { App } from "./App";
import "./styles.css";

const root = createRoot(document.getElementById("root")!);

// Inline, so that the production build (where this banner is dropped) holds no trace of it.
const RECORDED_BANNER: React.CSSProperties = {
  position: "fixed", bottom: 8, left: "50%", transform: "translateX(-50%)", zIndex: 1000, padding: "4px 12px",
  border: "1px solid var(--warn)", borderRadius: 6, background: "var(--warn-bg)", color: "var(--fg)", fontWeight: 600, pointerEvents: "none",
};

/** No engine (a production build outside its desktop app): say so, show no data. */
function NoEngine({ error }: { error: unknown }) {
  return (
    <div className="startup-gate" role="alert" data-testid="no-engine">
      <h1>No engine is connected</h1>
      <p>{error instanceof PlatformError ? error.message : NO_ENGINE_MESSAGE}</p>
      <p>Open AML Desk from its desktop app; a web browser cannot reach the case store or the services.</p>
    </div>
  );
}

createPlatform().then(
  (platform) => {
    root.render(
      <StrictMode>
        {onRecordedData() ? (
          <div role="status" data-testid="recorded-banner" style={RECORDED_BANNER}>
            Recorded data (development): answers recorded from the engine on the sandbox; actions that were not recorded fail.
          </div>
        ) : null}
        <App platform={platform} />
      </StrictMode>,
    );
  },
  (error: unknown) => root.render(<StrictMode><NoEngine error={error} /></StrictMode>),
);
