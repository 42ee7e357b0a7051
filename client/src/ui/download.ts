/** Saves what `href` points at (a `data:` or `blob:` URL) as a file named `fileName` ('' lets the browser choose). */
export function downloadHref(href: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = href;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
}

/** Saves a Blob as a file without a server round trip. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  downloadHref(url, fileName);
  // The download has read the URL long before; a minute leaves room for a slow save dialog.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
