// A page whose code cannot be fetched (the network dropped, or a new release replaced the files
// this tab was started with) says so and offers a reload, instead of leaving a blank screen.
import { Component, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

function ReloadNotice() {
  const { t } = useTranslation();
  return (
    <div className="callout bad" role="alert" data-testid="chunk-failed">
      <p>{t("errors.pageLoad")}</p>
      <button type="button" onClick={() => window.location.reload()}>{t("errors.reload")}</button>
    </div>
  );
}

export class ChunkBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render(): ReactNode {
    return this.state.failed ? <ReloadNotice /> : this.props.children;
  }
}
