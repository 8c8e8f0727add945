// The thin bar at the top of the window: visible while any request or long task runs.
let active = 0;
let timer: number | undefined;

function render(): void {
  if (typeof document === 'undefined') return;   // unit tests run without a page
  const bar = document.getElementById('progress');
  if (!bar) return;
  // Shown after 120 ms so that quick requests do not flicker.
  window.clearTimeout(timer);
  if (active > 0) {
    timer = window.setTimeout(() => {
      bar.classList.add('active');
      bar.setAttribute('aria-hidden', 'false');
      bar.setAttribute('aria-busy', 'true');
    }, 120);
  } else {
    bar.classList.remove('active');
    bar.setAttribute('aria-hidden', 'true');
    bar.removeAttribute('aria-busy');
  }
}

export async function track<T>(work: Promise<T>): Promise<T> {
  active++;
  render();
  try {
    return await work;
  } finally {
    active--;
    render();
  }
}

export function busyCount(): number {
  return active;
}
