// A face photo chosen in the browser, before it travels in a JSON body: what it is (by its first
// bytes), whether the API would take it, and its base64. No DOM here: web/test/migration.test.ts
// covers it.

// The API's limit on the decoded photo (src/migration/routes.cc, kMaxPhotoBytes).
export const MAX_PHOTO_BYTES = 6 * 1024 * 1024;
export const PHOTO_ACCEPT = 'image/jpeg,image/png';

// Standard base64 (RFC 4648 §4, with padding), the encoding the API decodes. Built in chunks so
// that a 6 MiB photo does not overflow the argument list of String.fromCharCode.
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

// What the file's first bytes say it is; the browser's file.type comes from the file name.
export function sniffImage(bytes: Uint8Array): 'jpeg' | 'png' | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((b, i) => bytes[i] === b)) return 'png';
  return null;
}

// Why a chosen file cannot be sent, or null when it can.
export function photoProblem(bytes: Uint8Array): 'empty' | 'type' | 'size' | null {
  if (bytes.length === 0) return 'empty';
  if (bytes.length > MAX_PHOTO_BYTES) return 'size';
  if (!sniffImage(bytes)) return 'type';
  return null;
}
