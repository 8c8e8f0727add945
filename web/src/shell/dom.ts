// A small element builder. Text always goes in through textContent, never innerHTML, so data
// from the API cannot inject markup.
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | ((ev: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K, attrs: Attrs | null = null, ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (typeof v === 'function') {
        el.addEventListener(k.replace(/^on/, '').toLowerCase(), v);
      } else if (k === 'class') {
        el.className = String(v);
      } else if (k === 'style') {
        // The server's Content-Security-Policy (style-src 'self') refuses style attributes;
        // styles set through the CSSOM are allowed.
        el.style.cssText = String(v);
      } else if (v === true) {
        el.setAttribute(k, '');
      } else {
        el.setAttribute(k, String(v));
      }
    }
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: (Child | Child[])[]): void {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    // Anything that is not a DOM node is shown as text, so a field that arrives with an
    // unexpected type (an object where a string was expected) still renders instead of throwing.
    parent.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}
