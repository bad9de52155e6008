// The export / import panel of a page: export it to a file (the file downloads once its
// job is done, its progress shown meanwhile), or import a Markdown or DOCX file as a
// new page, under this one for its editors, else at the top level.
import { html, nothing } from "lit";
import { property, state } from "lit/decorators.js";
import { navigate, t } from "@lasuite/shell";
import {
  atLeast,
  docsApi,
  EXPORT_FORMATS,
  importFile,
  type DocumentOut,
  type ExportFormat,
  type ImportFormat,
  type Job,
} from "./api";
import { announceChange, CREATE, DocsElement, may, reason } from "./base";

/** How often a running job's progress is read. */
const POLL_MS = 400;
const FINISHED = new Set(["succeeded", "failed", "dropped"]);

export class DocsTransfer extends DocsElement {
  @property({ attribute: false }) document!: DocumentOut;
  @state() private format: ExportFormat = "markdown";
  /** The job running, and what it does. */
  @state() private job: Job | null = null;
  @state() private doing: "export" | "import" | null = null;
  @state() private failure = "";
  @state() private downloadUrl = "";
  private stopped = false;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopped = true;
  }

  private get underThisPage(): boolean {
    return atLeast(this.document.my_role, "editor");
  }

  /** Follow the job until it ends; its result's URL, or null when it failed. */
  private async follow(job: Job): Promise<string | null> {
    this.job = job;
    while (!FINISHED.has(job.state)) {
      await new Promise((done) => setTimeout(done, POLL_MS));
      if (this.stopped) return null;
      job = await docsApi.job(job.id);
      this.job = job;
    }
    return job.state === "succeeded" ? job.result_url : null;
  }

  private async run(doing: "export" | "import", work: () => Promise<void>): Promise<void> {
    this.failure = "";
    this.downloadUrl = "";
    this.doing = doing;
    try {
      await work();
    } catch (error) {
      this.failure = reason(error);
    } finally {
      this.doing = null;
      this.job = null;
    }
  }

  private readonly exportPage = (event: SubmitEvent) => {
    event.preventDefault();
    void this.run("export", async () => {
      const started = await docsApi.exportTo(this.document.id, this.format);
      const url = await this.follow(await docsApi.job(started.job_id));
      if (!url) {
        this.failure = t("docs.transfer.failed");
        return;
      }
      this.downloadUrl = url;
      await this.updateComplete;
      this.querySelector<HTMLAnchorElement>(".docs-transfer__download")?.click();
    });
  };

  private readonly importPage = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const file = data.get("file");
    if (!(file instanceof File) || !file.name) return;
    const format: ImportFormat = /\.docx$/i.test(file.name) ? "docx" : "markdown";
    const parent = data.get("under") ? this.document.id : null;
    void this.run("import", async () => {
      const url = await this.follow(await importFile(file, format, parent));
      if (!url) {
        this.failure = t("docs.transfer.failed");
        return;
      }
      form.reset();
      announceChange(this);
      navigate(url);
    });
  };

  protected override render() {
    return html`<section class="docs-share docs-transfer" aria-labelledby="docs-transfer-title">
      <div class="docs-share__top">
        <h2 class="fr-h6" id="docs-transfer-title">${t("docs.transfer.title")}</h2>
        <button
          type="button"
          class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline"
          @click=${() => this.dispatchEvent(new CustomEvent("docs-transfer-close", { bubbles: true }))}
        >
          ${t("docs.share.close")}
        </button>
      </div>
      ${this.failure
        ? html`<div class="fr-alert fr-alert--error fr-alert--sm" role="alert"><p>${this.failure}</p></div>`
        : nothing}
      <form class="docs-share__add" @submit=${this.exportPage}>
        <div class="fr-select-group">
          <label class="fr-label" for="docs-export-format">${t("docs.transfer.format")}</label>
          <select
            class="fr-select"
            id="docs-export-format"
            .value=${this.format}
            @change=${(event: Event) => (this.format = (event.target as HTMLSelectElement).value as ExportFormat)}
          >
            ${EXPORT_FORMATS.map(
              (format) => html`<option value=${format} ?selected=${format === this.format}>
                ${t(`docs.transfer.formats.${format}`)}
              </option>`,
            )}
          </select>
        </div>
        <button class="fr-btn fr-btn--sm" type="submit" ?disabled=${this.doing !== null}>
          ${t("docs.transfer.export")}
        </button>
      </form>
      ${this.downloadUrl
        ? html`<p class="docs-muted" role="status">
            ${t("docs.transfer.ready")}
            <a class="docs-transfer__download" href=${this.downloadUrl} download>${t("docs.transfer.download")}</a>
          </p>`
        : nothing}
      ${may(CREATE)
        ? html`<form class="docs-share__add" @submit=${this.importPage}>
            <div class="fr-upload-group">
              <label class="fr-label" for="docs-import-file">
                ${t("docs.transfer.importFile")}
                <span class="fr-hint-text">${t("docs.transfer.importHint")}</span>
              </label>
              <input
                class="fr-upload"
                type="file"
                id="docs-import-file"
                name="file"
                accept=".md,.markdown,.txt,.docx,text/markdown,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                required
              />
            </div>
            ${this.underThisPage
              ? html`<div class="fr-checkbox-group fr-checkbox-group--sm">
                  <input type="checkbox" id="docs-import-under" name="under" checked />
                  <label class="fr-label" for="docs-import-under">${t("docs.transfer.under")}</label>
                </div>`
              : nothing}
            <button class="fr-btn fr-btn--sm fr-btn--secondary" type="submit" ?disabled=${this.doing !== null}>
              ${t("docs.transfer.import")}
            </button>
          </form>`
        : nothing}
      ${this.doing
        ? html`<div class="docs-transfer__progress" role="status">
            <label for="docs-transfer-progress">${t(`docs.transfer.${this.doing}ing`)}</label>
            <progress id="docs-transfer-progress" max="100" value=${this.job?.progress ?? 0}>
              ${this.job?.progress ?? 0}%
            </progress>
          </div>`
        : nothing}
    </section>`;
  }
}
