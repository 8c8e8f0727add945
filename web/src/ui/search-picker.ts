// A search picker: type, wait a moment, choose one of the answers with the mouse or the arrow
// keys and Enter. The caller searches (an API call) and draws each answer; the picker keeps
// only the latest answer (a slow earlier one is dropped) and says when nothing matched.
import { h } from '../shell/dom';
import './fields.css';

export interface SearchPickerLabels {
  searching: string;
  none: string;
  failed: string;
}

export interface SearchPickerOptions<T> {
  id: string;
  testid: string;                    // the input; answers are `${testid}-option`
  labels: SearchPickerLabels;
  placeholder?: string;
  minChars?: number;                 // default 2
  search(text: string): Promise<T[]>;
  option(item: T): Node;             // how an answer is drawn in the list
  label(item: T): string;            // what the input shows once it is chosen
  onPick(item: T | null): void;      // null when the text changes after a choice
}

export interface SearchPicker {
  el: HTMLElement;
  input: HTMLInputElement;
}

export function searchPicker<T>(o: SearchPickerOptions<T>): SearchPicker {
  const listId = `${o.id}-list`;
  const input = h('input', {
    id: o.id, type: 'search', role: 'combobox', autocomplete: 'off', spellcheck: 'false',
    'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId, 'data-testid': o.testid,
    placeholder: o.placeholder ?? null,
  });
  const box = h('ul', { id: listId, role: 'listbox', class: 'picker-list', hidden: true });
  let items: T[] = [];
  let active = -1;
  let timer = 0;
  let asked = 0;

  const show = (...children: Node[]) => {
    box.replaceChildren(...children);
    box.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  };
  const close = () => {
    box.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const pick = (item: T) => {
    input.value = o.label(item);
    close();
    o.onPick(item);
  };
  const highlight = (i: number) => {
    active = i;
    [...box.children].forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    const li = box.children[i];
    if (li) input.setAttribute('aria-activedescendant', li.id);
  };
  const run = async (text: string) => {
    const mine = ++asked;
    show(h('li', { class: 'picker-empty muted small' }, o.labels.searching));
    try {
      const found = await o.search(text);
      if (mine !== asked) return;
      items = found;
      active = -1;
      if (found.length === 0) {
        show(h('li', { class: 'picker-empty muted small', 'data-testid': `${o.testid}-none` }, o.labels.none));
        return;
      }
      show(...found.map((item, i) => h('li', {
        id: `${o.id}-opt-${i}`, role: 'option', 'aria-selected': 'false', class: 'picker-option', 'data-testid': `${o.testid}-option`,
        onmousedown: (ev: Event) => { ev.preventDefault(); pick(item); },
      }, o.option(item))));
    } catch {
      if (mine === asked) show(h('li', { class: 'picker-empty field-error' }, o.labels.failed));
    }
  };
  input.addEventListener('input', () => {
    o.onPick(null);
    window.clearTimeout(timer);
    items = [];
    const text = input.value.trim();
    if (text.length < (o.minChars ?? 2)) { asked++; close(); return; }
    timer = window.setTimeout(() => void run(text), 250);
  });
  input.addEventListener('keydown', (ev) => {
    if ((ev.key === 'ArrowDown' || ev.key === 'ArrowUp') && items.length > 0) {
      ev.preventDefault();
      const step = ev.key === 'ArrowDown' ? 1 : -1;
      highlight((active + step + items.length) % items.length);
    } else if (ev.key === 'Enter' && !box.hidden) {
      ev.preventDefault();
      const item = items[active] ?? (items.length === 1 ? items[0] : undefined);
      if (item !== undefined) pick(item);
    } else if (ev.key === 'Escape' && !box.hidden) {
      ev.preventDefault();
      close();
    }
  });
  input.addEventListener('blur', () => window.setTimeout(close, 150));
  return { el: h('span', { class: 'picker picker-wide' }, input, box), input };
}
