// The page /visitor/… shows visitors who are not signed in.
class VisitorPage extends HTMLElement {
  connectedCallback() {
    const heading = document.createElement("h1");
    heading.textContent = `Welcome, visitor of ${window.location.pathname}`;
    this.replaceChildren(heading);
  }
}
if (!customElements.get("visitor-page")) customElements.define("visitor-page", VisitorPage);
