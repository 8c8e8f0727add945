// A face photo chosen from a file input: checked on this side for type and size (the file's first
// bytes, 6 MiB), previewed, kept as base64 for a JSON body. Shared by the encounter form, the
// identify page and the watchlist entry form.
import { formatNumber } from '../lib/format';
import { bytesToBase64, PHOTO_ACCEPT, photoProblem } from '../lib/photo';
import { h } from '../shell/dom';
import { lang, t, type MessageKey } from '../shell/i18n';

export interface PhotoPicker {
  input: HTMLInputElement;           // goes in the page's field wrapper (labels, errors)
  row: HTMLElement;                  // preview, file name and size, "remove photo"
  preview: HTMLImageElement;
  value(): string | null;            // base64, or null when none is chosen
  url(): string | null;              // the preview's object URL while one is chosen
  reset(): void;
}

export interface PhotoPickerOptions {
  id: string;                        // the input's id (labels point at it)
  testid: string;
  noneText: string;                  // shown while no photo is chosen
  setError(message: string): void;   // the page's field error for the photo
  onCleanup(fn: () => void): void;   // the page's cleanup (revokes the preview URL)
  onChange?(): void;                 // after a photo is chosen or removed
}

export function photoPicker(o: PhotoPickerOptions): PhotoPicker {
  let photo: string | null = null;
  let previewUrl: string | null = null;
  const input = h('input', { id: o.id, type: 'file', accept: PHOTO_ACCEPT, 'data-testid': o.testid });
  const preview = h('img', { class: 'photo-preview', alt: t('photo.alt'), hidden: true, 'data-testid': 'photo-preview' });
  const info = h('span', { class: 'muted small' });
  const clear = h('button', { type: 'button', class: 'btn btn-small', hidden: true }, t('photo.remove'));
  const reset = () => {
    photo = null;
    input.value = '';
    if (previewUrl) URL.revokeObjectURL(previewUrl);
    previewUrl = null;
    preview.hidden = true;
    preview.removeAttribute('src');
    info.textContent = o.noneText;
    clear.hidden = true;
  };
  clear.addEventListener('click', () => { reset(); o.setError(''); o.onChange?.(); });
  o.onCleanup(() => { if (previewUrl) URL.revokeObjectURL(previewUrl); });
  input.addEventListener('change', async () => {
    o.setError('');
    const file = input.files?.[0];
    if (!file) { reset(); o.onChange?.(); return; }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const problem = photoProblem(bytes);
    if (problem) {
      reset();
      o.setError(t(`photo.problem.${problem}` as MessageKey));
      o.onChange?.();
      return;
    }
    photo = bytesToBase64(bytes);
    if (previewUrl) URL.revokeObjectURL(previewUrl);
    previewUrl = URL.createObjectURL(file);
    preview.src = previewUrl;
    preview.hidden = false;
    info.textContent = t('photo.info', { name: file.name, size: formatNumber(Math.ceil(bytes.length / 1024), lang()) });
    clear.hidden = false;
    o.onChange?.();
  });
  reset();
  const row = h('div', { class: 'photo-row' }, preview, h('div', { class: 'photo-meta' }, info, clear));
  return { input, row, preview, value: () => photo, url: () => previewUrl, reset };
}
