// The app's own file control around a native file input: a button and the chosen file's name in
// the app's language (the native control speaks the browser's), and on phones and tablets a
// "take a photo" button whose input asks for the rear camera (capture="environment"). The native
// input stays in the page, hidden, so that labels, tests and the photo picker keep using it;
// a photo from the camera is handed to it as if chosen there.
import { h } from '../shell/dom';
import './fields.css';

export interface FileControlLabels {
  choose: string;                    // "Elegir archivo…"
  camera: string;                    // "Tomar foto"
  none: string;                      // shown while no file is chosen
}

export interface FileControlOptions {
  testid: string;                    // the buttons are `${testid}-choose`, `-camera`; the name `-name`
  labels: FileControlLabels;
  camera?: boolean;                  // offer the camera (photos)
}

export interface FileControl {
  el: HTMLElement;
  refresh(): void;                   // shows the input's file again (after the input was reset)
}

export function fileControl(input: HTMLInputElement, o: FileControlOptions): FileControl {
  input.classList.add('file-native');
  input.tabIndex = -1;
  const name = h('span', { class: 'file-name muted small', 'data-testid': `${o.testid}-name` });
  const refresh = () => {
    const f = input.files?.[0];
    name.textContent = f ? f.name : o.labels.none;
  };
  const choose = h('button', { type: 'button', class: 'btn', 'data-testid': `${o.testid}-choose`, onclick: () => input.click() }, o.labels.choose);
  // The label of the field points at the native input; the button is what a keyboard reaches.
  input.addEventListener('focus', () => choose.focus());
  input.addEventListener('change', refresh);
  let camera: HTMLElement | null = null;
  if (o.camera) {
    const shoot = h('input', {
      type: 'file', accept: 'image/*', capture: 'environment', class: 'file-native', tabindex: -1,
      'data-testid': `${o.testid}-capture`,
    });
    shoot.addEventListener('change', () => {
      const files = shoot.files;
      if (!files || files.length === 0) return;
      const dt = new DataTransfer();
      for (const f of Array.from(files)) dt.items.add(f);
      input.files = dt.files;
      shoot.value = '';
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    camera = h('span', { class: 'file-camera' }, shoot,
      h('button', { type: 'button', class: 'btn', 'data-testid': `${o.testid}-camera`, onclick: () => shoot.click() }, o.labels.camera));
  }
  refresh();
  return { el: h('div', { class: 'file-control' }, input, choose, camera, name), refresh };
}
